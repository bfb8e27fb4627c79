package io.interlock.service;

import io.interlock.config.ShadowSettings;
import io.interlock.config.StallSettings;
import io.interlock.engine.Ticker;
import io.interlock.trigger.Trigger;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The workers that run shadow chains, apart from the interceptor's and the dry runs': a shadow
 * run starts once the live answer is built and never holds a live worker. When its workers and
 * queue are taken the run is skipped, and counted per trigger: a shadow is a sample of the
 * traffic, never a reason to slow it. Its own stall guard: a shadow policy that stalls in a
 * built-in is quarantined here and never makes the interceptor refuse a call.
 */
public final class ShadowPool implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("interlock");
    /** How long a stop waits for shadow runs queued or running before their calls are recorded without them. */
    static final long DRAIN_MILLIS = 2_000;

    private final EvaluationPool pool;
    private final Map<Trigger, AtomicLong> skipped = new EnumMap<>(Trigger.class);
    private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();

    public ShadowPool(ShadowSettings settings, StallSettings stalls, Ticker ticker) {
        this.pool = new EvaluationPool("interlock-shadow-", settings.workers(), settings.queue(), new StallGuard(stalls, ticker),
                ticker, true);
        for (Trigger trigger : Trigger.values()) {
            skipped.put(trigger, new AtomicLong());
        }
    }

    /**
     * Runs the trigger's shadow chain through {@code decisions}; empty when it has none. The future
     * fails with {@link Overloaded} when the run was skipped (pool full, or stopping), which is counted.
     */
    public Optional<CompletableFuture<Decided>> run(DecisionService decisions, Trigger trigger,
            com.fasterxml.jackson.databind.JsonNode payload, String payloadJson) {
        Optional<CompletableFuture<Decided>> run = decisions.submitShadow(pool, trigger, payload, payloadJson);
        run.ifPresent(future -> {
            if (future.isCompletedExceptionally()) {
                skipped.get(trigger).incrementAndGet();
                return;
            }
            pending.add(future);
            future.whenComplete((value, failure) -> pending.remove(future));
        });
        return run;
    }

    /** Shadow runs of {@code trigger} skipped because the pool was full, since start. */
    public long skipped(Trigger trigger) {
        return skipped.get(trigger).get();
    }

    public EvaluationPool pool() {
        return pool;
    }

    /**
     * Lets queued and running shadow runs finish for a moment, then fails what is left, so each
     * of their calls is still recorded (without its shadow) rather than lost with the queue.
     */
    @Override
    public void close() {
        try {
            pool.drain(DRAIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pool.close();
        if (!pending.isEmpty()) {
            LOG.warn("stopping: {} shadow runs not finished; their calls are recorded without them", pending.size());
        }
        for (CompletableFuture<?> future : pending) {
            future.completeExceptionally(new Overloaded());
        }
    }
}
