package io.interlock.policy;

import java.util.Locale;
import java.util.Optional;

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

    /**
     * What the start log, /health and /v1/policies say about this origin: only the packaged examples
     * need saying (a real sign-up once landed in an example organization).
     */
    public Optional<String> warning() {
        return this != PACKAGED_EXAMPLES ? Optional.empty() : Optional.of("serving the EXAMPLE policies packaged in the "
                + "jar (no ./policies folder here, and INTERLOCK_POLICIES is not set): they let made-up domains into "
                + "made-up organizations. For anything but a first try, set INTERLOCK_POLICIES to your policies folder");
    }
}
