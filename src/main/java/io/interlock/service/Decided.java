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
}
