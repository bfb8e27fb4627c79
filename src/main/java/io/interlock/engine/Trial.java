package io.interlock.engine;

import java.util.List;
import java.util.Optional;

/**
 * A chain run once on each of its samples before it serves, recorded nowhere: which samples it
 * decided (ALLOW or DENY alike) and which failed, how. A sample that stopped at a time or memory
 * limit ends the trial ({@code untried} counts the samples left), as each would cost the limit.
 */
public record Trial(List<Outcome> outcomes, int untried) {

    /** One sample's run. */
    public record Outcome(Sample sample, EvaluationResult result) {
        /** The failure, or none when the chain decided. */
        public Optional<Failure> failure() {
            return result.failure();
        }
    }

    public Trial {
        outcomes = List.copyOf(outcomes);
    }

    /** Whether the chain failed on every sample it was tried on (and was tried on at least one). */
    public boolean failsOnEvery() {
        return !outcomes.isEmpty() && outcomes.stream().allMatch(o -> o.failure().isPresent());
    }

    public List<Outcome> failures() {
        return outcomes.stream().filter(o -> o.failure().isPresent()).toList();
    }

    /** The samples worth running again: every one tried that did not stop at a limit. */
    List<Sample> repeatable() {
        return outcomes.stream().filter(o -> o.failure().map(f -> !stoppedAtLimit(f)).orElse(true))
                .map(Outcome::sample).toList();
    }

    static boolean stoppedAtLimit(Failure failure) {
        return failure.code() == FailureCode.POLICY_TIMEOUT || failure.code() == FailureCode.POLICY_MEMORY;
    }
}
