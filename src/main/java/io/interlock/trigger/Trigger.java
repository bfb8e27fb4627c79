package io.interlock.trigger;

import java.util.Arrays;
import java.util.Optional;

/**
 * The interceptor points of the platform whose request and response shapes are published (seed 000).
 *
 * <p>The platform also names POST_USER_AUTHENTICATION and ACCESS_TOKEN_CREATION without
 * published bodies; they are deliberately absent until their shapes are known, and callers
 * report them as unsupported rather than guessing.
 */
public enum Trigger {
    PRE_SIGNUP("pre-signup"),
    PRE_SESSION_CREATION("pre-session-creation"),
    PRE_USER_INVITATION("pre-user-invitation"),
    PRE_M2M_TOKEN_CREATION("pre-m2m-token-creation");

    /** {@code values()} copies its array on every call; this is read on every request. */
    private static final Trigger[] VALUES = values();

    private final String folder;

    Trigger(String folder) {
        this.folder = folder;
    }

    /** The exact, case-sensitive string the platform sends in {@code trigger_point}. */
    public String wireName() {
        return name();
    }

    /** The kebab-case folder under the policies directory that holds this trigger's chain. */
    public String folder() {
        return folder;
    }

    public static Optional<Trigger> fromWire(String value) {
        for (Trigger trigger : VALUES) {
            if (trigger.name().equals(value)) {
                return Optional.of(trigger);
            }
        }
        return Optional.empty();
    }

    public static Optional<Trigger> fromFolder(String value) {
        return Arrays.stream(values()).filter(t -> t.folder.equals(value)).findFirst();
    }
}
