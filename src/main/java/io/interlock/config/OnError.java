package io.interlock.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What the interceptor answers when a policy fails (timeout, memory, error, invalid decision). */
public enum OnError {
    /** DENY with the platform's generic message: the safe default for an auth gate. */
    DENY,
    /** ALLOW with nothing added: fail open. */
    ALLOW,
    /** HTTP 503, so the platform's own FAIL_OPEN / FAIL_CLOSED setting decides. */
    ERROR;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<OnError> parse(String value) {
        return Arrays.stream(values()).filter(v -> v.wire().equals(value.trim().toLowerCase(Locale.ROOT))).findFirst();
    }
}
