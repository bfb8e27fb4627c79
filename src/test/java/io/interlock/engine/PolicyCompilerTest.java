package io.interlock.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interlock.testing.Payloads;
import io.interlock.trigger.Trigger;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * How a policy file becomes its per-evaluation factory: every way of writing a default export,
 * what is refused at load with its location, text that would escape a wrapper, and columns that
 * stay where the author wrote them.
 */
class PolicyCompilerTest {

    static final PolicyEngine ENGINE = PolicyEngine.create(EngineSettings.defaults().withLimits(Limits.of(60_000, 1024)));

    @AfterAll
    static void close() {
        ENGINE.close();
    }

    static Stream<Arguments> exports() {
        String allow = "({decision: 'ALLOW'})";
        return Stream.of(
                Arguments.of("export default function (ctx) { return " + allow + " }"),
                Arguments.of("export default function named(ctx) { return " + allow + " }\nnamed.extra = 1;"),
                Arguments.of("export default async function () { return " + allow + " }"),
                Arguments.of("export default () => " + allow + ";"),
                Arguments.of("export default(() => " + allow + ")"),
                Arguments.of("export /* a */ default\n  () => " + allow),
                Arguments.of("const f = () => " + allow + ";\nexport default f;"),
                Arguments.of("const f = () => " + allow + ";\nexport { f as default, f as other };"),
                Arguments.of("export const a = 1, b = 2;\nexport function g() { return a + b }\nexport default () => g() === 3 ? "
                        + allow + " : {decision: 'DENY'};"),
                Arguments.of("export class K { static d() { return " + allow + " } }\nexport default () => K.d();"),
                // an anonymous default function followed by a line starting with ( must not become a call
                Arguments.of("export default function () { return " + allow + " }\n(function () {})();"),
                Arguments.of("#!/usr/bin/env node\nexport default () => " + allow + ";"),
                Arguments.of("const x = await Promise.resolve('ALLOW');\nexport default () => ({decision: x});"),
                Arguments.of("const $d$ = 1;\nexport default () => ($d$ === 1 ? " + allow + " : null);"),
                Arguments.of("const s = `\nexport default 1`;\nexport default () => (s.length ? " + allow + " : null);"));
    }

    @ParameterizedTest
    @MethodSource("exports")
    void everyFormOfDefaultExportRuns(String source) {
        EvaluationResult result = ENGINE.evaluate(Trigger.PRE_SIGNUP, Payloads.of(Trigger.PRE_SIGNUP),
                List.of(new PolicySource("p.js", source)), null);
        assertEquals("{\"decision\":\"ALLOW\"}", result.response().map(r -> r.toWire().toString())
                .orElseGet(() -> result.failure().orElseThrow().located()));
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                // source | located failure, as the author sees it
                Arguments.of("import fs from 'fs';\nexport default () => ({decision: 'ALLOW'})",
                        "p.js:1:1: imports are not available in policies"),
                Arguments.of("// data\nexport { x } from './x.js';\nexport default () => ({decision: 'ALLOW'})",
                        "p.js:2:1: imports are not available in policies"),
                Arguments.of("export * from './x.js';", "p.js:1:1: imports are not available in policies"),
                Arguments.of("export default () => ({decision: 'ALLOW'});\n}); let leak = 1; (function () {",
                        "p.js:2:1: SyntaxError"),
                Arguments.of("export default function () {\n  return {decision: 'ALLOW',,};\n}", "p.js:2:"),
                Arguments.of("exports.onExecutePreUserRegistration = async () => {};\n}); let leak = 1; (function () {",
                        "p.js:2:1: SyntaxError"),
                Arguments.of("export const x = 1;", "p.js: no default export function"));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void whatCannotLoadIsRefusedWithItsLocation(String source, String located) {
        PreparedChain chain = ENGINE.prepare(Trigger.PRE_SIGNUP, List.of(new PolicySource("p.js", source)), null);
        assertEquals(1, chain.loadErrors().size(), () -> "loaded: " + source);
        String actual = chain.loadErrors().get(0).located();
        assertTrue(actual.startsWith(located), actual);
    }

    static Stream<Arguments> locations() {
        return Stream.of(
                // where the author created the error, whatever the factory put around line 1 or the export
                Arguments.of("export default () => { throw new TypeError('x') }", "p.js:1:30:"),
                Arguments.of("export default function () {\n  throw new Error('x');\n}", "p.js:2:9:"),
                Arguments.of("const f = () => {\n    null.x;\n};\nexport default f;", "p.js:2:5:"),
                Arguments.of("exports.onExecutePreUserRegistration = async (event, api) => { null.x; };", "p.js:1:64:"),
                Arguments.of("const x = await Promise.resolve(1); export default () => { throw new Error('x') }", "p.js:1:66:"));
    }

    @ParameterizedTest
    @MethodSource("locations")
    void errorsPointWhereTheAuthorWroteThem(String source, String located) {
        EvaluationResult result = ENGINE.evaluate(Trigger.PRE_SIGNUP, Payloads.of(Trigger.PRE_SIGNUP),
                List.of(new PolicySource("p.js", source)), null);
        String actual = result.failure().orElseThrow().located();
        assertTrue(actual.startsWith(located), actual);
    }
}
