package io.interlock.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interlock.config.StallSettings;
import io.interlock.engine.EvaluationProgress;
import io.interlock.engine.EvaluationProgress.Phase;
import io.interlock.engine.FailureCode;
import io.interlock.trigger.Trigger;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pool answers a call whose policies overran, says why, and keeps its width: a stuck worker is
 * always replaced. Time is a ticker the test moves and deadlines are checked when the test calls
 * {@link EvaluationPool#sweep()}; the work blocks on latches, so nothing depends on the machine's
 * speed. Waits are bounds for a broken build, never the synchronisation.
 */
class EvaluationPoolTest {

    private static final Duration ANSWER_BY = Duration.ofMillis(625);
    private static final long BOUND_S = 60;

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final StallGuard guard = new StallGuard(new StallSettings(100, 100, Duration.ofSeconds(60)), now::get);
    private final EvaluationPool pool = new EvaluationPool("test-", 1, 4, guard, now::get, false);
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void close() {
        release.countDown();
        pool.close();
    }

    @Test
    void aCallStuckInABuiltInIsAnsweredAtItsDeadlineAndItsWorkerReplaced() throws Exception {
        Fake stuck = new Fake("a");
        CompletableFuture<String> answer = pool.submit(stuck);
        stuck.awaitStarted();
        stuck.running();
        advance(ANSWER_BY.minusNanos(1));
        pool.sweep();
        assertFalse(answer.isDone(), "answered before its deadline");

        stuck.stopped();
        advance(Duration.ofNanos(1));
        pool.sweep();
        assertEquals("overrun STUCK by the policy a.js, input fingerprint a quarantined", answer.get(BOUND_S, TimeUnit.SECONDS));
        assertEquals(1, pool.stuck());
        assertEquals(1, guard.stuck(Trigger.PRE_SIGNUP));

        // The only worker is busy, yet the next call runs at once on a replacement.
        assertEquals("b done", pool.submit(new Fake("b").finishing()).get(BOUND_S, TimeUnit.SECONDS));

        release.countDown();
        awaitCondition(() -> pool.stuck() == 0 && guard.stuck(Trigger.PRE_SIGNUP) == 0);
        assertEquals(1, pool.stuckTotal());
    }

    @Test
    void stuckWorkersNeverNarrowThePool() throws Exception {
        for (String input : new String[] {"a", "b", "c"}) {
            Fake stuck = new Fake(input);
            CompletableFuture<String> answer = pool.submit(stuck);
            stuck.awaitStarted();
            stuck.stopped();
            advance(ANSWER_BY);
            pool.sweep();
            assertTrue(answer.get(BOUND_S, TimeUnit.SECONDS).startsWith("overrun STUCK"));
        }
        assertEquals(3, pool.stuck());
        CompletableFuture<String> next = pool.submit(new Fake("d").finishing());
        assertEquals("d done", next.get(BOUND_S, TimeUnit.SECONDS));
        assertEquals(0, pool.queued());
    }

    @Test
    void timeSpentPreparingDoesNotCountAgainstThePolicies() throws Exception {
        Fake call = new Fake("a");
        CompletableFuture<String> answer = pool.submit(call);
        call.awaitStarted();
        // a context takes long to prepare: far past the policies' deadline, but they have not started
        advance(ANSWER_BY.multipliedBy(8));
        pool.sweep();
        assertFalse(answer.isDone(), "preparation was charged to the policies: " + (answer.isDone() ? answer.get() : ""));

        call.running();
        advance(ANSWER_BY.minusNanos(1));
        pool.sweep();
        assertFalse(answer.isDone());
        release.countDown();
        assertEquals("a done", answer.get(BOUND_S, TimeUnit.SECONDS));
        assertEquals(0, pool.stuckTotal());
    }

    @Test
    void aCallStillPreparingPastTheBoundIsAnsweredSoAndNothingIsQuarantined() throws Exception {
        Fake call = new Fake("a");
        CompletableFuture<String> answer = pool.submit(call);
        call.awaitStarted();
        advance(ANSWER_BY.plus(EvaluationPool.PREPARATION_BOUND).minusNanos(1));
        pool.sweep();
        assertFalse(answer.isDone());
        advance(Duration.ofNanos(1));
        pool.sweep();
        assertEquals("overrun PREPARING by the chain", answer.get(BOUND_S, TimeUnit.SECONDS));
        assertEquals(0, guard.stalls(Trigger.PRE_SIGNUP));
        assertTrue(guard.admit(call.input(), 0).isEmpty(), "a slow preparation is no reason to refuse the input");
    }

    @Test
    void aLateCallIsNotBlamedOnABuiltInUntilTheWatchdogHasStoppedIt() throws Exception {
        Fake call = new Fake("a");
        CompletableFuture<String> answer = pool.submit(call);
        call.awaitStarted();
        call.running();
        advance(ANSWER_BY);
        pool.sweep();
        assertEquals("overrun LATE by the policy a.js", answer.get(BOUND_S, TimeUnit.SECONDS));
        assertEquals(0, guard.stalls(Trigger.PRE_SIGNUP));

        // The watchdog gets to it later and the thread stays inside: from now on it is a stall.
        call.stopped();
        pool.sweep();
        assertEquals(1, guard.stalls(Trigger.PRE_SIGNUP));
        assertTrue(guard.admit(call.input(), pool.stuck()).isPresent());
    }

    @Test
    void aCallFinishingInTimeKeepsItsOwnAnswer() throws Exception {
        Fake call = new Fake("a").finishing();
        assertEquals("a done", pool.submit(call).get(BOUND_S, TimeUnit.SECONDS));
        pool.sweep();
        assertEquals(0, pool.stuckTotal());
    }

    @Test
    void whatTheGuardRefusesNeverReachesAWorker() throws Exception {
        Fake stuck = new Fake("a");
        pool.submit(stuck);
        stuck.awaitStarted();
        stuck.stopped();
        advance(ANSWER_BY);
        pool.sweep();

        Fake again = new Fake("a");
        String refused = pool.submit(again).get(BOUND_S, TimeUnit.SECONDS);
        assertTrue(refused.startsWith("refused INPUT"), refused);
        assertEquals(0, again.runs.get());
        assertEquals(1, pool.stuckTotal());
    }

    @Test
    void aRepeatQueuedBehindTheCallThatStalledIsRefusedWhenPickedUp() throws Exception {
        Fake stuck = new Fake("a");
        pool.submit(stuck);
        stuck.awaitStarted();
        // the only worker is busy: the same input waits in the queue, admitted before anything stalled
        Fake queued = new Fake("a").finishing();
        CompletableFuture<String> repeat = pool.submit(queued);
        assertEquals(1, pool.queued());

        stuck.stopped();
        advance(ANSWER_BY);
        pool.sweep();
        String answer = repeat.get(BOUND_S, TimeUnit.SECONDS);
        assertTrue(answer.startsWith("refused INPUT"), answer);
        assertEquals(0, queued.runs.get());
    }

    @Test
    void aFullPoolAndQueueRefuseAtOnce() throws Exception {
        try (EvaluationPool small = new EvaluationPool("small-", 1, 1, guard, now::get, false)) {
            Fake running = new Fake("a");
            CompletableFuture<String> first = small.submit(running);
            running.awaitStarted();
            CompletableFuture<String> waiting = small.submit(new Fake("b").finishing());
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> small.submit(new Fake("c").finishing()).get(BOUND_S, TimeUnit.SECONDS));
            assertInstanceOf(Overloaded.class, refused.getCause());
            release.countDown();
            assertEquals("a done", first.get(BOUND_S, TimeUnit.SECONDS));
            assertEquals("b done", waiting.get(BOUND_S, TimeUnit.SECONDS));
        }
    }

    private void advance(Duration by) {
        now.addAndGet(by.toNanos());
    }

    /**
     * A call whose work blocks until {@link #release} (unless {@link #finishing()}), whose progress
     * the test sets, and whose answers say which path produced them.
     */
    private final class Fake implements EvaluationPool.Watched<String> {
        final String input;
        final AtomicReference<EvaluationProgress.Snapshot> progress =
                new AtomicReference<>(new EvaluationProgress.Snapshot(Phase.PREPARING, 0, null, null));
        final CountDownLatch started = new CountDownLatch(1);
        final AtomicInteger runs = new AtomicInteger();
        final StallGuard.Input guardInput;
        boolean blocking = true;

        Fake(String input) {
            this.input = input;
            this.guardInput = new StallGuard.Input(Trigger.PRE_SIGNUP, () -> "chain", () -> input);
        }

        Fake finishing() {
            blocking = false;
            return this;
        }

        void running() {
            progress.set(new EvaluationProgress.Snapshot(Phase.RUNNING, now.get(), input + ".js", null));
        }

        void stopped() {
            long since = progress.get().phase() == Phase.PREPARING ? now.get() : progress.get().startedNanos();
            progress.set(new EvaluationProgress.Snapshot(Phase.STOPPED, since, input + ".js", FailureCode.POLICY_TIMEOUT));
        }

        void awaitStarted() throws InterruptedException {
            assertTrue(started.await(BOUND_S, TimeUnit.SECONDS), "the call never reached a worker");
        }

        @Override
        public String run(EvaluationProgress ignored) {
            runs.incrementAndGet();
            started.countDown();
            if (blocking) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return input + " done";
        }

        @Override
        public Duration answerBy() {
            return ANSWER_BY;
        }

        @Override
        public StallGuard.Input input() {
            return guardInput;
        }

        @Override
        public String refused(StallGuard.Refusal refusal) {
            return "refused " + refusal.reason() + ": " + refusal.message();
        }

        @Override
        public String overrun(EvaluationPool.Overrun overrun) {
            String by = overrun.progress().policy() == null ? "the chain" : "the policy " + overrun.progress().policy();
            return "overrun " + overrun.kind() + " by " + by + (overrun.quarantine() == null ? "" : ", " + overrun.quarantine());
        }

        @Override
        public EvaluationProgress progress() {
            return EvaluationProgress.reading(progress::get);
        }
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
