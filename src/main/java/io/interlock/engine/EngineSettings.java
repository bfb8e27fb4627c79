package io.interlock.engine;

import io.interlock.decision.ValidationOptions;
import io.interlock.trigger.Trigger;
import java.util.Map;

/**
 * How the engine runs policies: limits per evaluation (with per-trigger overrides), bounds on
 * captured console output, the decision validation options, and the secrets Auth0 Actions read.
 */
public record EngineSettings(
        Limits limits,
        Map<Trigger, Limits> triggerLimits,
        int maxConsoleLines,
        int maxConsoleLineLength,
        ValidationOptions validation,
        Ticker ticker,
        ActionSecrets secrets) {

    public static final long DEFAULT_TIMEOUT_MS = 500;
    public static final long DEFAULT_MEMORY_MB = 256;

    public EngineSettings {
        triggerLimits = Map.copyOf(triggerLimits);
        secrets = secrets == null ? ActionSecrets.none() : secrets;
    }

    /** Settings without Action secrets. */
    public EngineSettings(Limits limits, Map<Trigger, Limits> triggerLimits, int maxConsoleLines,
            int maxConsoleLineLength, ValidationOptions validation, Ticker ticker) {
        this(limits, triggerLimits, maxConsoleLines, maxConsoleLineLength, validation, ticker, ActionSecrets.none());
    }

    public static EngineSettings defaults() {
        return new EngineSettings(Limits.of(DEFAULT_TIMEOUT_MS, DEFAULT_MEMORY_MB), Map.of(), 100, 1000,
                ValidationOptions.defaults(), Ticker.system());
    }

    public EngineSettings withLimits(Limits newLimits) {
        return new EngineSettings(newLimits, triggerLimits, maxConsoleLines, maxConsoleLineLength, validation, ticker, secrets);
    }

    public EngineSettings withTicker(Ticker newTicker) {
        return new EngineSettings(limits, triggerLimits, maxConsoleLines, maxConsoleLineLength, validation, newTicker, secrets);
    }

    public EngineSettings withValidation(ValidationOptions options) {
        return new EngineSettings(limits, triggerLimits, maxConsoleLines, maxConsoleLineLength, options, ticker, secrets);
    }

    public EngineSettings withSecrets(ActionSecrets newSecrets) {
        return new EngineSettings(limits, triggerLimits, maxConsoleLines, maxConsoleLineLength, validation, ticker, newSecrets);
    }

    public Limits limitsFor(Trigger trigger) {
        return triggerLimits.getOrDefault(trigger, limits);
    }
}
