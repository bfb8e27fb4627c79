package io.interlock.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interlock.fetch.DeclaredAnswers;
import io.interlock.fetch.HttpHeader;
import io.interlock.testing.Payloads;
import io.interlock.trigger.Trigger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 23 item 2: what a chain is tried on and warmed with before it serves. The trial runs every
 * sample once and says which failed; the warm-up prepares every context the chain keeps and runs
 * every sample on each, in rounds. A sample's fetch() calls get its declared answers or fail:
 * never the network.
 */
class WarmUpTest {

    private static final int CONTEXTS = 3;
    private static final PolicyEngine ENGINE = PolicyEngine.create(EngineSettings.defaults().withLimits(Limits.of(60_000, 256))
            .withContexts(new EngineSettings.Contexts(CONTEXTS, 100_000, 256L << 20)));
    /** The plan's bound only ends a warm-up on a machine far slower than any this runs on. */
    private static final Duration BUDGET = Duration.ofMinutes(5);

    @AfterAll
    static void close() {
        ENGINE.close();
    }

    private static final String POLICY = """
            export default async (ctx) => {
              if (ctx.interceptor_context.user_email.startsWith('broken')) throw new Error('broken input');
              const seat = await fetch('https://billing.example.com/seat').then(r => r.json()).catch(() => ({plan: 'none'}));
              return seat.plan === 'pro' ? {decision: 'ALLOW'} : {decision: 'DENY', error: {message: seat.plan}};
            };
            """;

    private static Sample withAnswer() {
        DeclaredAnswers answers = new DeclaredAnswers(List.of(new DeclaredAnswers.Answer("GET",
                DeclaredAnswers.url("https://billing.example.com/seat"), 200, "", List.of(new HttpHeader("content-type",
                "application/json")), "{\"plan\":\"pro\"}".getBytes(StandardCharsets.UTF_8), null)));
        return new Sample("a case", Payloads.of(Trigger.PRE_SIGNUP), answers);
    }

    private static Sample broken() {
        ObjectNode payload = Payloads.of(Trigger.PRE_SIGNUP).deepCopy();
        ((ObjectNode) payload.get("interceptor_context")).put("user_email", "broken@example.com");
        return Sample.offline("a broken one", payload);
    }

    @Test
    void theTrialSaysWhichSamplesTheChainDecidesAndNoCallLeaves() {
        try (PreparedChain chain = ENGINE.prepare(Trigger.PRE_SIGNUP, List.of(new PolicySource("10-seat.js", POLICY)), null)) {
            Sample offline = Sample.offline("a payload file", Payloads.of(Trigger.PRE_SIGNUP));
            Trial trial = ENGINE.trial(chain, List.of(withAnswer(), offline, broken()), BUDGET);
            assertEquals(List.of(Optional.empty(), Optional.empty(), Optional.of(FailureCode.POLICY_ERROR)),
                    trial.outcomes().stream().map(o -> o.failure().map(Failure::code)).toList());
            assertEquals(0, trial.untried());
            assertFalse(trial.failsOnEvery());
            assertEquals(List.of("a broken one"), trial.failures().stream().map(o -> o.sample().name()).toList());
            assertTrue(ENGINE.trial(chain, List.of(broken()), BUDGET).failsOnEvery());
        }
    }

    @Test
    void everyContextRunsEverySampleInEveryRound() {
        try (PreparedChain chain = ENGINE.prepare(Trigger.PRE_SIGNUP, List.of(new PolicySource("10-seat.js", POLICY)), null)) {
            Trial trial = ENGINE.trial(chain, List.of(withAnswer(), broken()), BUDGET);
            WarmUp.Report report = ENGINE.warmUp(chain, trial, new WarmUp.Plan(2, 2, BUDGET));
            assertEquals(new WarmUp.Report(CONTEXTS, 2, 2, CONTEXTS * 2 * 2, report.took(), false), report);
            assertEquals(CONTEXTS, chain.contexts().idle(), "each prepared, and back in the pool, healthy");
        }
    }

    @Test
    void aChainWithNoPolicyNeedsNoWarmUp() {
        try (PreparedChain chain = ENGINE.prepare(Trigger.PRE_SIGNUP, List.of(), null)) {
            Trial trial = ENGINE.trial(chain, List.of(withAnswer()), BUDGET);
            assertFalse(trial.failsOnEvery());
            assertEquals(0, ENGINE.warmUp(chain, trial, WarmUp.Plan.atStart(BUDGET)).contexts());
        }
    }
}
