package io.interlock.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interlock.json.StrictJson;
import io.interlock.testing.IsolationProbes;
import io.interlock.testing.IsolationProbes.Guard;
import io.interlock.testing.IsolationProbes.Probe;
import io.interlock.testing.Payloads;
import io.interlock.trigger.Trigger;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every isolation probe, polluter then detector on the same context: across evaluations of one
 * chain and across the policies of one chain. Each probe must see nothing with the lockdown, and
 * the probes the lockdown guards must see the pollution without it, so none passes vacuously.
 */
class LockdownIsolationTest {

    /** One context per chain, so consecutive evaluations share it. */
    static final EngineSettings ONE_CONTEXT = EngineSettings.defaults().withLimits(Limits.of(60_000, 1024))
            .withContexts(new EngineSettings.Contexts(1, 1_000_000, Long.MAX_VALUE));
    static final PolicyEngine LOCKED = PolicyEngine.create(ONE_CONTEXT);
    static final PolicyEngine UNLOCKED = PolicyEngine.withoutLockdown(ONE_CONTEXT);

    @AfterAll
    static void close() {
        LOCKED.close();
        UNLOCKED.close();
    }

    static Stream<Probe> probes() {
        return IsolationProbes.ALL.stream();
    }

    static Stream<Probe> lockdownProbes() {
        return probes().filter(p -> p.guard() == Guard.LOCKDOWN);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("probes")
    void nothingReachesTheNextEvaluation(Probe probe) {
        assertEquals(List.of("{\"decision\":\"ALLOW\"}", "{\"decision\":\"ALLOW\"}", "{\"decision\":\"ALLOW\"}"),
                acrossEvaluations(LOCKED, probe));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("probes")
    void nothingReachesALaterPolicyOfTheChain(Probe probe) {
        String answer = withinChain(LOCKED, probe);
        assertTrue(!answer.contains("leak:"), answer);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lockdownProbes")
    void withoutTheLockdownEachProbeSeesThePollution(Probe probe) {
        List<String> answers = acrossEvaluations(UNLOCKED, probe);
        String within = withinChain(UNLOCKED, probe);
        assertTrue(answers.get(1).contains("leak: " + probe.name()) || within.contains("leak: " + probe.name()),
                () -> "the probe saw nothing even without the lockdown: " + answers + " / " + within);
    }

    static Stream<Probe> globalProbes() {
        return IsolationProbes.globals().stream();
    }

    /** Actions keep globalThis extensible (sloppy CommonJS assigns globals); what they add is swept. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("globalProbes")
    void globalsAnActionCreatesReachNoOneElse(Probe probe) {
        try (PreparedChain chain = LOCKED.prepare(Trigger.PRE_SIGNUP,
                List.of(new PolicySource("probe.js", IsolationProbes.actionDetectThenPollute(probe))), data())) {
            assertTrue(chain.loaded(), () -> chain.loadErrors().toString());
            for (int i = 0; i < 3; i++) {
                String answer = answer(LOCKED.evaluate(chain, Payloads.of(Trigger.PRE_SIGNUP)));
                assertTrue(!answer.contains("leak:"), answer);
            }
        }
        String within = answer(LOCKED.evaluate(Trigger.PRE_SIGNUP, Payloads.of(Trigger.PRE_SIGNUP), List.of(
                new PolicySource("10-polluter.js", IsolationProbes.actionPolluter(List.of(probe))),
                new PolicySource("20-detector.js", IsolationProbes.actionDetector(List.of(probe)))), data()));
        assertTrue(!within.contains("leak:"), within);
    }

    private static List<String> acrossEvaluations(PolicyEngine engine, Probe probe) {
        return acrossEvaluations(engine, IsolationProbes.detectThenPollute(probe));
    }

    private static List<String> acrossEvaluations(PolicyEngine engine, String source) {
        try (PreparedChain chain = engine.prepare(Trigger.PRE_SIGNUP, List.of(new PolicySource("probe.js", source)), data())) {
            assertTrue(chain.loaded(), () -> chain.loadErrors().toString());
            return Stream.generate(() -> answer(engine.evaluate(chain, Payloads.of(Trigger.PRE_SIGNUP)))).limit(3).toList();
        }
    }

    private static String withinChain(PolicyEngine engine, Probe probe) {
        return answer(engine.evaluate(Trigger.PRE_SIGNUP, Payloads.of(Trigger.PRE_SIGNUP), List.of(
                new PolicySource("10-polluter.js", IsolationProbes.polluter(List.of(probe))),
                new PolicySource("20-detector.js", IsolationProbes.detector(List.of(probe)))), data()));
    }

    private static com.fasterxml.jackson.databind.JsonNode data() {
        return StrictJson.parse("{\"list\":[\"a\"]}").node().orElseThrow();
    }

    private static String answer(EvaluationResult result) {
        return result.response().map(r -> r.toWire().toString()).orElseGet(() -> result.failure().orElseThrow().located());
    }
}
