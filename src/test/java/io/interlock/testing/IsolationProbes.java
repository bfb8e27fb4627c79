package io.interlock.testing;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Every channel we know through which one evaluation could leave something for another in a
 * reused context: a polluting statement and an expression that is true when a later evaluation
 * (or a later policy of the same chain) sees the pollution. {@link Guard} says what closes it, so
 * a test can show each probe really leaks when that guard is switched off.
 */
public final class IsolationProbes {

    /** What closes a channel. */
    public enum Guard {
        /** The lockdown: frozen intrinsics, removed features, swept globals. */
        LOCKDOWN,
        /** A fresh module instance per evaluation, or the harness's own objects (payload copy, frozen data and console). */
        INSTANCE
    }

    public record Probe(String name, Guard guard, String pollute, String detect) {}

    public static final List<Probe> ALL = List.of(
            new Probe("Object.prototype property", Guard.LOCKDOWN, "Object.prototype.leak = 1;", "({}).leak === 1"),
            new Probe("Object.prototype accessor", Guard.LOCKDOWN,
                    "Object.defineProperty(Object.prototype, 'email', {get() { return 'x' }, configurable: true});",
                    "Object.getOwnPropertyDescriptor(Object.prototype, 'email') !== undefined"),
            new Probe("Array.prototype method", Guard.LOCKDOWN, "Array.prototype.includes = () => true;", "[1].includes(2)"),
            new Probe("Array.prototype prototype swap", Guard.LOCKDOWN,
                    "Object.setPrototypeOf(Array.prototype, {leak: 1});", "[].leak === 1"),
            new Probe("JSON.parse", Guard.LOCKDOWN, "JSON.parse = () => ({leak: 1});", "JSON.parse('{}').leak === 1"),
            new Probe("String.prototype.split", Guard.LOCKDOWN, "String.prototype.split = () => ['leak'];",
                    "'a@b'.split('@')[0] === 'leak'"),
            new Probe("Promise.prototype.then", Guard.LOCKDOWN, "Promise.prototype.then = function () { return 'leak' };",
                    "Promise.resolve(1).then((x) => x) === 'leak'"),
            new Probe("Function.prototype.toString", Guard.LOCKDOWN, "Function.prototype.toString = () => 'leak';",
                    "(function () {}).toString() === 'leak'"),
            new Probe("Date.prototype", Guard.LOCKDOWN, "Date.prototype.getTime = () => 0;", "new Date(5).getTime() === 0"),
            new Probe("Math", Guard.LOCKDOWN, "Math.max = () => 99;", "Math.max(1, 2) === 99"),
            new Probe("Number.prototype", Guard.LOCKDOWN, "Number.prototype.toFixed = () => 'leak';", "(1).toFixed(2) === 'leak'"),
            new Probe("Reflect", Guard.LOCKDOWN, "Reflect.ownKeys = () => [];", "Reflect.ownKeys({a: 1}).length === 0"),
            new Probe("RegExp.prototype.exec", Guard.LOCKDOWN, "RegExp.prototype.exec = () => ['x'];", "/a/.test('b')"),
            new Probe("RegExp legacy statics", Guard.LOCKDOWN, "/(s3cr3t)/.exec('id s3cr3t end');",
                    "RegExp.$1 === 's3cr3t' || RegExp.lastMatch === 's3cr3t' || String(RegExp.input).includes('s3cr3t')"),
            new Probe("Error.prototype.message", Guard.LOCKDOWN, "Error.prototype.message = 'leak';",
                    "new Error().message === 'leak'"),
            new Probe("Error.stackTraceLimit", Guard.LOCKDOWN, "Error.stackTraceLimit = 0;", "Error.stackTraceLimit === 0"),
            new Probe("console", Guard.INSTANCE, "console.leak = 1;", "console.leak === 1"),
            new Probe("array iterator prototype", Guard.LOCKDOWN,
                    "Object.getPrototypeOf([][Symbol.iterator]()).next = function () { return {done: true} };",
                    "[...[1, 2]].length !== 2"),
            new Probe("map iterator prototype", Guard.LOCKDOWN, "Object.getPrototypeOf(new Map().entries()).leak = 1;",
                    "new Map().entries().leak === 1"),
            new Probe("iterator helper prototype", Guard.LOCKDOWN,
                    "Object.getPrototypeOf([].values().map((x) => x)).leak = 1;", "[].values().map((x) => x).leak === 1"),
            new Probe("generator prototype", Guard.LOCKDOWN, "Object.getPrototypeOf(function* () {}).prototype.leak = 1;",
                    "(function* () {})().leak === 1"),
            new Probe("async function prototype", Guard.LOCKDOWN, "Object.getPrototypeOf(async function () {}).leak = 1;",
                    "(async function () {}).leak === 1"),
            new Probe("Intl segments prototype", Guard.LOCKDOWN,
                    "Object.getPrototypeOf(new Intl.Segmenter().segment('')).leak = 1;", "new Intl.Segmenter().segment('').leak === 1"),
            new Probe("global by assignment", Guard.LOCKDOWN, "globalThis.leakA = 1;", "typeof leakA !== 'undefined'"),
            new Probe("global by sloppy assignment", Guard.LOCKDOWN, "Function('leakB = 1')();", "typeof leakB !== 'undefined'"),
            new Probe("global var from indirect eval", Guard.LOCKDOWN, "(0, eval)('var leakC = 1');", "typeof leakC !== 'undefined'"),
            new Probe("global function from indirect eval", Guard.LOCKDOWN, "(0, eval)('function leakD() {}');",
                    "typeof leakD === 'function'"),
            new Probe("global accessor", Guard.LOCKDOWN, "globalThis.__defineGetter__('leakE', () => 1);",
                    "typeof leakE !== 'undefined'"),
            new Probe("global that cannot be removed", Guard.LOCKDOWN, "Object.defineProperty(globalThis, 'leakF', {value: 1});",
                    "typeof leakF !== 'undefined'"),
            new Probe("global written by a late promise job", Guard.LOCKDOWN,
                    "Promise.resolve().then(() => { globalThis.leakG = 1 });", "typeof leakG !== 'undefined'"),
            new Probe("a built-in global replaced", Guard.LOCKDOWN, "globalThis.JSON = {leak: 1};", "JSON.leak === 1"),
            new Probe("FinalizationRegistry and WeakRef available", Guard.LOCKDOWN, "",
                    "typeof FinalizationRegistry === 'function' || typeof WeakRef === 'function'"),
            new Probe("SharedArrayBuffer and Atomics available", Guard.LOCKDOWN, "",
                    "typeof SharedArrayBuffer === 'function' || typeof Atomics === 'object'"),
            new Probe("fetch replaced", Guard.LOCKDOWN, "globalThis.fetch = () => 'leak';", "fetch() === 'leak'"),
            new Probe("fetch property", Guard.LOCKDOWN, "fetch.leak = 1;", "fetch.leak === 1"),
            new Probe("Response.prototype", Guard.LOCKDOWN, "Response.prototype.json = () => 'leak';",
                    "new Response('{}').json() === 'leak'"),
            new Probe("Headers.prototype", Guard.LOCKDOWN, "Headers.prototype.get = () => 'leak';",
                    "new Headers().get('a') === 'leak'"),
            new Probe("module state", Guard.INSTANCE, "moduleState += 1;", "moduleState !== 0"),
            new Probe("shared data", Guard.INSTANCE, "data.list.push('leak');", "data.list.length !== 1"),
            new Probe("the payload", Guard.INSTANCE, "ctx.interceptor_context.user_email = 'leak';",
                    "ctx.interceptor_context.user_email === 'leak'"));

    /**
     * The probes whose pollution lets a later policy of the same chain run: a global that cannot
     * be removed fails the chain instead (policy_error, naming the policy that defined it).
     */
    public static List<Probe> withinOneChain() {
        return ALL.stream().filter(p -> !p.name().equals("global that cannot be removed")).toList();
    }

    private IsolationProbes() {}

    /** Detects, then pollutes: a second evaluation on the same context sees what the first left. */
    public static String detectThenPollute(Probe probe) {
        return "let moduleState = 0;\nexport default (ctx, data) => {\n" + detection(List.of(probe))
                + attempts(List.of(probe)) + answer() + "};\n";
    }

    /** Pollutes only: the first policy of a chain. */
    public static String polluter(List<Probe> probes) {
        return "let moduleState = 0;\nexport default (ctx, data) => {\n" + attempts(probes) + "  return {decision: 'ALLOW'};\n};\n";
    }

    /** Detects only: a later policy of the chain, or a later evaluation. */
    public static String detector(List<Probe> probes) {
        return "let moduleState = 0;\nexport default (ctx, data) => {\n" + detection(probes) + answer() + "};\n";
    }

    /** Every probe at once: detect all, then pollute all. */
    public static String detectThenPolluteAll() {
        return "let moduleState = 0;\nexport default (ctx, data) => {\n" + detection(ALL) + attempts(ALL) + answer() + "};\n";
    }

    /** The global probes, for Auth0 Actions: Node's sloppy CommonJS keeps globalThis extensible. */
    public static List<Probe> globals() {
        return ALL.stream().filter(p -> p.name().startsWith("global") || p.name().startsWith("a built-in global")).toList();
    }

    /** As {@link #detectThenPollute}, written as an Auth0 Action (sloppy CommonJS). */
    public static String actionDetectThenPollute(Probe probe) {
        return "exports.onExecutePreUserRegistration = async (event, api) => {\n" + detection(List.of(probe))
                + attempts(List.of(probe)) + actionAnswer() + "};\n";
    }

    public static String actionPolluter(List<Probe> probes) {
        return "exports.onExecutePreUserRegistration = async (event, api) => {\n" + attempts(probes) + "};\n";
    }

    public static String actionDetector(List<Probe> probes) {
        return "exports.onExecutePreUserRegistration = async (event, api) => {\n" + detection(probes) + actionAnswer() + "};\n";
    }

    private static String actionAnswer() {
        return "  if (leaks.length) api.access.deny('leak: ' + leaks.join(', '));\n";
    }

    private static String detection(List<Probe> probes) {
        return "  const leaks = [];\n" + probes.stream()
                .map(p -> "  try { if (" + p.detect() + ") leaks.push(" + quote(p.name()) + "); } catch (e) {}\n")
                .collect(Collectors.joining());
    }

    /** Each write on its own: under the lockdown most throw, and one refusal must not skip the next. */
    private static String attempts(List<Probe> probes) {
        return probes.stream().filter(p -> !p.pollute().isEmpty())
                .map(p -> "  try { " + p.pollute() + " } catch (refused) {}\n").collect(Collectors.joining());
    }

    private static String answer() {
        return "  return leaks.length ? {decision: 'DENY', error: {message: 'leak: ' + leaks.join(', ')}} : {decision: 'ALLOW'};\n";
    }

    private static String quote(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
