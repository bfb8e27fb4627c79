package io.interlock.engine;

import java.util.Locale;

/** Stable failure codes; their snake_case names are part of the API and the decision log. */
public enum FailureCode {
    POLICY_TIMEOUT,
    POLICY_MEMORY,
    POLICY_ERROR,
    INVALID_DECISION,
    NO_POLICY;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
