package io.interlock.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * A worker stuck in work that cannot be interrupted: its caller is answered at the deadline, the
 * pool keeps its width meanwhile, and shrinks back once the worker is free. The stuck work blocks
 * on a latch, so the deadline passing is certain whatever the machine's speed; waits are bounds.
 */
class EvaluationPoolTest {

    private static final Duration SHORT = Duration.ofMillis(20);
    private static final Duration LONG = Duration.ofMinutes(5);
    private static final long BOUND_S = 30;

    @Test
    void aStuckCallIsAnsweredAtItsDeadlineAndItsWorkerReplaced() throws Exception {
        try (EvaluationPool pool = new EvaluationPool(1, 4)) {
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<String> stuck = pool.submit(() -> blockUntil(release, "finished late"), SHORT,
                    () -> "answered at the deadline");
            assertEquals("answered at the deadline", stuck.get(BOUND_S, TimeUnit.SECONDS));
            assertEquals(1, pool.stuck());
            assertEquals(1, pool.stuckTotal());

            // The only worker is busy, yet the next call runs: a replacement thread took its place.
            assertEquals("ok", pool.submit(() -> "ok", LONG, () -> "stuck too").get(BOUND_S, TimeUnit.SECONDS));

            release.countDown();
            awaitCondition(() -> pool.stuck() == 0);
            assertEquals("answered at the deadline", stuck.get());
        }
    }

    @Test
    void aCallFinishingInTimeKeepsItsOwnAnswer() throws Exception {
        try (EvaluationPool pool = new EvaluationPool(1, 4)) {
            assertEquals("done", pool.submit(() -> "done", LONG, () -> "stuck").get(BOUND_S, TimeUnit.SECONDS));
            assertEquals(0, pool.stuckTotal());
        }
    }

    @Test
    void replacementsAreBoundedByTheWorkerCount() throws Exception {
        try (EvaluationPool pool = new EvaluationPool(1, 4)) {
            CountDownLatch release = new CountDownLatch(1);
            for (int i = 0; i < 2; i++) {
                assertEquals("deadline", pool.submit(() -> blockUntil(release, "late"), SHORT, () -> "deadline")
                        .get(BOUND_S, TimeUnit.SECONDS));
            }
            // Two stuck, one replacement allowed: no worker is free, so the next call waits in the queue.
            assertEquals(2, pool.stuck());
            CompletableFuture<String> queued = pool.submit(() -> "ran", LONG, () -> "stuck");
            assertEquals(1, pool.queued());
            release.countDown();
            assertEquals("ran", queued.get(BOUND_S, TimeUnit.SECONDS));
            awaitCondition(() -> pool.stuck() == 0);
        }
    }

    @Test
    void aFullPoolAndQueueRefuseAtOnce() throws Exception {
        try (EvaluationPool pool = new EvaluationPool(1, 1)) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch started = new CountDownLatch(1);
            CompletableFuture<String> running = pool.submit(() -> {
                started.countDown();
                return blockUntil(release, "x");
            }, LONG, () -> "stuck");
            started.await(BOUND_S, TimeUnit.SECONDS);
            CompletableFuture<String> waiting = pool.submit(() -> "queued", LONG, () -> "stuck");
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> pool.submit(() -> "y", LONG, () -> "stuck").get(BOUND_S, TimeUnit.SECONDS));
            assertInstanceOf(Overloaded.class, refused.getCause());
            release.countDown();
            assertEquals("x", running.get(BOUND_S, TimeUnit.SECONDS));
            assertEquals("queued", waiting.get(BOUND_S, TimeUnit.SECONDS));
        }
    }

    private static String blockUntil(CountDownLatch latch, String value) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return value;
    }

    /** Polls a condition the code under test makes true after its own work: a bound, not a timing. */
    private static void awaitCondition(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_S);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within " + BOUND_S + " s");
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
