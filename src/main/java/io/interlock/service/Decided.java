package io.interlock.service;

import io.interlock.config.OnError;
import io.interlock.decision.TriggerResponse;
import io.interlock.engine.EvaluationResult;
import io.interlock.policy.PolicyFile;
import java.util.List;
import java.util.Optional;

/**
 * A finished call: the engine's result, the answer to send (empty when on-error=error asks
 * for a 503), which failure handling applied, the files of the chain that ran, and its version
 * (absent for a dry run of drafts).
 */
public record Decided(
        EvaluationResult result,
        Optional<TriggerResponse> answer,
        Optional<OnError> appliedOnError,
        List<PolicyFile> files,
        Optional<io.interlock.policy.ChainVersion> version) {

    /** A call no chain of the folder made (a dry run of drafts), or whose version is not known. */
    public Decided(EvaluationResult result, Optional<TriggerResponse> answer, Optional<OnError> appliedOnError,
            List<PolicyFile> files) {
        this(result, answer, appliedOnError, files, Optional.empty());
    }

    /** The same call, recorded as made by {@code version} of the chain. */
    public Decided madeBy(Optional<io.interlock.policy.ChainVersion> version) {
        return new Decided(result, answer, appliedOnError, files, version);
    }

    /** The answer's ALLOW or DENY, or null when there is no answer (the 503 of on-error=error). */
    public String decision() {
        return answer.map(a -> a.verdict().name()).orElse(null);
    }
}
