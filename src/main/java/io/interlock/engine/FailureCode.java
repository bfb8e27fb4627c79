package io.interlock.engine;

import java.util.Locale;

/** Stable failure codes; their snake_case names are part of the API and the decision log. */
public enum FailureCode {
    POLICY_TIMEOUT,
    POLICY_MEMORY,
    POLICY_ERROR,
    INVALID_DECISION,
    NO_POLICY,
    /**
     * Not run: the same input stalled the chain in a built-in that cannot be interrupted, or the
     * trigger or the service has as many evaluations stuck as it allows (see the service's StallGuard).
     */
    POLICY_QUARANTINED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
