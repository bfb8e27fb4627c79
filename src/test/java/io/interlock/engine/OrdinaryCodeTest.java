package io.interlock.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.interlock.testing.Payloads;
import io.interlock.trigger.Trigger;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Ordinary code that assigns over an inherited built-in keeps working in the frozen realm ("the
 * override mistake", DESIGN.md §6): each row runs its statements, then checks what they did.
 * The rows are what libraries do to their own objects, after Hardened JavaScript's "moderate"
 * list and what issue 22 found throwing.
 */
class OrdinaryCodeTest {

    static final PolicyEngine ENGINE = PolicyEngine.create(EngineSettings.defaults().withLimits(Limits.of(60_000, 1024)));

    @AfterAll
    static void close() {
        ENGINE.close();
    }

    static Stream<Arguments> patterns() {
        return Stream.of(
                row("toString on a plain object", "const o = {}; o.toString = () => 'x';", "String(o) === 'x'"),
                row("valueOf on a plain object", "const o = {}; o.valueOf = () => 41;", "o + 1 === 42"),
                row("toJSON on a plain object", "const o = {a: 1}; o.toJSON = () => 'j';", "JSON.stringify(o) === '\"j\"'"),
                row("hasOwnProperty on a plain object", "const o = {}; o.hasOwnProperty = () => true;", "o.hasOwnProperty('z')"),
                row("constructor through Object.assign", "const o = Object.assign({}, {constructor: 1});", "o.constructor === 1"),
                row("a constructor's prototype.toString", "function Foo() {} Foo.prototype.toString = function () { return 'foo'; };",
                        "String(new Foo()) === 'foo'"),
                row("prototype chain set up by assignment", "function P() {} function C() {} C.prototype = Object.create(P.prototype);"
                        + " C.prototype.constructor = C;", "new C().constructor === C && new C() instanceof P"),
                row("name in an Error subclass", "class MyErr extends Error { constructor(m) { super(m); this.name = 'MyErr'; } }"
                        + " const e = new MyErr('m');", "e.name === 'MyErr' && String(e) === 'MyErr: m'"),
                row("message on an error", "const e = new Error('a'); e.message = 'b';", "e.message === 'b'"),
                row("name and message on an object made from TypeError.prototype",
                        "const e = Object.create(TypeError.prototype); e.name = 'X'; e.message = 'm'; e.constructor = Object;",
                        "e.name === 'X' && e.message === 'm'"),
                row("Error.stackTraceLimit", "Error.stackTraceLimit = 50;", "true"),
                row("an observable array's push", "const seen = []; const a = [];"
                        + " a.push = function (x) { seen[seen.length] = x; return Array.prototype.push.call(this, x); }; a.push(7);",
                        "a.length === 1 && seen[0] === 7"),
                row("an array's own map, includes, concat, toString", "const a = [1]; a.map = () => 'm'; a.includes = () => 'i';"
                        + " a.concat = () => 'c'; a.toString = () => 't';",
                        "a.map() === 'm' && a.includes() === 'i' && a.concat() === 'c' && String(a) === 't'"),
                row("an array's own iterator", "const a = [1, 2]; a[Symbol.iterator] = function* () { yield 9; };",
                        "[...a].length === 1"),
                row("a hand-made iterator over Iterator.prototype",
                        "const p = Object.create(Iterator.prototype); p[Symbol.iterator] = function () { return this; };"
                        + " let n = 0; p.next = () => (n < 2 ? {value: n++, done: false} : {value: undefined, done: true});",
                        "[...p].join() === '0,1'"),
                row("an iterator's own map", "const p = Object.create(Iterator.prototype); p.map = () => 'm';", "p.map() === 'm'"),
                row("bind, name and toString on an object made from Function.prototype",
                        "const f = Object.create(Function.prototype); f.bind = () => 'b'; f.name = 'n'; f.toString = () => 't';",
                        "f.bind() === 'b' && f.name === 'n' && f.toString() === 't'"),
                row("constructor on an object made from Promise.prototype",
                        "const p = Object.create(Promise.prototype); p.constructor = Object;", "p.constructor === Object"),
                row("a typed array subclass's own methods", "class Bytes extends Uint8Array {}"
                        + " Bytes.prototype.toString = function () { return 'bytes'; }; Bytes.prototype.slice = () => 's';",
                        "String(new Bytes(1)) === 'bytes' && new Bytes(1).slice() === 's'"),
                row("toString on a number object", "const n = Object(1); n.toString = () => 'one';", "String(n) === 'one'"),
                row("toJSON on a date", "const d = new Date(0); d.toJSON = () => 'd';", "JSON.stringify(d) === '\"d\"'"),
                row("a generator object's own next", "const g = (function* () { yield 1; })(); g.next = () => ({done: true});",
                        "[...g].length === 0"));
    }

    static Arguments row(String name, String statements, String check) {
        return Arguments.of(name, statements, check);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("patterns")
    void assignsOverAnInheritedBuiltIn(String name, String statements, String check) {
        String policy = "export default () => {\n" + statements + "\nif (!(" + check + ")) throw new Error('wrong result');"
                + "\nreturn {decision: 'ALLOW'};\n};\n";
        EvaluationResult result = ENGINE.evaluate(Trigger.PRE_SIGNUP, Payloads.of(Trigger.PRE_SIGNUP),
                List.of(new PolicySource("ordinary.js", policy)), null);
        assertEquals("ALLOW", result.failure().map(Failure::located).orElse("ALLOW"));
    }
}
