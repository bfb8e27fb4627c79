package io.interlock.decision;

import java.util.List;
import java.util.Objects;

/** The outcome of checking a policy's result: a typed response, or every rule it broke. */
public sealed interface Validation permits Validation.Valid, Validation.Invalid {

    record Valid(TriggerResponse response) implements Validation {
        public Valid {
            Objects.requireNonNull(response, "response");
        }
    }

    /** Violations in a stable order: the order the validator walks the result. */
    record Invalid(List<Violation> violations) implements Validation {
        public Invalid {
            violations = List.copyOf(violations);
            if (violations.isEmpty()) {
                throw new IllegalArgumentException("an invalid result names at least one violation");
            }
        }
    }
}
