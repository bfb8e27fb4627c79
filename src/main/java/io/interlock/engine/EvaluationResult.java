package io.interlock.engine;

import io.interlock.decision.TriggerResponse;
import io.interlock.trigger.Trigger;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of running a chain once: either a validated decision or a failure, never both,
 * plus a trace per policy. {@code decidedBy} names the policy whose DENY ended the chain, or the
 * last policy for a merged ALLOW.
 */
public record EvaluationResult(
        Trigger trigger,
        Optional<TriggerResponse> response,
        Optional<Failure> failure,
        List<PolicyTrace> trace,
        Optional<String> decidedBy,
        double durationMs) {

    public boolean failed() {
        return failure.isPresent();
    }
}
