package io.interlock.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interlock.config.StallSettings;
import io.interlock.engine.EvaluationProgress;
import io.interlock.engine.FailureCode;
import io.interlock.testing.LogCapture;
import io.interlock.trigger.Trigger;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What the guard refuses, for how long, and what it logs; time is a ticker the test moves. */
class StallGuardTest {

    private static final Duration COOL_DOWN = Duration.ofSeconds(60);

    private final AtomicLong now = new AtomicLong(5_000_000_000L);
    private final StallGuard guard = new StallGuard(new StallSettings(2, 4, COOL_DOWN), now::get);
    @RegisterExtension
    final LogCapture log = new LogCapture();

    @Test
    void anInputIsQuarantinedWhileStuckAndForTheCoolDownAfter() {
        StallGuard.Input input = input(Trigger.PRE_SIGNUP, "v1", "x");
        assertTrue(guard.admit(input, 0).isEmpty());
        guard.stalled(input, stopped("10-a.js"));
        advance(Duration.ofMinutes(30)); // still inside the built-in: no cool-down runs yet
        assertRefused(StallGuard.Reason.INPUT, guard.admit(input(Trigger.PRE_SIGNUP, "v1", "x"), 1));

        guard.ended(input);
        advance(COOL_DOWN.minusNanos(1));
        assertRefused(StallGuard.Reason.INPUT, guard.admit(input, 0));
        advance(Duration.ofNanos(1));
        assertTrue(guard.admit(input, 0).isEmpty());
        assertEquals(2, guard.refusals(Trigger.PRE_SIGNUP, StallGuard.Reason.INPUT));
    }

    /**
     * A thread the watchdog stopped that comes out soon after it was found inside was waiting for a
     * core, not stuck: on a starved machine the cool-down refused every later call of the input.
     */
    @Test
    void anInputWhoseThreadComesOutSoonIsLetGoAtOnceAndKeepsItsCoolDown() {
        StallGuard.Input input = input(Trigger.PRE_SIGNUP, "v1", "x");
        guard.stalled(input, stopped("10-a.js"));
        assertRefused(StallGuard.Reason.INPUT, guard.admit(input, 1)); // while it is inside, a burst is refused
        advance(StallGuard.STARVED_NOT_STUCK.minusNanos(1));
        guard.ended(input);
        assertTrue(guard.admit(input, 0).isEmpty(), "let go at once");
        assertTrue(lines("stall ended:").get(0).contains("as soon as it got a core"), lines("stall ended:").toString());

        stallAndEnd(input); // a real stall of the same input later: the first cool-down, not a doubled one
        advance(COOL_DOWN.minusNanos(1));
        assertRefused(StallGuard.Reason.INPUT, guard.admit(input, 0));
        advance(Duration.ofNanos(1));
        assertTrue(guard.admit(input, 0).isEmpty());
    }

    @Test
    void theCoolDownDoublesForAnInputThatStallsAgain() {
        StallGuard.Input input = input(Trigger.PRE_SIGNUP, "v1", "x");
        stallAndEnd(input);
        advance(COOL_DOWN);
        assertTrue(guard.admit(input, 0).isEmpty());
        stallAndEnd(input);
        advance(COOL_DOWN);
        assertRefused(StallGuard.Reason.INPUT, guard.admit(input, 0));
        advance(COOL_DOWN);
        assertTrue(guard.admit(input, 0).isEmpty());
    }

    /** Which calls a stall of input x in chain v1 of PRE_SIGNUP refuses. */
    static Stream<Arguments> neighbours() {
        return Stream.of(
                Arguments.of(Trigger.PRE_SIGNUP, "v1", "x", true),
                Arguments.of(Trigger.PRE_SIGNUP, "v1", "y", false),   // another input
                Arguments.of(Trigger.PRE_SIGNUP, "v2", "x", false),   // the chain changed (a fix deployed)
                Arguments.of(Trigger.PRE_SESSION_CREATION, "v1", "x", false));
    }

    @ParameterizedTest
    @MethodSource("neighbours")
    void onlyTheSameInputOfTheSameChainIsQuarantined(Trigger trigger, String chain, String fingerprint, boolean refused) {
        guard.stalled(input(Trigger.PRE_SIGNUP, "v1", "x"), stopped("10-a.js"));
        assertEquals(refused, guard.admit(input(trigger, chain, fingerprint), 1).isPresent());
    }

    @Test
    void aTriggerWithAsManyDifferentInputsStuckAsItsCapRefusesEveryCallUntilOneEnds() {
        StallGuard.Input x = input(Trigger.PRE_SIGNUP, "v1", "x");
        guard.stalled(x, stopped("10-a.js"));
        guard.stalled(x, stopped("10-a.js")); // a burst of one input is one input
        assertTrue(guard.admit(input(Trigger.PRE_SIGNUP, "v1", "healthy"), 2).isEmpty());

        guard.stalled(input(Trigger.PRE_SIGNUP, "v1", "y"), stopped("10-a.js"));
        assertRefused(StallGuard.Reason.TRIGGER, guard.admit(input(Trigger.PRE_SIGNUP, "v1", "healthy"), 3));
        assertTrue(guard.admit(input(Trigger.PRE_SESSION_CREATION, "v1", "healthy"), 3).isEmpty());
        assertEquals(3, guard.stuck(Trigger.PRE_SIGNUP));
        assertEquals(2, guard.quarantined(Trigger.PRE_SIGNUP));

        guard.ended(x);
        assertRefused(StallGuard.Reason.TRIGGER, guard.admit(input(Trigger.PRE_SIGNUP, "v1", "healthy"), 2));
        guard.ended(x);
        assertTrue(guard.admit(input(Trigger.PRE_SIGNUP, "v1", "healthy"), 1).isEmpty());
        assertEquals(1, lines("stall cap reached: trigger=PRE_SIGNUP").size(), "logged once when reached");
        assertEquals(1, lines("stall cap lifted: trigger=PRE_SIGNUP").size());
    }

    @Test
    void atTheCapOfStuckThreadsEveryCallIsRefused() {
        assertRefused(StallGuard.Reason.ALL, guard.admit(input(Trigger.PRE_SIGNUP, "v1", "a"), 4));
        assertRefused(StallGuard.Reason.ALL, guard.admit(input(Trigger.PRE_USER_INVITATION, "v1", "b"), 5));
        assertTrue(guard.admit(input(Trigger.PRE_SIGNUP, "v1", "a"), 3).isEmpty());
        assertEquals(1, lines("stall cap reached: 4 evaluation threads").size());
        assertEquals(1, lines("stall cap lifted").size());
    }

    @Test
    void theLogSaysWhatStalledAndForHowLongWithoutTheInput() {
        StallGuard.Input input = input(Trigger.PRE_USER_INVITATION, "c0ffee", "9f3a");
        guard.stalled(input, stopped("policies/pre-user-invitation/10-invite.js"));
        advance(Duration.ofSeconds(12));
        guard.ended(input);
        String stalled = lines("stalled:").get(0);
        for (String part : List.of("trigger=PRE_USER_INVITATION", "policy=policies/pre-user-invitation/10-invite.js",
                "chain=c0ffee", "input=9f3a", "time limit", "cannot be interrupted", "60 s after the thread finishes")) {
            assertTrue(stalled.contains(part), part + " missing from: " + stalled);
        }
        assertTrue(lines("stall ended:").get(0).contains("came out 12.0 s after the policies started"), lines("stall ended:").toString());
    }

    @Test
    void aQuietTriggerComputesNoFingerprint() {
        StallGuard.Input input = new StallGuard.Input(Trigger.PRE_SIGNUP, () -> "v1", () -> {
            throw new AssertionError("fingerprint computed on the fast path");
        });
        guard.stalled(input(Trigger.PRE_SESSION_CREATION, "v1", "x"), stopped("10-a.js"));
        assertTrue(guard.admit(input, 1).isEmpty());
    }

    @Test
    void forgottenEntriesLeaveTheFastPath() {
        StallGuard.Input x = input(Trigger.PRE_SIGNUP, "v1", "x");
        stallAndEnd(x);
        advance(COOL_DOWN.multipliedBy(2));
        guard.stalled(input(Trigger.PRE_SESSION_CREATION, "v1", "y"), stopped("10-a.js")); // a stall sweeps old entries
        assertEquals(0, guard.quarantined(Trigger.PRE_SIGNUP));
        aQuietTriggerComputesNoFingerprint();
    }

    private void stallAndEnd(StallGuard.Input input) {
        guard.stalled(input, stopped("10-a.js"));
        advance(StallGuard.STARVED_NOT_STUCK);
        guard.ended(input);
    }

    private EvaluationProgress.Snapshot stopped(String policy) {
        return new EvaluationProgress.Snapshot(EvaluationProgress.Phase.STOPPED, now.get(), policy, FailureCode.POLICY_TIMEOUT);
    }

    private static StallGuard.Input input(Trigger trigger, String chain, String fingerprint) {
        return new StallGuard.Input(trigger, () -> chain, () -> fingerprint);
    }

    private void advance(Duration by) {
        now.addAndGet(by.toNanos());
    }

    private static void assertRefused(StallGuard.Reason reason, Optional<StallGuard.Refusal> refusal) {
        assertTrue(refusal.isPresent(), "admitted; expected a refusal for " + reason);
        assertEquals(reason, refusal.get().reason(), refusal.get().message());
        assertTrue(refusal.get().message().startsWith("not run: "), refusal.get().message());
        assertFalse(refusal.get().message().isBlank());
    }

    private List<String> lines(String start) {
        return log.lines(start);
    }
}
