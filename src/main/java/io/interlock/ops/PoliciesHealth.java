package io.interlock.ops;

import io.interlock.config.InterlockConfig;
import io.interlock.policy.LoadProblem;
import io.interlock.policy.PolicyOrigin;
import io.interlock.policy.PolicyRepository;
import io.interlock.trigger.Trigger;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ready once every trigger has a loaded chain and the start-up warm-up is over (or switched off),
 * so "ready" means the first call is not the slow one. Load errors of a newer version are shown
 * but do not make the service unready: it keeps answering with the last good chain.
 */
@Singleton
@Readiness
final class PoliciesHealth extends AbstractHealthIndicator<Map<String, Object>> {

    private final PolicyRepository policies;
    private final InterlockConfig config;

    PoliciesHealth(PolicyRepository policies, InterlockConfig config) {
        this.policies = policies;
        this.config = config;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        Map<String, Object> details = new LinkedHashMap<>();
        for (Trigger trigger : Trigger.values()) {
            var state = policies.state(trigger);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("loaded", state.active().isPresent());
            entry.put("files", state.active().map(a -> a.files().size()).orElse(0));
            entry.put("errors", state.problems().stream().map(LoadProblem::located).toList());
            details.put(trigger.wireName(), entry);
        }
        details.put("folder_errors", policies.folderProblems().stream().map(LoadProblem::located).toList());
        PolicyOrigin origin = policies.folder().origin();
        details.put("source", origin.wire());
        details.put("packaged_examples", origin == PolicyOrigin.PACKAGED_EXAMPLES);
        origin.warning().ifPresent(w -> details.put("warning", w));
        details.put("reload", config.reload());
        details.put("warmed_up", policies.warm());
        healthStatus = !loaded() ? HealthStatus.DOWN : policies.warm() ? HealthStatus.UP : WARMING_UP;
        return details;
    }

    /**
     * Loaded, and being warmed: not ready (503 on /health/readiness and /health), and said so
     * rather than DOWN, which would read as broken. Liveness does not look at it.
     */
    static final HealthStatus WARMING_UP = new HealthStatus("WARMING_UP",
            "the policies are loaded and being warmed up: calls are answered, more slowly", false, 500);

    /** Every trigger has a chain to answer with, and the chains are warm. */
    boolean ready() {
        return loaded() && policies.warm();
    }

    private boolean loaded() {
        for (Trigger trigger : Trigger.values()) {
            if (policies.chain(trigger).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    @Override
    protected String getName() {
        return "policies";
    }
}
