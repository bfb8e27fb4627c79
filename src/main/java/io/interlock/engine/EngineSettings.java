package io.interlock.engine;

import io.interlock.decision.ValidationOptions;
import io.interlock.trigger.Trigger;
import java.util.Map;

/**
 * How the engine runs policies: limits per evaluation (with per-trigger overrides), bounds on
 * captured console output, and the decision validation options.
 */
public record EngineSettings(
        Limits limits,
        Map<Trigger, Limits> triggerLimits,
        int maxConsoleLines,
        int maxConsoleLineLength,
        ValidationOptions validation,
        Ticker ticker) {

    public static final long DEFAULT_TIMEOUT_MS = 500;
    public static final long DEFAULT_MEMORY_MB = 256;

    public EngineSettings {
        triggerLimits = Map.copyOf(triggerLimits);
    }

    public static EngineSettings defaults() {
        return new EngineSettings(Limits.of(DEFAULT_TIMEOUT_MS, DEFAULT_MEMORY_MB), Map.of(), 100, 1000,
                ValidationOptions.defaults(), Ticker.system());
    }

    public EngineSettings withLimits(Limits newLimits) {
        return new EngineSettings(newLimits, triggerLimits, maxConsoleLines, maxConsoleLineLength, validation, ticker);
    }

    public EngineSettings withTicker(Ticker newTicker) {
        return new EngineSettings(limits, triggerLimits, maxConsoleLines, maxConsoleLineLength, validation, newTicker);
    }

    public EngineSettings withValidation(ValidationOptions options) {
        return new EngineSettings(limits, triggerLimits, maxConsoleLines, maxConsoleLineLength, options, ticker);
    }

    public Limits limitsFor(Trigger trigger) {
        return triggerLimits.getOrDefault(trigger, limits);
    }
}
