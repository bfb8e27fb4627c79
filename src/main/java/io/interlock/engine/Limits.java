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

    public static Limits of(long timeoutMs, long memoryMb) {
        return new Limits(Duration.ofMillis(timeoutMs), memoryMb * 1024 * 1024);
    }
}
