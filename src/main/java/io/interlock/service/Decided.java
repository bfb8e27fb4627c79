package io.interlock.service;

import io.interlock.config.OnError;
import io.interlock.decision.TriggerResponse;
import io.interlock.engine.EvaluationResult;
import io.interlock.policy.PolicyFile;
import java.util.List;
import java.util.Optional;

/**
 * A finished call: the engine's result, the answer to send (empty when on-error=error asks
 * for a 503), which failure handling applied, and the files of the chain that ran.
 */
public record Decided(
        EvaluationResult result,
        Optional<TriggerResponse> answer,
        Optional<OnError> appliedOnError,
        List<PolicyFile> files) {

    /** The answer's ALLOW or DENY, or null when there is no answer (the 503 of on-error=error). */
    public String decision() {
        return answer.map(a -> a.verdict().name()).orElse(null);
    }
}
