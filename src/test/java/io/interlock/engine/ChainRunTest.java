package io.interlock.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.interlock.testing.Payloads;
import io.interlock.trigger.Trigger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A chain whose context fails before its first policy begins. */
class ChainRunTest {

    /**
     * The context is unusable from the start (here closed while idle in its pool): the call gets a
     * failure value, every policy is listed as skipped, and the pool replaces the context.
     */
    @Test
    void aContextThatFailsBeforeTheFirstPolicyIsAFailureValue() {
        try (PolicyEngine engine = PolicyEngine.create(EngineSettings.defaults().withLimits(Limits.of(60_000, 1024)));
                PreparedChain chain = engine.prepare(Trigger.PRE_SIGNUP, List.of(
                new PolicySource("a.js", "export default () => ({decision: 'ALLOW'})"),
                new PolicySource("b.js", "export default () => ({decision: 'ALLOW'})")), null)) {
            ChainContext broken = chain.contexts().borrow();
            broken.close();
            chain.contexts().giveBack(broken, true);

            EvaluationResult result = engine.evaluate(chain, Payloads.of(Trigger.PRE_SIGNUP));

            assertEquals(FailureCode.POLICY_ERROR, result.failure().orElseThrow().code());
            assertEquals(List.of(PolicyTrace.Outcome.SKIPPED, PolicyTrace.Outcome.SKIPPED),
                    result.trace().stream().map(PolicyTrace::outcome).toList());
            assertEquals("{\"decision\":\"ALLOW\"}", engine.evaluate(chain, Payloads.of(Trigger.PRE_SIGNUP))
                    .response().orElseThrow().toWire().toString());
        }
    }
}
