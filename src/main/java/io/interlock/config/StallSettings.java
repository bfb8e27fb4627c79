package io.interlock.config;

import java.time.Duration;

/**
 * Bounds on evaluations stuck in built-ins that cannot be interrupted (the service's StallGuard):
 * {@code perTrigger} different inputs of one trigger stuck at once, {@code maxStuck} threads
 * stuck at once in a pool, {@code coolDown} the quarantine of an input after its stuck evaluation
 * came out.
 */
public record StallSettings(int perTrigger, int maxStuck, Duration coolDown) {
    public StallSettings {
        if (perTrigger < 1 || maxStuck < 1 || coolDown.isNegative()) {
            throw new IllegalArgumentException("stall settings must be positive");
        }
    }

    /**
     * Each stuck thread burns a core until its built-in returns. Two inputs per trigger (half the
     * cores on larger machines) keep one stalling request from refusing its trigger for everyone;
     * twice the cores in all leaves the healthy workers a third of the CPU or more when every
     * stuck thread and every worker wants it.
     */
    public static StallSettings defaults(int cores) {
        return new StallSettings(Math.max(2, cores / 2), 2 * Math.max(1, cores), Duration.ofSeconds(60));
    }
}
