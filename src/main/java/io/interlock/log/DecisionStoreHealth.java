package io.interlock.log;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The decision store on {@code /health}: where it is, whether writing works, what waits and
 * what was dropped. A failing database is reported as degraded, never as DOWN: the service
 * still decides every call, and a health check that failed every replica at once because their
 * shared database is away would turn a logging outage into a sign-in outage.
 */
@Singleton
final class DecisionStoreHealth extends AbstractHealthIndicator<Map<String, Object>> {

    private final DecisionLog log;

    DecisionStoreHealth(DecisionLog log) {
        this.log = log;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        DecisionStore.Status s = log.storeStatus();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("kind", s.kind());
        details.put("location", s.location());
        details.put("state", s.state());
        if (s.problem() != null) {
            details.put("problem", s.problem());
        }
        if (s.since() != null) {
            details.put("since", DateTimeFormatter.ISO_INSTANT.format(s.since()));
        }
        boolean memory = s.kind().equals(MemoryStore.KIND);
        details.put(memory ? "events" : "buffered", s.held());
        details.put(memory ? "capacity" : "buffer_capacity", s.capacity());
        details.put("dropped", s.dropped());
        details.put("keeps", log.storeKeeps());
        healthStatus = s.state().equals("ok") ? HealthStatus.UP : DEGRADED;
        return details;
    }

    /** Operational (the overall health stays 200 and UP), but shown as what it is. */
    static final HealthStatus DEGRADED = new HealthStatus("DEGRADED", "decisions are buffered or dropped", true, null);

    @Override
    protected String getName() {
        return "decision_store";
    }
}
