package io.interlock.engine;

import java.time.Duration;

/** Hard limits for one evaluation of a chain. */
public record Limits(Duration timeout, long memoryBytes) {
    public Limits {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        if (memoryBytes <= 0) {
            throw new IllegalArgumentException("memory must be positive");
        }
    }

    /**
     * Loading a module and warming a chain run on a cold JVM, where the first context alone can
     * take longer than a request's limit; they still must end, so they get a longer bound.
     */
    static final Duration LOADING_TIMEOUT = Duration.ofSeconds(10);

    Limits forLoading() {
        return timeout.compareTo(LOADING_TIMEOUT) >= 0 ? this : new Limits(LOADING_TIMEOUT, memoryBytes);
    }

    /**
     * Preparing a context runs only the engine's own code (harness, lockdown, compiling the
     * factories), never a policy's; the bound is a safety net for a machine under heavy load, not
     * a limit on anyone's code.
     */
    static final Duration PREPARATION_TIMEOUT = Duration.ofSeconds(120);

    Limits forPreparation() {
        return timeout.compareTo(PREPARATION_TIMEOUT) >= 0 ? this : new Limits(PREPARATION_TIMEOUT, memoryBytes);
    }

    public static Limits of(long timeoutMs, long memoryMb) {
        return new Limits(Duration.ofMillis(timeoutMs), memoryMb * 1024 * 1024);
    }
}
