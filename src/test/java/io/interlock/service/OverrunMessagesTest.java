package io.interlock.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interlock.engine.EvaluationProgress;
import io.interlock.engine.EvaluationProgress.Phase;
import io.interlock.engine.Failure;
import io.interlock.engine.FailureCode;
import io.interlock.engine.Limits;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 22 item 8: what a call the pool answered before its evaluation ended says. A built-in is
 * blamed only when the watchdog stopped the evaluation and its thread is still inside; preparation
 * is never charged to a policy.
 */
class OverrunMessagesTest {

    private static final Limits LIMITS = Limits.of(500, 256);
    private static final Duration ANSWER_BY = Duration.ofMillis(625);
    private static final String BUILT_IN = "still finishing a built-in operation that cannot be interrupted";
    private static final String POLICY = "policies/pre-signup/10-a.js";

    static Stream<Arguments> overruns() {
        return Stream.of(
                Arguments.of(EvaluationPool.OverrunKind.STUCK, snapshot(Phase.STOPPED, POLICY, FailureCode.POLICY_TIMEOUT),
                        "input fingerprint 0a1b2c3d4e5f quarantined", FailureCode.POLICY_TIMEOUT, POLICY,
                        "exceeded the time limit of 500 ms; the policy was stopped but its thread is " + BUILT_IN
                                + " (input fingerprint 0a1b2c3d4e5f quarantined)"),
                Arguments.of(EvaluationPool.OverrunKind.STUCK, snapshot(Phase.STOPPED, POLICY, FailureCode.POLICY_MEMORY),
                        null, FailureCode.POLICY_MEMORY, POLICY,
                        "exceeded the memory limit of 256 MB; the policy was stopped but its thread is " + BUILT_IN),
                Arguments.of(EvaluationPool.OverrunKind.LATE, snapshot(Phase.RUNNING, POLICY, null), null,
                        FailureCode.POLICY_TIMEOUT, POLICY,
                        "exceeded the time limit of 500 ms, and was still running 125 ms later (the machine is overloaded)"),
                Arguments.of(EvaluationPool.OverrunKind.PREPARING, snapshot(Phase.PREPARING, null, null), null,
                        FailureCode.POLICY_TIMEOUT, null,
                        "no policy ran: the sandbox context was still being prepared after 10625 ms (the machine is overloaded);"
                                + " the policies' own time limit of 500 ms had not started"));
    }

    @ParameterizedTest
    @MethodSource("overruns")
    void anOverrunSaysWhatHappened(EvaluationPool.OverrunKind kind, EvaluationProgress.Snapshot at, String quarantine,
            FailureCode code, String policy, String message) {
        Failure failure = DecisionService.overrunFailure(LIMITS, ANSWER_BY,
                new EvaluationPool.Overrun(kind, at, Duration.ofMillis(10_625).toNanos(), quarantine));
        assertEquals(code, failure.code());
        assertEquals(policy, failure.policy());
        assertEquals(message, failure.message());
        assertEquals(kind == EvaluationPool.OverrunKind.STUCK, failure.message().contains("built-in"),
                "a built-in is blamed only for a thread stopped and still inside");
        assertTrue(failure.message().length() < 300);
    }

    private static EvaluationProgress.Snapshot snapshot(Phase phase, String policy, FailureCode stoppedAs) {
        return new EvaluationProgress.Snapshot(phase, 1, policy, stoppedAs);
    }
}
