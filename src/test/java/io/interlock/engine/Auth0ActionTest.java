package io.interlock.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.interlock.json.StrictJson;
import io.interlock.testing.Payloads;
import io.interlock.trigger.Trigger;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Auth0 Actions run unchanged: what each api call becomes, what event holds, how failures read. */
class Auth0ActionTest {

    static final String SECRET = "sk_live_9f8e7d6c5b4a";
    /** A deadline well above a cold first run of the adapter, still short for the runaway rows. */
    static final PolicyEngine ENGINE = PolicyEngine.create(EngineSettings.defaults().withLimits(Limits.of(1000, 1024))
            .withSecrets(ActionSecrets.of(Map.of("API_KEY", SECRET, "REGION", "eu"))));

    static final Trigger SIGNUP = Trigger.PRE_SIGNUP;
    static final Trigger SESSION = Trigger.PRE_SESSION_CREATION;
    static final Trigger M2M = Trigger.PRE_M2M_TOKEN_CREATION;

    /** The first run of the adapter in a cold JVM is slow; keep it out of the rows' deadlines. */
    @BeforeAll
    static void warmUp() {
        for (Trigger trigger : List.of(SIGNUP, SESSION, M2M)) {
            PreparedChain chain = ENGINE.prepare(trigger, List.of(new PolicySource("warm.js", signup("") + login("") + m2m(""))), null);
            ENGINE.warmUp(chain, Payloads.of(trigger), 3);
        }
    }

    @AfterAll
    static void close() {
        ENGINE.close();
    }

    static String signup(String body) {
        return "exports.onExecutePreUserRegistration = async (event, api) => {\n" + body + "\n};\n";
    }

    static String login(String body) {
        return "exports.onExecutePostLogin = async (event, api) => {\n" + body + "\n};\n";
    }

    static String m2m(String body) {
        return "exports.onExecuteCredentialsExchange = async (event, api) => {\n" + body + "\n};\n";
    }

    static Stream<Arguments> outcomes() {
        return Stream.of(
                // trigger | Action source | expected wire JSON or failure code | fragment of the located failure
                row(SIGNUP, signup(""), "{\"decision\":\"ALLOW\"}", ""),
                row(SIGNUP, signup("api.access.deny('blocked_domain', 'Use your work email');"),
                        "{\"decision\":\"DENY\",\"error\":{\"message\":\"Use your work email\"}}", ""),
                row(SIGNUP, signup("api.access.deny('Sign-ups are closed');"),
                        "{\"decision\":\"DENY\",\"error\":{\"message\":\"Sign-ups are closed\"}}", ""),
                row(SIGNUP, signup("api.access.deny();"), "{\"decision\":\"DENY\"}", ""),
                row(SIGNUP, signup("api.validation.error('invalid_email', 'That address cannot be used');"),
                        "{\"decision\":\"DENY\",\"error\":{\"message\":\"That address cannot be used\"}}", ""),
                row(SIGNUP, signup("return api.access.deny('no');"), "{\"decision\":\"DENY\",\"error\":{\"message\":\"no\"}}", ""),
                row(SIGNUP, signup("api.access.deny('first'); api.access.deny('second');"),
                        "{\"decision\":\"DENY\",\"error\":{\"message\":\"first\"}}", ""),
                row(SIGNUP, signup("api.user.setUserMetadata('plan', 'pro').user.setAppMetadata('tier', 1);"),
                        "{\"decision\":\"ALLOW\"}", ""),
                row(SIGNUP, "module.exports = { onExecutePreUserRegistration: async (event, api) => { api.access.deny('m'); } };",
                        "{\"decision\":\"DENY\",\"error\":{\"message\":\"m\"}}", ""),
                row(SIGNUP, "module.exports.onExecutePreUserRegistration = function (event, api) { api.access.deny(this === module.exports ? 'this' : 'other'); };",
                        "{\"decision\":\"DENY\",\"error\":{\"message\":\"this\"}}", ""),
                // Node runs CommonJS in sloppy mode and allows a top-level return; so does Interlock.
                row(SIGNUP, signup("for (i = 0; i < 2; i++) {}"), "{\"decision\":\"ALLOW\"}", ""),
                row(SIGNUP, "exports.onExecutePreUserRegistration = async () => {};\nreturn;\nthrow new Error('unreachable');",
                        "{\"decision\":\"ALLOW\"}", ""),
                row(SIGNUP, "'use strict';\n" + signup("event.user.email = 'x@evil.test';"), "policy_error",
                        "t.js:3:1: TypeError"),
                row(SIGNUP, signup("api.cache.set('k', 'v');"), "policy_error",
                        "t.js:2:1: Error: api.cache.set() is not supported by Interlock at PRE_SIGNUP"),
                row(SIGNUP, signup("try { api.multifactor.enable('any'); } catch (e) {}"), "policy_error",
                        "api.multifactor.enable() is not supported"),
                row(SIGNUP, signup("api.idToken.setCustomClaim('a', 1);"), "policy_error",
                        "api.idToken.setCustomClaim() is not supported by Interlock at PRE_SIGNUP; the platform has no"
                                + " equivalent. Available here: api.access.deny, api.validation.error,"
                                + " api.user.setUserMetadata, api.user.setAppMetadata."),
                row(SIGNUP, signup("console.log(String(api), api.access, typeof api.cache); api.access.deny(`${api.access}`);"),
                        "{\"decision\":\"DENY\",\"error\":{\"message\":\"[object Object]\"}}", ""),
                row(SIGNUP, "const axios = require('axios');\n" + signup(""), "policy_error",
                        "t.js:1:15: Error: require(\"axios\") is not available: Actions run in Interlock's sandbox without"
                                + " npm packages or Node built-ins, so nothing can be required (available: none)"),
                row(SIGNUP, signup("const crypto = require('crypto');"), "policy_error", "t.js:2:16: Error: require(\"crypto\")"),
                row(SIGNUP, signup("  const user = null;\n  if (user.email) {}"), "policy_error", "t.js:3:7: TypeError"),
                row(SIGNUP, "exports.onExecutePreUserRegistration = async (event, api) => { null.x; };", "policy_error",
                        "t.js:1:64: TypeError"),
                row(SIGNUP, "exports.onExecutePreUserRegistration = async (event, api) => {\n  api.access.deny(;\n};",
                        "policy_error", "t.js:2:19: SyntaxError"),
                row(SIGNUP, "exports.onExecutePreUserRegistration = async (event, api) => { while (true) {} };",
                        "policy_timeout", "1000 ms"),
                row(SIGNUP, "exports.onExecutePostLogin = async (event, api) => {};", "policy_error",
                        "t.js: is an Auth0 Action exporting onExecutePostLogin, but PRE_SIGNUP (policies/pre-signup/) runs"
                                + " onExecutePreUserRegistration; move it to policies/pre-session-creation/ (PRE_SESSION_CREATION)"),
                row(SIGNUP, "exports.onExecutePostChangePassword = async () => {};", "policy_error",
                        "exporting onExecutePostChangePassword, but PRE_SIGNUP (policies/pre-signup/) runs onExecutePreUserRegistration;"
                                + " Interlock runs only"),
                row(SIGNUP, "// onExecutePreUserRegistration\nmodule.exports = {};", "policy_error", "exports no Auth0 handler function"),
                row(Trigger.PRE_USER_INVITATION, "exports.onExecutePreUserRegistration = async () => {};", "policy_error",
                        "Auth0 has no trigger like PRE_USER_INVITATION"),

                row(SESSION, login("api.idToken.setCustomClaim('https://acme.test/plan', 'pro');"
                        + " api.accessToken.setCustomClaim('https://acme.test/region', 'eu');"),
                        "{\"decision\":\"ALLOW\",\"response\":{\"claims\":{\"https://acme.test/plan\":\"pro\",\"https://acme.test/region\":\"eu\"}}}", ""),
                row(SESSION, login("api.idToken.setCustomClaim('tier', 'free'); api.accessToken.setCustomClaim('tier', 'pro');"),
                        "{\"decision\":\"ALLOW\",\"response\":{\"claims\":{\"tier\":\"pro\"}}}", ""),
                row(SESSION, login("api.idToken.setCustomClaim('tier', 'pro'); api.access.deny('Not from there');"),
                        "{\"decision\":\"DENY\",\"error\":{\"message\":\"Not from there\"}}", ""),
                row(SESSION, login("api.idToken.setCustomClaim('roles', ['admin']);"), "invalid_decision",
                        "response.claims.roles: reserved claim"),
                row(SESSION, login("api.idToken.setCustomClaim('f', () => 1);"), "invalid_decision", "response.claims.f: a function"),
                row(SESSION, login("api.accessToken.addScope('admin');"), "policy_error",
                        "api.accessToken.addScope() is not supported by Interlock at PRE_SESSION_CREATION"),
                row(SESSION, login("api.user.setAppMetadata('last_login', event.request.ip);"), "{\"decision\":\"ALLOW\"}", ""),

                row(M2M, m2m("api.accessToken.removeScope('write:logs');"),
                        "{\"decision\":\"ALLOW\",\"response\":{\"claims\":{\"scope\":\"deploy:applications read:deployments\"}}}", ""),
                row(M2M, m2m("api.accessToken.removeScope('write:logs').accessToken.addScope('read:deployments').accessToken"
                        + ".setCustomClaim('https://acme.test/env', 'prod');"),
                        "{\"decision\":\"ALLOW\",\"response\":{\"claims\":{\"https://acme.test/env\":\"prod\",\"scope\":\"deploy:applications read:deployments\"}}}", ""),
                row(M2M, m2m("api.accessToken.addScope('admin:everything');"), "invalid_decision",
                        "response.claims.scope: widens requested scopes (admin:everything)"),
                row(M2M, m2m("for (const s of event.transaction.requested_scopes) api.accessToken.removeScope(s);"),
                        "invalid_decision", "response.claims.scope: must not be empty"),
                row(M2M, m2m("api.access.deny('invalid_scope', 'write:logs is not for this client');"),
                        "{\"decision\":\"DENY\",\"error\":{\"message\":\"write:logs is not for this client\"}}", ""),
                row(M2M, m2m("api.idToken.setCustomClaim('a', 1);"), "policy_error", "api.idToken.setCustomClaim() is not supported"),
                row(M2M, m2m("api.accessToken.removeScope(42);"), "policy_error", "TypeError: api.accessToken.removeScope: the scope"));
    }

    static Arguments row(Trigger trigger, String source, String expected, String fragment) {
        return Arguments.of(trigger, source, expected, fragment);
    }

    @ParameterizedTest(name = "[{index}] {0} {2} <- {1}")
    @MethodSource("outcomes")
    void runsActionInto(Trigger trigger, String source, String expected, String fragment) {
        EvaluationResult result = evaluate(trigger, new PolicySource("t.js", source));
        if (expected.startsWith("{")) {
            assertTrue(result.failure().isEmpty(), () -> "unexpected failure " + result.failure().get().located());
            assertEquals(expected, result.response().orElseThrow().toWire().toString());
        } else {
            Failure failure = result.failure().orElseThrow(() -> new AssertionError("expected " + expected + " got " + result));
            assertEquals(expected, failure.code().code(), failure::located);
            assertTrue(failure.located().contains(fragment), () -> failure.located() + "\n  lacks " + fragment);
        }
        assertHealthy();
    }

    /** After any failure or runaway, the next Action runs normally. */
    static void assertHealthy() {
        EvaluationResult next = evaluate(SIGNUP, new PolicySource("ok.js", signup("if (Object.keys({}).length) api.access.deny('polluted');")));
        assertEquals("{\"decision\":\"ALLOW\"}", next.response().orElseThrow().toWire().toString());
    }

    static EvaluationResult evaluate(Trigger trigger, PolicySource... policies) {
        return ENGINE.evaluate(trigger, Payloads.of(trigger), List.of(policies), null);
    }

    static Stream<Arguments> events() {
        return Stream.of(
                // trigger | expression over event | its JSON from the seed payload
                Arguments.of(SIGNUP, "event.user", "{\"user_id\":\"usr_93418238346728951\",\"email\":\"john.doe@acmecorp.com\","
                        + "\"email_verified\":true,\"name\":\"John Doe\",\"given_name\":\"John\",\"family_name\":\"Doe\","
                        + "\"created_at\":\"2025-10-06T11:06:49.120Z\",\"updated_at\":\"2025-10-06T13:33:06.479Z\","
                        + "\"user_metadata\":{\"type\":\"social_user\"},\"app_metadata\":{\"type\":\"social_user\"}}"),
                Arguments.of(SIGNUP, "event.request", "{\"ip\":\"203.0.113.24\",\"user_agent\":\"Mozilla/5.0 (Macintosh; Intel Mac OS X"
                        + " 10_15_7) AppleWebKit/537.36...\",\"geoip\":{\"countryCode\":\"IN\",\"cityName\":\"Bengaluru\"}}"),
                Arguments.of(SIGNUP, "event.connection", "{\"id\":\"conn_92561808744978132\",\"name\":\"google-oauth2\","
                        + "\"strategy\":\"google-oauth2\",\"metadata\":{\"type\":\"OAUTH\",\"provider\":\"GOOGLE\"}}"),
                Arguments.of(SIGNUP, "event.tenant", "{\"id\":\"env_92561807201272162\"}"),
                Arguments.of(SIGNUP, "event.transaction", "{\"login_hint\":\"john.doe@example.com\",\"state\":\"xsrPHl7k7ARgdhC6\"}"),
                Arguments.of(SIGNUP, "Object.keys(event)", "[\"tenant\",\"request\",\"user\",\"connection\",\"transaction\",\"secrets\"]"),
                Arguments.of(SIGNUP, "[event.secrets.API_KEY === '" + SECRET + "', event.secrets.REGION, Object.isFrozen(event.secrets),"
                        + " Object.isFrozen(event.user.app_metadata), Object.isFrozen(event.request.geoip)]", "[true,\"[secret REGION]\",true,true,true]"),

                Arguments.of(SESSION, "event.user", "{\"user_id\":\"usr_93418238346728951\",\"email\":\"john.doe@acmecorp.com\","
                        + "\"email_verified\":true,\"name\":\"John Doe\",\"given_name\":\"John\",\"family_name\":\"Doe\","
                        + "\"created_at\":\"2025-10-06T11:06:49.120Z\",\"updated_at\":\"2025-10-06T13:33:06.479Z\","
                        + "\"user_metadata\":{},\"app_metadata\":{}}"),
                Arguments.of(SESSION, "event.organization", "{\"id\":\"org_93418204671239864\"}"),
                Arguments.of(SESSION, "[event.request.geoip, event.transaction, event.authorization]",
                        "[{\"countryCode\":\"US\",\"cityName\":\"San Francisco\"},null,null]"),
                Arguments.of(SESSION, "Object.keys(event)", "[\"tenant\",\"request\",\"user\",\"connection\",\"organization\",\"secrets\"]"),

                Arguments.of(M2M, "event.client", "{\"metadata\":{},\"client_id\":\"m2morg_93710427703245914\"}"),
                Arguments.of(M2M, "event.transaction", "{\"requested_scopes\":[\"deploy:applications\",\"read:deployments\",\"write:logs\"]}"),
                Arguments.of(M2M, "event.accessToken", "{\"customClaims\":{\"service_name\":\"deployment-automation\","
                        + "\"deployment_environment\":\"production\"},\"scope\":[\"deploy:applications\",\"read:deployments\",\"write:logs\"]}"),
                Arguments.of(M2M, "[event.resource_server, event.organization, event.request, event.tenant]",
                        "[{},{\"id\":\"org_89669394174574792\"},{\"user_agent\":\"deployment-service/2.1.0\",\"geoip\":{}},"
                                + "{\"id\":\"env_17002334043308132\"}]"),
                Arguments.of(M2M, "Object.keys(event)", "[\"tenant\",\"request\",\"client\",\"resource_server\",\"transaction\","
                        + "\"accessToken\",\"organization\",\"secrets\"]"));
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @MethodSource("events")
    void eventIsBuiltFromTheSeedPayload(Trigger trigger, String expression, String expected) {
        String body = "console.log(JSON.stringify(" + expression + ", (k, v) => v === undefined ? null : v));";
        String source = switch (trigger) {
            case PRE_SIGNUP -> signup(body);
            case PRE_SESSION_CREATION -> login(body);
            default -> m2m(body);
        };
        EvaluationResult result = evaluate(trigger, new PolicySource("t.js", source));
        assertTrue(result.failure().isEmpty(), () -> result.failure().get().located());
        String printed = result.trace().get(0).console().get(0);
        // Secret values are redacted from console lines, so the rows compare what the Action saw through flags.
        assertEquals(json(expected), json(printed), printed);
    }

    @Test
    void anEmptyPayloadGivesTheContainersAndNoInventedValues() {
        JsonNode payload = StrictJson.parse("{\"trigger_point\":\"PRE_SIGNUP\",\"interceptor_context\":{},\"data\":{}}").node().orElseThrow();
        EvaluationResult result = ENGINE.evaluate(SIGNUP, payload, List.of(new PolicySource("t.js",
                signup("console.log(JSON.stringify({...event, secrets: undefined}));"))), null);
        assertEquals(json("{\"tenant\":{},\"request\":{\"geoip\":{}},\"user\":{\"user_metadata\":{},\"app_metadata\":{}},"
                + "\"connection\":{}}"), json(result.trace().get(0).console().get(0)));
    }

    @Test
    void userMetadataCallsAreRecordedAsNotApplicable() {
        EvaluationResult result = evaluate(SIGNUP, new PolicySource("t.js",
                signup("api.user.setUserMetadata('plan', {tier: 'pro'}); api.user.setAppMetadata('n', 1);"
                        + " api.access.deny('internal: disposable domain', 'Use your work email');")));
        assertEquals(List.of(
                "not applicable: api.user.setUserMetadata(\"plan\", {\"tier\":\"pro\"}) — the platform keeps no Auth0 user metadata; nothing was stored",
                "not applicable: api.user.setAppMetadata(\"n\", 1) — the platform keeps no Auth0 user metadata; nothing was stored",
                "api.access.deny: \"internal: disposable domain\""),
                result.trace().get(0).console());
    }

    @Test
    void secretsReachTheActionButNoTraceConsoleOrFailure() {
        EvaluationResult printed = evaluate(SESSION, new PolicySource("t.js", login(
                "console.log('key', event.secrets.API_KEY); console.log({k: event.secrets});"
                        + " api.idToken.setCustomClaim('https://acme.test/has_key', event.secrets.API_KEY.length === " + SECRET.length() + ");")));
        assertTrue(printed.failure().isEmpty(), () -> printed.failure().get().located());
        assertEquals("{\"decision\":\"ALLOW\",\"response\":{\"claims\":{\"https://acme.test/has_key\":true}}}",
                printed.response().orElseThrow().toWire().toString());
        assertEquals(List.of("key [secret API_KEY]", "{\"k\":{\"API_KEY\":\"[secret API_KEY]\",\"REGION\":\"[secret REGION]\"}}"),
                printed.trace().get(0).console());

        EvaluationResult thrown = evaluate(SIGNUP, new PolicySource("t.js", signup("throw new Error('bad key ' + event.secrets.API_KEY);")));
        Failure failure = thrown.failure().orElseThrow();
        assertFalse(failure.located().contains(SECRET), failure::located);
        assertTrue(failure.located().contains("bad key [secret API_KEY]"), failure::located);

        EvaluationResult denied = evaluate(SIGNUP, new PolicySource("t.js", signup("api.access.deny('x', 'key=' + event.secrets.API_KEY);")));
        assertEquals("{\"decision\":\"DENY\",\"error\":{\"message\":\"key=[secret API_KEY]\"}}",
                denied.response().orElseThrow().toWire().toString());
        assertFalse(ActionSecrets.of(Map.of("API_KEY", SECRET)).toString().contains(SECRET));
    }

    @Test
    void actionsAndPlainPoliciesMixInOneChain() {
        EvaluationResult merged = evaluate(SESSION,
                new PolicySource("10-plain.js", "export default () => ({decision: 'ALLOW', response: {claims: {tier: 'free', region: 'us'}}})"),
                new PolicySource("20-action.js", login("api.accessToken.setCustomClaim('tier', 'pro');")),
                new PolicySource("30-plain.js", "export default (ctx) => ({decision: typeof exports === 'undefined' && typeof require === 'undefined' ? 'ALLOW' : 'DENY'})"));
        assertTrue(merged.failure().isEmpty(), () -> merged.failure().get().located());
        assertEquals("{\"decision\":\"ALLOW\",\"response\":{\"claims\":{\"tier\":\"pro\",\"region\":\"us\"}}}",
                merged.response().orElseThrow().toWire().toString());

        EvaluationResult denied = evaluate(SESSION,
                new PolicySource("10-action.js", login("api.access.deny('Blocked');")),
                new PolicySource("20-plain.js", "export default () => { throw new Error('must not run') }"));
        assertEquals("{\"decision\":\"DENY\",\"error\":{\"message\":\"Blocked\"}}", denied.response().orElseThrow().toWire().toString());
        assertEquals("10-action.js", denied.decidedBy().orElseThrow());
        assertEquals(List.of(PolicyTrace.Outcome.DENY, PolicyTrace.Outcome.SKIPPED), denied.trace().stream().map(PolicyTrace::outcome).toList());
    }

    @Test
    void m2mScopeCallsStartFromWhatTheChainAlreadyNarrowed() {
        EvaluationResult result = evaluate(M2M,
                new PolicySource("10-plain.js", "export default () => ({decision: 'ALLOW', response: {claims: {scope: 'deploy:applications read:deployments'}}})"),
                new PolicySource("20-action.js", m2m("console.log(event.accessToken.scope.join(' ')); api.accessToken.removeScope('deploy:applications');")));
        assertEquals("{\"decision\":\"ALLOW\",\"response\":{\"claims\":{\"scope\":\"read:deployments\"}}}",
                result.response().orElseThrow().toWire().toString());
        assertEquals(List.of("deploy:applications read:deployments"), result.trace().get(1).console());
    }

    @Test
    void anEarlierPolicyPollutingPrototypesCannotFeedOrReadTheEvent() {
        EvaluationResult result = evaluate(SESSION,
                // Each attempt throws under the lockdown; the Action must see none of them either way.
                new PolicySource("10-pollute.js", "export default () => {"
                        + " try { Object.defineProperty(Object.prototype, 'email', {get() { return 'eve@evil.test' }, set(v) { globalThis.stolen = v }, configurable: true}); } catch (e) {}"
                        + " try { Object.prototype.hostname = 'login.evil.test'; } catch (e) {}"
                        + " try { Object.prototype.department = 'board'; } catch (e) {}"
                        + " return {decision: 'ALLOW'} }"),
                new PolicySource("20-action.js", login("const own = Object.getOwnPropertyDescriptor(event.user, 'email');"
                        + " api.access.deny([own && own.value, typeof globalThis.stolen, Object.hasOwn(event.request, 'hostname'),"
                        + " Object.hasOwn(event.user.app_metadata, 'department')].join());")));
        assertEquals("{\"decision\":\"DENY\",\"error\":{\"message\":\"john.doe@acmecorp.com,undefined,false,false\"}}",
                result.response().orElseThrow().toWire().toString());
    }

    @Test
    void loadErrorsNameTheFileAndStopTheChain() {
        PreparedChain chain = ENGINE.prepare(SIGNUP, List.of(
                new PolicySource("10-plain.js", "export default () => ({decision: 'ALLOW'})"),
                new PolicySource("20-action.js", "exports.onExecuteCredentialsExchange = async () => {};")), null);
        assertEquals(1, chain.loadErrors().size());
        assertEquals("20-action.js", chain.loadErrors().get(0).policy());
        assertTrue(chain.loadErrors().get(0).message().contains("move it to policies/pre-m2m-token-creation/"));
    }

    @Test
    void aFileWithAnEsExportIsAPlainPolicyEvenIfItNamesAHandler() {
        EvaluationResult result = evaluate(SIGNUP, new PolicySource("t.js",
                "// ported from exports.onExecutePreUserRegistration\nexport default () => ({decision: 'ALLOW'})"));
        assertEquals("{\"decision\":\"ALLOW\"}", result.response().orElseThrow().toWire().toString());
    }

    private static JsonNode json(String text) {
        return StrictJson.parse(text).node().orElseThrow(() -> new AssertionError("not JSON: " + text));
    }
}
