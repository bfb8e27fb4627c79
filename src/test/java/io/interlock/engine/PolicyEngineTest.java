package io.interlock.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interlock.json.StrictJson;
import io.interlock.testing.Payloads;
import io.interlock.trigger.Trigger;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What a policy returns or does, and the wire answer or failure the engine makes of it. */
class PolicyEngineTest {

    /**
     * Everything that must finish gets a deadline no busy machine reaches (a short one made a slow
     * machine's big-message or stack-overflow rows time out); only policies that never end run
     * against the short one, which they reach whatever the machine's speed.
     */
    static final PolicyEngine ENGINE = PolicyEngine.create(EngineSettings.defaults().withLimits(Limits.of(60_000, 1024)));
    /** Time runaways meet a short deadline long before they could reach the allocation budget. */
    static final PolicyEngine RUNAWAY = PolicyEngine.create(EngineSettings.defaults().withLimits(Limits.of(200, 1024)));
    /** Memory bombs meet a small budget long before the deadline (interpreted JS allocates slowly). */
    static final PolicyEngine SMALL_MEMORY = PolicyEngine.create(EngineSettings.defaults().withLimits(Limits.of(10_000, 32)));

    @AfterAll
    static void close() {
        ENGINE.close();
        RUNAWAY.close();
        SMALL_MEMORY.close();
    }

    static Stream<Arguments> outcomes() {
        return Stream.of(
                // policy source | expected wire JSON or failure code | message fragment
                row("export default () => ({decision: 'ALLOW'})", "{\"decision\":\"ALLOW\"}", ""),
                row("export default async () => ({decision: 'DENY', error: {message: 'no'}})",
                        "{\"decision\":\"DENY\",\"error\":{\"message\":\"no\"}}", ""),
                row("export default (ctx) => ({decision: ctx.interceptor_context.region === 'IN' ? 'DENY' : 'ALLOW'})",
                        "{\"decision\":\"DENY\"}", ""),
                row("export default (ctx, data) => ({decision: data.verdict})", "{\"decision\":\"ALLOW\"}", ""),
                row("export default async () => { await null; await Promise.resolve(1); return {decision:'ALLOW'}; }",
                        "{\"decision\":\"ALLOW\"}", ""),
                row("export default () => { console.log('hi', {a: 1}); return {decision:'ALLOW'} }", "{\"decision\":\"ALLOW\"}", ""),
                row("const x = await Promise.resolve('ALLOW');\nexport default () => ({decision: x})", "{\"decision\":\"ALLOW\"}", ""),
                row("console.log('loading');\nexport default () => ({decision: 'ALLOW'})", "{\"decision\":\"ALLOW\"}", ""),
                row("export default () => { const a = Math.random(), b = Math.random();"
                        + " return {decision: a >= 0 && a < 1 && b >= 0 && b < 1 && a !== b ? 'ALLOW' : 'DENY'} }", "{\"decision\":\"ALLOW\"}", ""),
                row("export default () => ({decision: 'allow'})", "invalid_decision", "decision: must be"),
                row("export default () => {}", "invalid_decision", "returned undefined"),
                row("export default () => ({decision: 'ALLOW', get response() { return {} }})", "invalid_decision",
                        "response: accessor properties are not allowed"),
                row("export default () => { const o = {decision:'ALLOW'}; o.self = o; return o }", "invalid_decision", "self: cycle"),
                row("export default () => ({decision:'ALLOW', n: NaN})", "invalid_decision", "n: not a finite number"),
                row("export default () => ({decision:'ALLOW', n: 1n})", "invalid_decision", "n: BigInt"),
                row("export default () => ({decision:'ALLOW', f() {}})", "invalid_decision", "f: a function"),
                row("export default () => ({decision:'ALLOW', [Symbol()]: 1})", "invalid_decision", "symbol keys"),
                row("export default () => new Map()", "invalid_decision", "not a plain object"),
                // The realm is locked down: shared built-ins cannot be changed at all.
                row("export default () => { Object.prototype.decision = 'ALLOW'; return {}; }", "policy_error",
                        "t.js: TypeError: Cannot add new property \"decision\" to a frozen object"),
                row("export default () => { Array.prototype.includes = () => true; return {decision: 'ALLOW'}; }", "policy_error",
                        "t.js:1:24: TypeError: Cannot assign to read only property 'includes' of a frozen object (built-in objects"),
                row("export default () => { globalThis.seen = 1; return {decision: 'ALLOW'}; }", "policy_error",
                        "t.js: TypeError: Cannot add new property \"seen\" to a frozen object"),
                row("export default () => Object.create({decision: 'ALLOW'})", "invalid_decision", "not a plain object"),
                row("export default () => ({decision:'ALLOW', response: {claims: {exp: 1}}})", "invalid_decision",
                        "response.claims: only for PRE_SESSION_CREATION"),
                row("export default () => { throw new TypeError('boom') }", "policy_error", "t.js:1:30: TypeError: boom"),
                row("export default async () => { await null;\n  null.x }", "policy_error", "t.js:2:"),
                row("export default () => { throw 'text' }", "policy_error", "non-Error value"),
                row("export default () => { throw { code: 7 } }", "policy_error", "threw an object that is not an Error"),
                // What a policy throws is data: a forged stack neither breaks the engine nor moves the location.
                row("export default () => { throw { stack: 't.js:99999999999:5', message: 'forged' } }", "policy_error",
                        "t.js: forged"),
                row("export default () => {\n  const e = new Error('forged');\n  e.stack = 't.js:1:1';\n  throw e;\n}", "policy_error",
                        "t.js:2:13: Error: forged"),
                row("export default () => { throw Object.create(Error.prototype, {stack: {value: 't.js:1:1'}, message: {value: 'm'}}) }",
                        "policy_error", "t.js: Error: m"),
                row("export default () => ({ decision: 'DENY', error: { message: 'z'.repeat(2_000_000) } })",
                        "invalid_decision", "too large"),
                row("export default function () { return 1 +; }", "policy_error", "t.js:1:"),
                row("export const x = 1;", "policy_error", "no default export"),
                row("export default 42;", "policy_error", "no default export"),
                row("throw new Error('top');\nexport default () => ({decision:'ALLOW'})", "policy_error", "top"),
                row("await new Promise(() => {});\nexport default () => ({decision:'ALLOW'})", "policy_error", "never finished loading"),
                row("export default () => new Promise(() => {})", "policy_error", "never settled"),
                row("import fs from 'fs';\nexport default () => ({decision:'ALLOW'})", "policy_error", "cannot import 'fs'"),
                row("export default async () => { await import('fs'); return {decision:'ALLOW'} }", "policy_error", ""),
                row("export default () => ({decision: 'DENY', error: {message: [typeof Java, typeof Polyglot, typeof print, typeof load, typeof setTimeout, typeof Packages, typeof require, typeof process, typeof fetch].join()}})",
                        "{\"decision\":\"DENY\",\"error\":{\"message\":\"undefined,undefined,undefined,undefined,undefined,undefined,undefined,undefined,function\"}}", ""),
                row("export default () => { function f() { return f() } f() }", "policy_error", "RangeError"),
                row("export default () => { while (true) {} }", "policy_timeout", "200 ms"),
                row("export default () => { /(a*)*\\1b/.test('a'.repeat(30)); return {decision:'ALLOW'} }",
                        "policy_timeout", ""),
                row("export default () => { function spin() { return Promise.resolve().then(spin) } return spin() }",
                        "policy_timeout", ""),
                row("export default () => { for (;;) { try { for (;;) {} } finally { continue } } }", "policy_timeout", ""),
                row("export default () => { const a = []; for (;;) a.push(new Array(1e5).fill(1.5)) }", "policy_memory", "32 MB"),
                row("export default () => { let s = 'x'; const keep = []; for (;;) { s = s + s.length; keep.push(s.slice(0)); if (s.length > 1e6) s = 'y' + keep.length; keep.push('z'.repeat(1e5)); } }",
                        "policy_memory", ""),
                row("export default () => { const m = new Map(); for (let i = 0;; i++) m.set('k' + i, {i}) }", "policy_memory", ""),
                row("export default () => { const b = []; for (;;) b.push(new ArrayBuffer(1 << 20)) }", "policy_memory", ""));
    }

    static Arguments row(String source, String expected, String fragment) {
        return Arguments.of(source, expected, fragment);
    }

    @ParameterizedTest(name = "[{index}] {1} <- {0}")
    @MethodSource("outcomes")
    void evaluatesPolicyInto(String source, String expected, String fragment) {
        PolicyEngine engine = switch (expected) {
            case "policy_memory" -> SMALL_MEMORY;
            case "policy_timeout" -> RUNAWAY;
            default -> ENGINE;
        };
        EvaluationResult result = engine.evaluate(Trigger.PRE_SIGNUP, Payloads.of(Trigger.PRE_SIGNUP),
                List.of(new PolicySource("t.js", source)), StrictJson.parse("{\"verdict\":\"ALLOW\"}").node().orElseThrow());
        if (expected.startsWith("{")) {
            assertTrue(result.failure().isEmpty(), () -> "unexpected failure " + result.failure());
            assertEquals(expected, result.response().orElseThrow().toWire().toString());
        } else {
            Failure failure = result.failure().orElseThrow(() -> new AssertionError("expected " + expected + " got " + result));
            assertEquals(expected, failure.code().code(), failure::located);
            assertTrue(failure.located().contains(fragment), () -> failure.located() + " lacks " + fragment);
        }
        assertHealthy();
    }

    /** After any runaway, the next evaluation is unaffected and quick. */
    static void assertHealthy() {
        EvaluationResult next = SMALL_MEMORY.evaluate(Trigger.PRE_SIGNUP, Payloads.of(Trigger.PRE_SIGNUP),
                List.of(new PolicySource("ok.js", "export default () => ({decision: Object.keys({}).length ? 'DENY' : 'ALLOW'})")), null);
        assertEquals("{\"decision\":\"ALLOW\"}", next.response().orElseThrow().toWire().toString());
    }

    /**
     * A one-off chain (the dry run) is bounded as a request is: top levels that never end stop at
     * the request's limit, once, and the policies after them are skipped; they do not each get the
     * longer loading limit.
     */
    @Test
    void aDryRunsEndlessTopLevelsStopAtTheRequestLimit() {
        String endless = "while (true) {}\nexport default () => ({decision: 'ALLOW'})";
        EvaluationResult result = RUNAWAY.evaluate(Trigger.PRE_SIGNUP, Payloads.of(Trigger.PRE_SIGNUP), List.of(
                new PolicySource("a.js", endless), new PolicySource("b.js", endless), new PolicySource("c.js", endless)), null);
        assertEquals("a.js: exceeded the time limit of 200 ms", result.failure().orElseThrow().located());
        assertEquals(List.of(PolicyTrace.Outcome.ERROR, PolicyTrace.Outcome.SKIPPED, PolicyTrace.Outcome.SKIPPED),
                result.trace().stream().map(PolicyTrace::outcome).toList());
    }

    @Test
    void consoleOutputIsCapturedPerPolicyAndBounded() {
        EvaluationResult result = ENGINE.evaluate(Trigger.PRE_SIGNUP, Payloads.of(Trigger.PRE_SIGNUP), List.of(
                new PolicySource("a.js", "export default (ctx) => { console.log('email', ctx.interceptor_context.user_email); console.warn({n: 1}); return {decision:'ALLOW'} }"),
                new PolicySource("b.js", "export default () => { for (let i = 0; i < 500; i++) console.log('x'.repeat(5000)); return {decision:'ALLOW'} }")),
                null);
        assertEquals(List.of("email john.doe@acmecorp.com", "warn: {\"n\":1}"), result.trace().get(0).console());
        List<String> flood = result.trace().get(1).console();
        assertEquals(101, flood.size());
        assertTrue(flood.get(0).length() <= 1001);
        assertEquals("… 400 more console lines dropped", flood.get(100));
    }

    @Test
    void chainStopsAtFirstDenyAndMergesAllows() {
        var payload = Payloads.of(Trigger.PRE_SESSION_CREATION);
        EvaluationResult merged = ENGINE.evaluate(Trigger.PRE_SESSION_CREATION, payload, List.of(
                new PolicySource("1.js", "export default () => ({decision:'ALLOW', response: {claims: {tier: 'free', region: 'eu'}}})"),
                new PolicySource("2.js", "export default () => ({decision:'ALLOW', response: {claims: {tier: 'pro'}}})")), null);
        assertEquals("{\"decision\":\"ALLOW\",\"response\":{\"claims\":{\"tier\":\"pro\",\"region\":\"eu\"}}}",
                merged.response().orElseThrow().toWire().toString());
        EvaluationResult denied = ENGINE.evaluate(Trigger.PRE_SESSION_CREATION, payload, List.of(
                new PolicySource("1.js", "export default () => ({decision:'DENY', error: {message: 'blocked'}})"),
                new PolicySource("2.js", "export default () => { throw new Error('must not run') }")), null);
        assertEquals("DENY", denied.response().orElseThrow().verdict().name());
        assertEquals("1.js", denied.decidedBy().orElseThrow());
        assertEquals(List.of(PolicyTrace.Outcome.DENY, PolicyTrace.Outcome.SKIPPED),
                denied.trace().stream().map(PolicyTrace::outcome).toList());
    }

    @Test
    void twoMembershipsInOneChainAreAnInvalidDecision() {
        String membership = "export default () => ({decision:'ALLOW', response: {create_organization_membership: {organization_id: 'org_1', roles: ['member']}}})";
        EvaluationResult result = ENGINE.evaluate(Trigger.PRE_SIGNUP, Payloads.of(Trigger.PRE_SIGNUP),
                List.of(new PolicySource("1.js", membership), new PolicySource("2.js", membership)), null);
        assertEquals(FailureCode.INVALID_DECISION, result.failure().orElseThrow().code());
        assertTrue(result.failure().orElseThrow().message().contains("set by more than one policy"));
    }

    @Test
    void loadErrorsAreReportedAtPrepareWithLineAndColumn() {
        PreparedChain chain = ENGINE.prepare(Trigger.PRE_SIGNUP, List.of(
                new PolicySource("policies/pre-signup/10-a.js", "export default () => ({decision:'ALLOW'})"),
                new PolicySource("policies/pre-signup/20-b.js", "// comment\nexport default function () {\n  return {decision: 'ALLOW',,};\n}")),
                null);
        assertEquals(1, chain.loadErrors().size());
        Failure error = chain.loadErrors().get(0);
        assertEquals("policies/pre-signup/20-b.js", error.policy());
        assertEquals(3, error.line());
        assertTrue(error.located().startsWith("policies/pre-signup/20-b.js:3:"), error.located());
        assertEquals(FailureCode.POLICY_ERROR, ENGINE.evaluate(chain, Payloads.of(Trigger.PRE_SIGNUP)).failure().orElseThrow().code());
    }

    @Test
    void dataIsDeeplyFrozen() {
        EvaluationResult result = ENGINE.evaluate(Trigger.PRE_SIGNUP, Payloads.of(Trigger.PRE_SIGNUP), List.of(
                new PolicySource("a.js", "export default (ctx, data) => { 'use strict'; data.list.push('x'); return {decision:'ALLOW'} }")),
                StrictJson.parse("{\"list\":[\"a\"]}").node().orElseThrow());
        assertTrue(result.failure().orElseThrow().message().contains("TypeError"), result.failure().toString());
    }
}
