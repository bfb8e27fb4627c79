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
                        "p.js:1:16: cannot import 'fs': only relative imports of helpers"),
                Arguments.of("// data\nexport { x } from './x.js';\nexport default () => ({decision: 'ALLOW'})",
                        "p.js:2:1: re-exporting from another module is not available"),
                Arguments.of("export * from './x.js';", "p.js:1:1: re-exporting from another module is not available"),
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

    static final String DENY = "{\"decision\":\"DENY\"}";

    /** Each policy answers DENY when read as a module; a construct the factory would read otherwise is refused. */
    static Stream<Arguments> moduleMeaning() {
        String deny = "{decision: 'DENY'}";
        String allow = "{decision: 'ALLOW'}";
        return Stream.of(
                // source | the module's answer, or the located refusal
                // <!-- : `0 < !(--y)` in a module, a comment to the end of the line in a script
                Arguments.of("export default () => { let y = 1; return (0 <!--y\n) ? " + deny + " : " + allow + " }",
                        "p.js:1:45: `<!--` is `<`, `!` and `--` in a module"),
                Arguments.of("let y = 1, z = 0\n<!--y\nexport default () => z ? " + deny + " : " + allow, "p.js:2:1: `<!--`"),
                Arguments.of("const s = '<!--', r = /<!--/, t = `<!--${1}`; // <!--\n/* <!-- */ export default () =>"
                        + " s + r.source + t === '<!--<!--<!--1' ? " + deny + " : " + allow, DENY),
                // arguments: a ReferenceError in a module (no global of that name), the factory's own in a function
                Arguments.of("const n = typeof arguments;\nexport default () => n === 'undefined' ? " + deny + " : " + allow,
                        "p.js:1:18: `arguments` outside a function is not defined in a module"),
                Arguments.of("export default () => {\n  try { arguments; return " + allow + " } catch (e) { return " + deny + " }\n}",
                        "p.js:2:9: `arguments`"),
                Arguments.of("export default function () { return arguments.length === 2 ? " + deny + " : " + allow + " }", DENY),
                Arguments.of("const o = {arguments: 1}; class C { arguments() { return o.arguments } }\n"
                        + "export default () => new C().arguments() === 1 ? " + deny + " : " + allow, DENY),
                // a direct eval at the top level sees the scope there: the factory's arguments and new.target
                Arguments.of("const n = eval('typeof arguments');\nexport default () => n === 'undefined' ? " + deny + " : " + allow,
                        "p.js:1:11: a direct eval() outside a function"),
                Arguments.of("export default () => eval('new.target') === undefined ? " + allow + " : " + deny,
                        "p.js:1:22: a direct eval()"),
                Arguments.of("function f() { return eval('typeof arguments') }\nconst g = (0, eval)('typeof arguments');\n"
                        + "export default () => f() === 'object' && g === 'undefined' ? " + deny + " : " + allow, DENY),
                // a hashbang ends at any line terminator
                Arguments.of("#!/usr/bin/env node\u2028export default () => (" + deny + ")", DENY),
                Arguments.of("#!/usr/bin/env node\u2029export default () => (" + deny + ")", DENY),
                Arguments.of("#!/usr/bin/env node\rexport default () => (" + deny + ")", DENY),
                Arguments.of("#!/usr/bin/env node\r\nexport default () => (" + deny + ")", DENY),
                // `export default` with any white space or comment between the keywords
                Arguments.of("export // c\u2028default () => (" + deny + ")", DENY),
                Arguments.of("export\u00a0default () => (" + deny + ")", DENY),
                Arguments.of("export\ufeffdefault () => (" + deny + ")", DENY),
                // what reads alike: this, strict Annex B, a trailing comment, top-level var
                Arguments.of("const t = this;\nexport default () => t === undefined ? " + deny + " : " + allow, DENY),
                Arguments.of("export default function () { return this === undefined ? " + deny + " : " + allow + " }", DENY),
                Arguments.of("{ function f() {} }\nexport default () => typeof f === 'undefined' ? " + deny + " : " + allow, DENY),
                Arguments.of("var v = 1;\nexport default () => globalThis.v === undefined ? " + deny + " : " + allow, DENY),
                Arguments.of("export default () => (" + deny + ") // the end", DENY),
                // what a module refuses is refused, with the module's own message
                Arguments.of("const m = import.meta;\nexport default () => (" + deny + ")",
                        "p.js:1:11: import.meta is not available in policies"),
                Arguments.of("const t = new.target;\nexport default () => (" + deny + ")", "p.js:1:21: SyntaxError: new.target"),
                Arguments.of("const await = 1;\nexport default () => (" + deny + ")", "p.js:1:7: SyntaxError"),
                Arguments.of("const yield = 1;\nexport default () => (" + deny + ")", "p.js:1:7: SyntaxError"),
                Arguments.of("let x = 1;\n-->x\nexport default () => (" + deny + ")", "p.js:2:"),
                Arguments.of("export default () => 010 === 8 ? " + deny + " : " + allow, "p.js:1:22: SyntaxError"),
                Arguments.of("if (true) function f() {}\nexport default () => (" + deny + ")", "p.js:1:"),
                Arguments.of("function f() {}\nvar f;\nexport default () => (" + deny + ")", "p.js:2:"),
                Arguments.of("return;\nexport default () => (" + deny + ")", "p.js:1:1: SyntaxError"));
    }

    @ParameterizedTest
    @MethodSource("moduleMeaning")
    void theFactoryMeansWhatTheModuleMeans(String source, String expected) {
        EvaluationResult result = ENGINE.evaluate(Trigger.PRE_SIGNUP, Payloads.of(Trigger.PRE_SIGNUP),
                List.of(new PolicySource("p.js", source)), null);
        String actual = result.response().map(r -> r.toWire().toString())
                .orElseGet(() -> result.failure().orElseThrow().located());
        assertTrue(actual.startsWith(expected), () -> "expected " + expected + "\n     got " + actual);
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
