package io.interlock.policy;

import java.util.Locale;

/**
 * Where the service's policies come from. The examples packaged in the jar make the README's
 * first try work anywhere, and must never be what a deployment serves without saying so.
 */
public enum PolicyOrigin {
    /** INTERLOCK_POLICIES. */
    SETTING,
    /** ./policies, INTERLOCK_POLICIES being unset. */
    WORKING_DIRECTORY,
    /** Neither: the example policies inside the jar. */
    PACKAGED_EXAMPLES;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
