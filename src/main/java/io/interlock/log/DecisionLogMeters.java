package io.interlock.log;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;

/**
 * Makes a sink that falls behind visible on /metrics
 * ({@code interlock_decision_log_dropped_total}), not only in a warning line that may itself
 * be lost in the same overloaded log pipeline.
 */
@Context
@Requires(beans = MeterRegistry.class)
final class DecisionLogMeters {

    DecisionLogMeters(DecisionLog log, MeterRegistry registry) {
        FunctionCounter.builder("interlock.decision.log.dropped", log, DecisionLog::droppedEvents)
                .description("Decision events not written to the log sink (queue full, write failed); still in the store")
                .register(registry);
    }
}
