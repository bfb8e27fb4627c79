package io.interlock.engine;

import io.interlock.decision.ValidationOptions;
import io.interlock.trigger.Trigger;
import java.util.Map;

/**
 * How the engine runs policies: limits per evaluation (with per-trigger overrides), bounds on
 * captured console output, the decision validation options, the secrets Auth0 Actions read, and
 * how many prepared contexts each chain keeps and when they are recycled.
 */
public record EngineSettings(
        Limits limits,
        Map<Trigger, Limits> triggerLimits,
        int maxConsoleLines,
        int maxConsoleLineLength,
        ValidationOptions validation,
        Ticker ticker,
        ActionSecrets secrets,
        Contexts contexts) {

    public static final long DEFAULT_TIMEOUT_MS = 500;
    public static final long DEFAULT_MEMORY_MB = 256;

    /**
     * Prepared contexts: {@code perChain} kept ready for each chain (one per evaluation thread
     * plus a spare, so a call never waits for one to be built), each retired after
     * {@code recycleAfterEvaluations} evaluations or once its evaluations allocated
     * {@code recycleAfterBytes} in all (an upper bound on what a policy can pin in it).
     */
    public record Contexts(int perChain, int recycleAfterEvaluations, long recycleAfterBytes) {
        public Contexts {
            if (perChain < 1 || recycleAfterEvaluations < 1 || recycleAfterBytes < 1) {
                throw new IllegalArgumentException("context settings must be positive");
            }
        }

        public static Contexts forWorkers(int workers) {
            return new Contexts(workers + 1, 100_000, 256L * 1024 * 1024);
        }

        ChainContext.Recycling recycling() {
            return new ChainContext.Recycling(recycleAfterEvaluations, recycleAfterBytes);
        }
    }

    public EngineSettings {
        triggerLimits = Map.copyOf(triggerLimits);
        secrets = secrets == null ? ActionSecrets.none() : secrets;
        contexts = contexts == null ? Contexts.forWorkers(Runtime.getRuntime().availableProcessors()) : contexts;
    }

    /** Settings without Action secrets and with the default context pool. */
    public EngineSettings(Limits limits, Map<Trigger, Limits> triggerLimits, int maxConsoleLines,
            int maxConsoleLineLength, ValidationOptions validation, Ticker ticker) {
        this(limits, triggerLimits, maxConsoleLines, maxConsoleLineLength, validation, ticker, ActionSecrets.none(), null);
    }

    public static EngineSettings defaults() {
        return new EngineSettings(Limits.of(DEFAULT_TIMEOUT_MS, DEFAULT_MEMORY_MB), Map.of(), 100, 1000,
                ValidationOptions.defaults(), Ticker.system());
    }

    public EngineSettings withLimits(Limits newLimits) {
        return new EngineSettings(newLimits, triggerLimits, maxConsoleLines, maxConsoleLineLength, validation, ticker, secrets,
                contexts);
    }

    public EngineSettings withTicker(Ticker newTicker) {
        return new EngineSettings(limits, triggerLimits, maxConsoleLines, maxConsoleLineLength, validation, newTicker, secrets,
                contexts);
    }

    public EngineSettings withValidation(ValidationOptions options) {
        return new EngineSettings(limits, triggerLimits, maxConsoleLines, maxConsoleLineLength, options, ticker, secrets,
                contexts);
    }

    public EngineSettings withSecrets(ActionSecrets newSecrets) {
        return new EngineSettings(limits, triggerLimits, maxConsoleLines, maxConsoleLineLength, validation, ticker, newSecrets,
                contexts);
    }

    public EngineSettings withContexts(Contexts newContexts) {
        return new EngineSettings(limits, triggerLimits, maxConsoleLines, maxConsoleLineLength, validation, ticker, secrets,
                newContexts);
    }

    public Limits limitsFor(Trigger trigger) {
        return triggerLimits.getOrDefault(trigger, limits);
    }
}
