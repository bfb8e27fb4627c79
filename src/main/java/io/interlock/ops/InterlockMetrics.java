package io.interlock.ops;

import io.interlock.engine.EvaluationResult;
import io.interlock.engine.FailureCode;
import io.interlock.service.EvaluationPool;
import io.interlock.trigger.Trigger;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Interlock's own meters, named so the Prometheus registry renders them by convention:
 * {@code interlock.decisions} becomes {@code interlock_decisions_total}, timers become
 * {@code _seconds} histograms. Tags stay low-cardinality (trigger, decision, failure code,
 * status), never user data.
 */
@Singleton
public final class InterlockMetrics {

    private final MeterRegistry registry;

    InterlockMetrics(MeterRegistry registry, EvaluationPool pool) {
        this.registry = registry;
        Gauge.builder("interlock.pool.queue.depth", pool, EvaluationPool::queued)
                .description("Calls waiting for an evaluation worker").register(registry);
        Gauge.builder("interlock.pool.active", pool, EvaluationPool::active)
                .description("Evaluation workers busy").register(registry);
        Gauge.builder("interlock.pool.workers", pool, EvaluationPool::workers)
                .description("Evaluation workers configured").register(registry);
        Gauge.builder("interlock.pool.stuck", pool, EvaluationPool::stuck)
                .description("Workers still finishing a built-in that cannot be interrupted, replaced meanwhile").register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("interlock.evaluations.stuck", pool, EvaluationPool::stuckTotal)
                .description("Calls answered at their deadline while their worker was stuck in a built-in").register(registry);
    }

    /** One answered call; {@code result} is null when no policy ran (overload). */
    void decision(String source, Trigger trigger, String decision, EvaluationResult result) {
        String failure = result == null ? "overloaded"
                : result.failure().map(f -> f.code().code()).orElse("none");
        Counter.builder("interlock.decisions").description("Calls answered, by trigger, decision and failure code")
                .tag("source", source).tag("trigger", trigger.wireName())
                .tag("decision", decision == null ? "none" : decision).tag("failure", failure)
                .register(registry).increment();
        if (result == null) {
            return;
        }
        Timer.builder("interlock.evaluation").description("Time to run a trigger's policy chain")
                .tag("trigger", trigger.wireName()).publishPercentileHistogram()
                .register(registry).record(Duration.ofNanos((long) (result.durationMs() * 1_000_000)));
        result.failure().ifPresent(f -> {
            if (f.code() == FailureCode.POLICY_TIMEOUT) {
                count("interlock.policy.timeouts", "Evaluations stopped at their time limit", trigger);
            } else if (f.code() == FailureCode.POLICY_MEMORY) {
                count("interlock.policy.memory.kills", "Evaluations stopped at their memory limit", trigger);
            }
        });
    }

    /** One call to the interceptor URL, whatever its outcome. */
    void request(int status, long nanos) {
        Timer.builder("interlock.requests").description("Interceptor URL calls, by HTTP status")
                .tag("status", Integer.toString(status)).publishPercentileHistogram()
                .register(registry).record(Duration.ofNanos(nanos));
        if (status >= 400) {
            Counter.builder("interlock.rejected.requests").description("Interceptor URL calls refused, by HTTP status")
                    .tag("status", Integer.toString(status)).register(registry).increment();
        }
    }

    public void reload(int problems) {
        Counter.builder("interlock.policy.reloads").description("Policy folder changes picked up")
                .register(registry).increment();
        if (problems > 0) {
            Counter.builder("interlock.policy.load.errors").description("Policy files that failed to load on a reload")
                    .register(registry).increment(problems);
        }
    }

    private void count(String name, String description, Trigger trigger) {
        Counter.builder(name).description(description).tag("trigger", trigger.wireName()).register(registry).increment();
    }
}
