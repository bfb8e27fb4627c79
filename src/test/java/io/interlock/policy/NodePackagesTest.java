package io.interlock.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interlock.engine.EngineSettings;
import io.interlock.engine.EvaluationResult;
import io.interlock.engine.Limits;
import io.interlock.engine.PolicyEngine;
import io.interlock.engine.PolicySource;
import io.interlock.engine.PreparedChain;
import io.interlock.testing.Payloads;
import io.interlock.trigger.Trigger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** npm packages beside the policies: read when the folder loads, instantiated afresh in every evaluation. */
class NodePackagesTest {

    static final PolicyEngine ENGINE = PolicyEngine.create(EngineSettings.defaults().withLimits(Limits.of(20_000, 1024)));
    @TempDir
    static Path root;

    static final Map<String, String> FILES = Map.ofEntries(
            // a package with a main, relative requires, a JSON file and a dependency of its own
            Map.entry("node_modules/greeter/package.json", "{\"name\": \"greeter\", \"main\": \"lib/main.js\"}"),
            Map.entry("node_modules/greeter/lib/main.js", "const words = require('./words.json'); const shout = require('shout');\n"
                    + "let calls = 0;\nexports.greet = (n) => shout(words.hello + ' ' + n) + ' #' + (++calls);"),
            Map.entry("node_modules/greeter/lib/words.json", "{\"hello\": \"hi\"}"),
            Map.entry("node_modules/shout/index.js", "module.exports = (s) => s.toUpperCase();"),
            // exports with conditions, a subpath and a pattern
            Map.entry("node_modules/@acme/conditional/package.json", "{\"name\": \"@acme/conditional\", \"exports\": {"
                    + "\".\": {\"import\": \"./esm.mjs\", \"require\": \"./cjs.cjs\"}, \"./extra\": \"./extra.js\", \"./feat/*\": \"./features/*.js\"}}"),
            Map.entry("node_modules/@acme/conditional/cjs.cjs", "module.exports = 'cjs';"),
            Map.entry("node_modules/@acme/conditional/esm.mjs", "export default 'esm';"),
            Map.entry("node_modules/@acme/conditional/extra.js", "module.exports = 'extra';"),
            Map.entry("node_modules/@acme/conditional/features/a.js", "module.exports = 'feature a';"),
            // refused kinds
            Map.entry("node_modules/native/package.json", "{\"name\": \"native\", \"main\": \"index.js\", \"gypfile\": true}"),
            Map.entry("node_modules/native/index.js", "module.exports = require('./build/Release/native.node');"),
            Map.entry("node_modules/esm-only/package.json", "{\"name\": \"esm-only\", \"type\": \"module\", \"main\": \"index.js\"}"),
            Map.entry("node_modules/esm-only/index.js", "export const x = 1;"),
            Map.entry("node_modules/escape/index.js", "}; }); globalThis.leak = 1; (function () { return function () {"),
            Map.entry("node_modules/sneaky/index.js", "module.exports = require('../../pre-signup/secret.js');"),
            Map.entry("node_modules/uses-http/index.js", "const http = require('http'); module.exports = http;"),
            // issue 24: an HTTP client whose Node build needs http and whose browser build calls fetch(), as axios
            Map.entry("node_modules/client/package.json", "{\"name\": \"client\", \"exports\": {\".\": {\"browser\": {\"require\":"
                    + " \"./dist/browser.cjs\"}, \"default\": {\"require\": \"./dist/node.cjs\"}}}}"),
            Map.entry("node_modules/client/dist/node.cjs", "const http = require('http'); module.exports = () => http.request();"),
            Map.entry("node_modules/client/dist/browser.cjs", "module.exports = async (url) => (await fetch(url)).status;"),
            // a package that requires fs at its top for a path the Action never takes
            Map.entry("node_modules/uses-fs/index.js", "const fs = require('fs');\n"
                    + "exports.fromFile = (p) => fs.readFileSync(p, 'utf8'); exports.upper = (s) => s.toUpperCase();"),
            Map.entry("node_modules/uses-buffer/index.js", "module.exports = (s) => Buffer.from(s).toString('base64') + typeof process.env;"));

    @BeforeAll
    static void writeFolder() throws IOException {
        for (Map.Entry<String, String> file : FILES.entrySet()) {
            Path path = root.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
        }
        Files.writeString(root.resolve("secret.js"), "module.exports = 'outside';");
    }

    @AfterAll
    static void close() {
        ENGINE.close();
    }

    static EvaluationResult run(String action) {
        NodePackages.Result read = NodePackages.read(root, List.of(action));
        assertEquals(List.of(), read.problems());
        PreparedChain chain = ENGINE.prepare(Trigger.PRE_SIGNUP, List.of(new PolicySource("t.js", action)), null, read.packages());
        return ENGINE.evaluate(chain, Payloads.of(Trigger.PRE_SIGNUP));
    }

    static String action(String body) {
        return "exports.onExecutePreUserRegistration = async (event, api) => {\n" + body + "\n};";
    }

    static Stream<Arguments> requires() {
        return Stream.of(
                // Action | the DENY message it produces, or the failure text it ends with
                Arguments.of(action("api.access.deny(require('greeter').greet('ann'));"), "HI ANN #1"),
                Arguments.of("const { greet } = require('greeter');\n" + action("greet('x'); api.access.deny(greet('bob'));"), "HI BOB #2"),
                Arguments.of(action("api.access.deny([require('@acme/conditional'), require('@acme/conditional/extra'),"
                        + " require('@acme/conditional/feat/a')].join());"), "cjs,extra,feature a"),
                Arguments.of(action("api.access.deny(require('uses-buffer')('hi'));"), "aGk=object"),
                Arguments.of(action("let m; try { require('optional-thing'); } catch (e) { m = e.code; } api.access.deny(m);"), "MODULE_NOT_FOUND"),
                Arguments.of(action("require('native');"), "failure:'native' is a native addon (compiled code)"),
                Arguments.of(action("require('esm-only');"), "failure:'esm-only' is an ES module package"),
                Arguments.of(action("require('escape');"), "failure:node_modules/escape/index.js is not a CommonJS module body"),
                Arguments.of(action("require('sneaky');"), "failure:Cannot find module '../../pre-signup/secret.js'"),
                // issue 24: a package loads with what it requires of Node's modules the sandbox has no place
                // for; using one fails naming it, the package and why. The policy's own require is refused at once.
                Arguments.of(action("require('uses-http').request('https://x.test');"), "failure:the package 'uses-http' used"
                        + " http.request(), which cannot work in Interlock's sandbox: a policy cannot open connections itself"),
                Arguments.of(action("let m; try { require('uses-fs').fromFile('/etc/passwd'); } catch (e) { m = e.code; }"
                        + " api.access.deny(m + ' ' + require('uses-fs').upper('ok'));"), "ERR_INTERLOCK_UNAVAILABLE OK"),
                Arguments.of("require('http');\n" + action(""), "failure:t.js:1:1: Error: require(\"http\") is not available"),
                Arguments.of(action("api.access.deny(require('client').toString().includes('fetch(url)') ? 'browser build' : 'node build');"),
                        "browser build"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("requires")
    void actionsRequirePackagesBesideThePolicies(String action, String expected) {
        EvaluationResult result = run(action);
        if (expected.startsWith("failure:")) {
            String located = result.failure().orElseThrow(() -> new AssertionError("expected a failure, got " + result)).located();
            assertTrue(located.contains(expected.substring(8)), () -> located + "\n  lacks " + expected.substring(8));
        } else {
            assertTrue(result.failure().isEmpty(), () -> result.failure().get().located());
            assertEquals("{\"decision\":\"DENY\",\"error\":{\"message\":\"" + expected + "\"}}",
                    result.response().orElseThrow().toWire().toString());
        }
    }

    @Test
    void moduleStateDoesNotSurviveAnEvaluation() {
        String action = "const { greet } = require('greeter');\n" + action("api.access.deny(greet('c'));");
        NodePackages.Result read = NodePackages.read(root, List.of(action));
        PreparedChain chain = ENGINE.prepare(Trigger.PRE_SIGNUP, List.of(new PolicySource("t.js", action)), null, read.packages());
        for (int i = 0; i < 3; i++) {
            assertEquals("{\"decision\":\"DENY\",\"error\":{\"message\":\"HI C #1\"}}",
                    ENGINE.evaluate(chain, Payloads.of(Trigger.PRE_SIGNUP)).response().orElseThrow().toWire().toString());
        }
    }

    @Test
    void onlyWhatThePoliciesReachIsRead() {
        NodePackages.Result read = NodePackages.read(root, List.of("require('greeter')"));
        assertEquals(List.of("node_modules/greeter/lib/main.js", "node_modules/greeter/lib/words.json",
                        "node_modules/greeter/package.json", "node_modules/shout/index.js"),
                read.packages().files().keySet().stream().filter(p -> !p.endsWith(".node")).sorted().toList());
        assertTrue(NodePackages.read(root.resolve("nowhere"), List.of("require('greeter')")).packages().isEmpty());
    }
}
