package io.interlock.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.interlock.testing.Payloads;
import io.interlock.trigger.Trigger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A policy that tampers with its realm in every way we know must not change any other
 * evaluation's outcome, one after the other or at the same time.
 */
class IsolationTest {

    static final PolicyEngine ENGINE = PolicyEngine.create(EngineSettings.defaults());

    /** Each pollutes, then allows; the probe below denies if it sees any trace of it. */
    static Stream<String> polluters() {
        return Stream.of(
                "Object.prototype.decision = 'DENY'; Object.prototype.polluted = true;",
                "Array.prototype.includes = () => true; Array.prototype.polluted = true;",
                "globalThis.polluted = true; globalThis.stash = (globalThis.stash || 0) + 1;",
                "JSON.parse = () => ({polluted: true}); JSON.stringify = () => '{\"decision\":\"DENY\"}';",
                "String.prototype.split = function () { return ['polluted']; };",
                "Object.defineProperty(Object.prototype, 'interceptor_context', {get() { return {polluted: true} }, configurable: true});",
                "Promise.prototype.then = function () { return 'polluted' };",
                "Reflect.ownKeys = () => []; Object.freeze = (x) => x;",
                "Object.prototype.toJSON = function () { return {decision: 'DENY'} };",
                "Array.prototype.toJSON = function () { return 'polluted' };",
                "Object.defineProperty(Array.prototype, '0', {set(v) { globalThis.polluted = true }, configurable: true});");
    }

    static final String PROBE = """
            export default (ctx, data) => {
              const seen = [];
              if (({}).polluted || ({}).decision) seen.push('Object.prototype');
              if ([].polluted || [1].includes(2)) seen.push('Array.prototype');
              if (globalThis.polluted || globalThis.stash) seen.push('globalThis');
              if ('a@b'.split('@').length !== 2) seen.push('String.prototype');
              if (!ctx.interceptor_context.user_email) seen.push('ctx');
              if (data.list.length !== 1) seen.push('data');
              return seen.length ? {decision: 'DENY', error: {message: seen.join(',')}} : {decision: 'ALLOW'};
            }
            """;

    @AfterAll
    static void close() {
        ENGINE.close();
    }

    @ParameterizedTest
    @MethodSource("polluters")
    void pollutionDoesNotReachTheNextEvaluation(String pollution) {
        String attacker = "export default () => { " + pollution + " return {decision: 'ALLOW'} }";
        run(attacker);
        assertEquals("{\"decision\":\"ALLOW\"}", run(PROBE));
    }

    @Test
    void pollutionDoesNotReachConcurrentEvaluations() throws Exception {
        List<String> attackers = polluters().map(p -> "export default () => { " + p + " return {decision: 'ALLOW'} }").toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> probes = new ArrayList<>();
            List<Future<String>> attacks = new ArrayList<>();
            for (int round = 0; round < 40; round++) {
                String attacker = attackers.get(round % attackers.size());
                attacks.add(pool.submit(() -> run(attacker)));
                probes.add(pool.submit(() -> run(PROBE)));
            }
            for (Future<String> probe : probes) {
                assertEquals("{\"decision\":\"ALLOW\"}", probe.get());
            }
            for (Future<String> attack : attacks) {
                attack.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Issue 28: a helper's module state. A polluter that changes everything a helper hands it
     * (its counter, an exported array and object, its namespace) and a probe that imports the same
     * helper run as one chain, five times on one context: the probe never sees a trace, neither
     * from the policy before it in the chain nor from an earlier evaluation.
     */
    @Test
    void aHelpersStateReachesNoOtherPolicyOrEvaluation() {
        HelperFiles lib = new HelperFiles("policies", java.util.Map.of("policies/lib/state.js", """
                let counter = 0;
                export const list = [];
                export const table = { seen: false };
                export function bump() { return ++counter; }
                """));
        String polluter = """
                import * as state from '../lib/state.js';
                export default () => {
                  state.bump(); state.bump(); state.list.push('polluted'); state.table.seen = true;
                  try { state.bump = () => 0; } catch (e) { /* a namespace is frozen */ }
                  try { Object.defineProperty(state, 'extra', { value: 1 }); } catch (e) { /* so is this */ }
                  return {decision: 'ALLOW'};
                };
                """;
        String probe = """
                import { bump, list, table } from '../lib/state.js';
                import * as state from '../lib/state.js';
                export default () => {
                  const seen = [];
                  if (bump() !== 1) seen.push('counter');
                  if (list.length !== 0) seen.push('list');
                  if (table.seen) seen.push('table');
                  if ('extra' in state) seen.push('namespace');
                  return seen.length ? {decision: 'DENY', error: {message: seen.join(',')}} : {decision: 'ALLOW'};
                };
                """;
        EngineSettings oneContext = EngineSettings.defaults().withContexts(new EngineSettings.Contexts(1, 1_000_000, Long.MAX_VALUE));
        try (PolicyEngine engine = PolicyEngine.create(oneContext);
                PreparedChain chain = engine.prepare(Trigger.PRE_SIGNUP, List.of(new PolicySource("policies/pre-signup/10-polluter.js",
                        polluter), new PolicySource("policies/pre-signup/20-probe.js", probe)), null, PackageFiles.none(), lib)) {
            for (int evaluation = 0; evaluation < 5; evaluation++) {
                EvaluationResult result = engine.evaluate(chain, Payloads.of(Trigger.PRE_SIGNUP));
                assertEquals("{\"decision\":\"ALLOW\"}", result.response().map(r -> r.toWire().toString())
                        .orElse(String.valueOf(result.failure())), "evaluation " + evaluation);
            }
        }
    }

    private static String run(String source) {
        var data = io.interlock.json.StrictJson.parse("{\"list\":[\"a\"]}").node().orElseThrow();
        EvaluationResult result = ENGINE.evaluate(Trigger.PRE_SIGNUP, Payloads.of(Trigger.PRE_SIGNUP),
                List.of(new PolicySource("p.js", source)), data);
        return result.response().map(r -> r.toWire().toString()).orElse(String.valueOf(result.failure()));
    }
}
