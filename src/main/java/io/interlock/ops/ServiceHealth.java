package io.interlock.ops;

import io.interlock.config.InterlockConfig;
import io.interlock.service.DryRunPool;
import io.interlock.service.EvaluationPool;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the interceptor URL is exposed (signed, unsigned or refusing everything for want of a
 * secret) and how busy the evaluation pool is. Saturation is reported, not turned into DOWN:
 * a full pool sheds load with 503 by itself, and flapping health would only add restarts.
 */
@Singleton
final class ServiceHealth extends AbstractHealthIndicator<Map<String, Object>> {

    private final InterlockConfig config;
    private final EvaluationPool pool;
    private final EvaluationPool dryRuns;

    ServiceHealth(InterlockConfig config, EvaluationPool pool, DryRunPool dryRuns) {
        this.config = config;
        this.pool = pool;
        this.dryRuns = dryRuns.pool();
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("signing", signing());
        if (config.allowUnsigned()) {
            details.put("warning", "INTERLOCK_ALLOW_UNSIGNED=true: unsigned calls are accepted (development only)");
        } else if (config.signingSecrets().isEmpty()) {
            details.put("warning", "no INTERLOCK_SIGNING_SECRETS: every call to /v1/intercept is answered 401");
        }
        details.put("pool", saturation(pool, config.queue()));
        details.put("dry_run_pool", saturation(dryRuns, config.dryRunQueue()));
        healthStatus = HealthStatus.UP;
        return details;
    }

    private static Map<String, Object> saturation(EvaluationPool pool, int queue) {
        int capacity = pool.workers() + queue;
        int busy = pool.active() + pool.queued();
        return Map.of("workers", pool.workers(), "active", pool.active(), "queued", pool.queued(),
                "queue_capacity", queue, "saturation", capacity == 0 ? 0.0 : Math.round(100.0 * busy / capacity) / 100.0);
    }

    private String signing() {
        if (config.allowUnsigned()) {
            return "unsigned_allowed";
        }
        return config.signingSecrets().isEmpty() ? "no_secret" : "verified";
    }

    @Override
    protected String getName() {
        return "interceptor";
    }
}
