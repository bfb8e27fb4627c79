package io.interlock.log;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;

/**
 * Makes a sink or a decision database that falls behind visible on /metrics
 * ({@code interlock_decision_log_dropped_total}, {@code interlock_decision_store_buffered}), not
 * only in a warning line that may itself be lost in the same overloaded log pipeline.
 */
@Context
@Requires(beans = MeterRegistry.class)
final class DecisionLogMeters {

    DecisionLogMeters(DecisionLog log, MeterRegistry registry) {
        FunctionCounter.builder("interlock.decision.log.dropped", log, DecisionLog::droppedEvents)
                .description("Decision events not written to the log sink or not stored (buffer full, write refused)")
                .register(registry);
        Gauge.builder("interlock.decision.store.buffered", log, DecisionLog::storeBuffered)
                .description("Decision events waiting to be written to the decision database (0 with INTERLOCK_DECISION_DB=none)")
                .register(registry);
    }
}
