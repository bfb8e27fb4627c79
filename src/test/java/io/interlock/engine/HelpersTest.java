package io.interlock.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interlock.testing.Payloads;
import io.interlock.trigger.Trigger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 28 item 1: policies import helpers from policies/lib/ (Actions require() them), each load
 * error names the importing policy and the helper with file:line:col, and a helper's module state
 * lives for one policy's call only: not across evaluations, not across policies of a chain.
 */
class HelpersTest {

    static final PolicyEngine ENGINE = PolicyEngine.create(EngineSettings.defaults().withLimits(Limits.of(60_000, 1024)));
    static final String POLICY = "policies/pre-signup/10-p.js";

    static final Map<String, String> LIB = Map.of(
            "policies/lib/mail.js", """
                    export const FREE = ['gmail.com', 'yahoo.com'];
                    export function isFreeMail(email) { return FREE.includes(String(email).split('@')[1]); }
                    export default 'mail';
                    """,
            "policies/lib/deny.js", """
                    import { isFreeMail } from './mail.js';
                    export const denyFree = (email) => isFreeMail(email)
                      ? {decision: 'DENY', error: {message: 'free mail'}} : {decision: 'ALLOW'};
                    """,
            // module state: a counter a policy call bumps; it must never be seen above 1
            "policies/lib/counter.js", """
                    let counter = 0;
                    export const seen = [];
                    export function bump() { counter++; seen.push(counter); return counter; }
                    """,
            "policies/lib/syntax.js", "export const a = 1;\nexport const b = ;\n",
            "policies/lib/throws.js", "export const x = 1;\nthrow new Error('helper top level');\n",
            "policies/lib/cycle-a.js", "import { b } from './cycle-b.js';\nexport const a = 1;\n",
            "policies/lib/cycle-b.js", "import { a } from './cycle-a.js';\nexport const b = 2;\n",
            "policies/lib/missing-dep.js", "export const y = 1;\nimport { z } from './nowhere.js';\n",
            "policies/lib/tla.js", "export const t = await 1;\n");
    static final HelperFiles HELPERS = new HelperFiles("policies", LIB);

    @AfterAll
    static void close() {
        ENGINE.close();
    }

    private static PreparedChain prepare(String... sources) {
        List<PolicySource> policies = new java.util.ArrayList<>();
        for (int i = 0; i < sources.length; i++) {
            policies.add(new PolicySource("policies/pre-signup/" + (i + 1) + "0-p.js", sources[i]));
        }
        return ENGINE.prepare(Trigger.PRE_SIGNUP, policies, null, PackageFiles.none(), HELPERS);
    }

    private static String wire(PreparedChain chain, String email) {
        var payload = Payloads.of(Trigger.PRE_SIGNUP);
        ((com.fasterxml.jackson.databind.node.ObjectNode) payload.get("interceptor_context")).put("user_email", email);
        EvaluationResult result = ENGINE.evaluate(chain, payload);
        return result.response().map(r -> r.toWire().toString()).orElseGet(() -> result.failure().orElseThrow().located());
    }

    static Stream<Arguments> importForms() {
        return Stream.of(
                Arguments.of("import { isFreeMail } from '../lib/mail.js';\n"
                        + "export default (ctx) => isFreeMail(ctx.interceptor_context.user_email) ? {decision: 'DENY'} : {decision: 'ALLOW'};"),
                Arguments.of("import * as mail from '../lib/mail.js';\n"
                        + "export default (ctx) => mail.isFreeMail(ctx.interceptor_context.user_email) ? {decision: 'DENY'} : {decision: 'ALLOW'};"),
                Arguments.of("import name, { isFreeMail as free } from '../lib/mail.js';\n"
                        + "export default (ctx) => name === 'mail' && free(ctx.interceptor_context.user_email) ? {decision: 'DENY'} : {decision: 'ALLOW'};"),
                // through another helper, which imports the first; and used before the import line (imports are hoisted)
                Arguments.of("export default (ctx) => { const d = denyFree(ctx.interceptor_context.user_email); return {decision: d.decision}; };\n"
                        + "import { denyFree } from '../lib/deny.js';"),
                Arguments.of("exports.onExecutePreUserRegistration = async (event, api) => {\n"
                        + "  const { isFreeMail } = require('../lib/mail.js');\n"
                        + "  if (isFreeMail(event.user.email)) api.access.deny('free_mail', 'free mail');\n};"),
                Arguments.of("const { denyFree } = require('../lib/deny');\n"
                        + "exports.onExecutePreUserRegistration = async (event, api) => {\n"
                        + "  if (denyFree(event.user.email).decision === 'DENY') api.access.deny('free_mail', 'free mail');\n};"));
    }

    /** An Action's relative require() of a file outside lib/ stays Node's business at run time: an optional one loads. */
    @Test
    void anActionsOptionalRequireOutsideLibStillLoads() {
        String action = "let config = {};\ntry { config = require('./config.json'); } catch (e) { /* optional */ }\n"
                + "exports.onExecutePreUserRegistration = async (event, api) => {};";
        try (PreparedChain chain = prepare(action)) {
            assertTrue(chain.loaded(), () -> chain.loadErrors().toString());
            assertEquals("{\"decision\":\"ALLOW\"}", wire(chain, "a@acme.test"));
        }
    }

    @ParameterizedTest
    @MethodSource("importForms")
    void aPolicyDecidesWithItsHelpers(String source) {
        try (PreparedChain chain = prepare(source)) {
            assertTrue(chain.loaded(), () -> chain.loadErrors().toString());
            assertTrue(wire(chain, "a@gmail.com").contains("\"DENY\""), wire(chain, "a@gmail.com"));
            assertEquals("{\"decision\":\"ALLOW\"}", wire(chain, "a@acme.test"));
        }
    }

    static Stream<Arguments> loadErrors() {
        String allow = "\nexport default () => ({decision: 'ALLOW'});";
        return Stream.of(
                // importing policy | every piece the located error must carry
                Arguments.of("import { x } from '../../etc/x.js';" + allow,
                        List.of(POLICY + ":1:19: cannot import '../../etc/x.js'", "outside the policies folder")),
                Arguments.of("import { x } from '../pre-user-invitation/10-x.js';" + allow,
                        List.of(POLICY + ":1:19: cannot import", "not in policies/lib/")),
                Arguments.of("import fs from 'fs';" + allow, List.of(POLICY + ":1:16: cannot import 'fs'", "only relative imports")),
                Arguments.of("\nimport { x } from '../lib/nope.js';" + allow,
                        List.of(POLICY + ":2:19: cannot import '../lib/nope.js': no such helper: policies/lib/nope.js")),
                Arguments.of("import { a } from '../lib/syntax.js';" + allow,
                        List.of("policies/lib/syntax.js:2:18: SyntaxError", "imported by " + POLICY + ":1:19")),
                Arguments.of("import { a } from '../lib/cycle-a.js';" + allow,
                        List.of("policies/lib/cycle-b.js:1:19: cannot import './cycle-a.js': import cycle: policies/lib/cycle-a.js → "
                                + "policies/lib/cycle-b.js → policies/lib/cycle-a.js", "reached from " + POLICY + ":1:19")),
                Arguments.of("import { y } from '../lib/missing-dep.js';" + allow,
                        List.of("policies/lib/missing-dep.js:2:19: cannot import './nowhere.js': no such helper",
                                "reached from " + POLICY + ":1:19")),
                Arguments.of("import { nothing } from '../lib/mail.js';" + allow,
                        List.of(POLICY + ":1:25: cannot import 'nothing' from '../lib/mail.js'", "policies/lib/mail.js does not export it")),
                Arguments.of("import { t } from '../lib/tla.js';" + allow,
                        List.of("policies/lib/tla.js: a helper cannot use top-level await", "imported by " + POLICY + ":1:19")),
                Arguments.of("import { x } from '../lib/throws.js';" + allow, List.of(POLICY + ": Error: helper top level (thrown in the helper at policies/lib/throws.js:2:7)")),
                Arguments.of("exports.onExecutePreUserRegistration = async () => {\n  require('../lib/nope.js');\n};",
                        List.of(POLICY + ":2:11: cannot import '../lib/nope.js': no such helper")));
    }

    @ParameterizedTest
    @MethodSource("loadErrors")
    void eachLoadErrorNamesThePolicyAndTheHelperWithTheirPlace(String source, List<String> expected) {
        try (PreparedChain chain = prepare(source)) {
            assertTrue(!chain.loaded(), "loaded: " + source);
            String located = chain.loadErrors().get(0).located();
            for (String piece : expected) {
                assertTrue(located.contains(piece), () -> "expected «" + piece + "» in: " + located);
            }
        }
    }

    /**
     * A helper's top-level {@code let counter}: each policy call sees it start at 0, whether the
     * calls are consecutive evaluations on one context or two policies of one chain (each gets its
     * own instance), and a policy that pushes into an exported array leaves nothing for the next.
     */
    @Test
    void aHelpersModuleStateLivesForOnePolicyCallOnly() {
        String policy = """
                import { bump, seen } from '../lib/counter.js';
                import * as again from '../lib/counter.js';
                export default () => {
                  const first = bump(), second = again.bump();
                  return first === 1 && second === 2 && seen.length === 2 ? {decision: 'ALLOW'}
                    : {decision: 'DENY', error: {message: 'leaked: ' + first + ',' + second + ',' + seen.length}};
                };
                """;
        String action = """
                exports.onExecutePreUserRegistration = async (event, api) => {
                  const { bump } = require('../lib/counter.js');
                  const n = bump();
                  if (n !== 1) api.access.deny('leak', 'leaked: ' + n);
                };
                """;
        try (PreparedChain chain = prepare(policy, policy, action, policy)) {
            assertTrue(chain.loaded(), () -> chain.loadErrors().toString());
            for (int evaluation = 0; evaluation < 5; evaluation++) {
                assertEquals("{\"decision\":\"ALLOW\"}", wire(chain, "a@acme.test"), "evaluation " + evaluation);
            }
        }
    }

    @Test
    void aHelpersNamespaceIsFrozenAndItsBindingsCannotBeAssigned() {
        String policy = """
                import * as mail from '../lib/mail.js';
                import { FREE } from '../lib/mail.js';
                export default () => {
                  const tries = [() => { mail.isFreeMail = () => false; }, () => { mail.extra = 1; },
                    () => { FREE = []; }, () => { delete mail.FREE; }];
                  let refused = 0;
                  for (const t of tries) { try { t(); } catch (e) { refused++; } }
                  return refused === 4 && Object.isFrozen(mail) ? {decision: 'ALLOW'} : {decision: 'DENY', error: {message: 'refused ' + refused}};
                };
                """;
        try (PreparedChain chain = prepare(policy)) {
            assertEquals("{\"decision\":\"ALLOW\"}", wire(chain, "a@acme.test"));
        }
    }

    @Test
    void theChainRecordsEachPolicysHelpersAndAVersionOverTheirContents() {
        String policy = "import { denyFree } from '../lib/deny.js';\nexport default (ctx) => denyFree(ctx.interceptor_context.user_email);";
        try (PreparedChain chain = prepare(policy)) {
            Map<String, String> helpers = chain.helpersByPolicy().get("policies/pre-signup/10-p.js");
            assertEquals(List.of("policies/lib/deny.js", "policies/lib/mail.js"), List.copyOf(helpers.keySet()));
            assertEquals(HelperFiles.sha256(LIB.get("policies/lib/mail.js")), helpers.get("policies/lib/mail.js"));
            assertEquals(12, chain.versionHash().length());
            Map<String, String> changed = new HashMap<>(LIB);
            changed.put("policies/lib/mail.js", LIB.get("policies/lib/mail.js") + "\n// changed\n");
            try (PreparedChain other = ENGINE.prepare(Trigger.PRE_SIGNUP,
                    List.of(new PolicySource("elsewhere/policies/pre-signup/10-p.js", policy)), null,
                    PackageFiles.none(), new HelperFiles("elsewhere/policies", relocated(changed)))) {
                assertNotEquals(chain.versionHash(), other.versionHash(), "a changed helper is a new version");
            }
            try (PreparedChain same = ENGINE.prepare(Trigger.PRE_SIGNUP,
                    List.of(new PolicySource("elsewhere/policies/pre-signup/10-p.js", policy)), null, PackageFiles.none(),
                    new HelperFiles("elsewhere/policies", relocated(LIB)))) {
                assertEquals(chain.versionHash(), same.versionHash(), "the same files elsewhere are the same version");
            }
        }
    }

    private static Map<String, String> relocated(Map<String, String> lib) {
        Map<String, String> out = new HashMap<>();
        lib.forEach((name, text) -> out.put("elsewhere/" + name, text));
        return out;
    }
}
