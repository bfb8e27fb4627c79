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
    static final ActionSecrets SECRETS = ActionSecrets.of(Map.of("API_KEY", SECRET, "REGION", "eu"));
    /** A deadline no busy machine reaches for Actions that must finish. */
    static final PolicyEngine ENGINE = PolicyEngine.create(EngineSettings.defaults().withLimits(Limits.of(60_000, 1024))
            .withSecrets(SECRETS));
    /** Only for Actions that never end, which reach a short deadline whatever the machine's speed. */
    static final PolicyEngine RUNAWAY = PolicyEngine.create(EngineSettings.defaults().withLimits(Limits.of(1000, 1024))
            .withSecrets(SECRETS));

    static final Trigger SIGNUP = Trigger.PRE_SIGNUP;
    static final Trigger SESSION = Trigger.PRE_SESSION_CREATION;
    static final Trigger M2M = Trigger.PRE_M2M_TOKEN_CREATION;

    /** The first run of the adapter in a cold JVM is slow; keep it out of the rows' deadlines. */
    @BeforeAll
    static void warmUp() {
        for (Trigger trigger : List.of(SIGNUP, SESSION, M2M)) {
            String body = "Buffer.from('x'); new URL('https://a.test/?q=1'); require('crypto').createHash('sha256');";
            PreparedChain chain = ENGINE.prepare(trigger, List.of(new PolicySource("warm.js", signup(body) + login(body) + m2m(body))), null);
            ENGINE.warmUp(chain, Payloads.of(trigger), 3);
        }
    }

    @AfterAll
    static void close() {
        ENGINE.close();
        RUNAWAY.close();
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

    /** The handler of {@code trigger}'s Auth0 trigger around {@code body}. */
    static String action(Trigger trigger, String body) {
        return switch (trigger) {
            case PRE_SIGNUP -> signup(body);
            case PRE_SESSION_CREATION -> login(body);
            default -> m2m(body);
        };
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
                row(SIGNUP, "'use strict';\n" + signup("api.access.deny(typeof Buffer.from);"),
                        "{\"decision\":\"DENY\",\"error\":{\"message\":\"function\"}}", ""),
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
                row(SIGNUP, signup("api.cache.flush('k');"), "policy_error",
                        "t.js:2:1: Error: api.cache.flush() is not supported by Interlock at PRE_SIGNUP"),
                row(SIGNUP, signup("api.cache.set('k', 'v'); const hit = api.cache.get('k'); api.access.deny(hit.value + ','"
                        + " + api.cache.get('other'));"), "{\"decision\":\"DENY\",\"error\":{\"message\":\"v,undefined\"}}", ""),
                row(SIGNUP, signup("try { api.multifactor.enable('any'); } catch (e) {}"), "policy_error",
                        "api.multifactor.enable() cannot be honoured by Interlock at PRE_SIGNUP: the platform runs its own"
                                + " multi-factor authentication"),
                row(SESSION, login("api.redirect.sendUserTo('https://consent.example');"), "policy_error",
                        "api.redirect.sendUserTo() cannot be honoured by Interlock at PRE_SESSION_CREATION: an interceptor answers"),
                row(SESSION, login("if (api.rules.wasExecuted('rul_1')) api.access.deny('rule ran');"), "{\"decision\":\"ALLOW\"}", ""),
                row(SIGNUP, signup("api.idToken.setCustomClaim('a', 1);"), "policy_error",
                        "api.idToken.setCustomClaim() is not supported by Interlock at PRE_SIGNUP; the platform has no"
                                + " equivalent. Available here: api.access.deny, api.validation.error,"
                                + " api.user.setUserMetadata, api.user.setAppMetadata, api.cache.get, api.cache.set, api.cache.delete."),
                row(SIGNUP, signup("console.log(String(api), api.access, typeof api.cache); api.access.deny(`${api.access}`);"),
                        "{\"decision\":\"DENY\",\"error\":{\"message\":\"[object Object]\"}}", ""),
                row(SIGNUP, "const axios = require('axios');\n" + signup(""), "policy_error",
                        "t.js:1:15: Error: Cannot find module 'axios': no node_modules/axios in the policies folder; install it"
                                + " there (cd policies && npm install axios)"),
                row(SIGNUP, signup("const http = require('node:http');"), "policy_error",
                        "t.js:2:14: Error: require(\"node:http\") is not available: Node's http module has no place in"
                                + " Interlock's sandbox"),
                row(SIGNUP, signup("require('assert');"), "policy_error",
                        "Node's assert module is not built into Interlock; install its pure-JavaScript copy beside the policies"),
                row(SIGNUP, signup("const crypto = require('crypto'); crypto.createCipheriv('aes-256-gcm', 'k', 'iv');"), "policy_error",
                        "t.js:2:35: Error: crypto.createCipheriv() is not available in Interlock's sandbox"),
                // issue 24: a timer set and cleared (a client's request timeout) is fine; one left set fails the Action
                row(SIGNUP, signup("setTimeout(() => api.access.deny('late'), 10);"), "policy_error",
                        "setTimeout() set a timer that was still pending when the Action ended: timers never fire"),
                row(SIGNUP, signup("const t = setTimeout(() => {}, 5000); clearTimeout(t); api.access.deny('cleared');"),
                        "{\"decision\":\"DENY\",\"error\":{\"message\":\"cleared\"}}", ""),
                row(SIGNUP, signup("const Buffer = 1; api.access.deny(typeof Buffer);"),
                        "{\"decision\":\"DENY\",\"error\":{\"message\":\"number\"}}", ""),
                row(SIGNUP, "const { Buffer } = require('buffer');\n" + signup("api.access.deny(Buffer.from('hi').toString('hex'));"),
                        "{\"decision\":\"DENY\",\"error\":{\"message\":\"6869\"}}", ""),
                row(SIGNUP, signup("api.access.deny([Buffer === require('buffer').Buffer, typeof URL, typeof process.env,"
                        + " global === globalThis, typeof __filename].join());"),
                        "{\"decision\":\"DENY\",\"error\":{\"message\":\"true,function,object,true,string\"}}", ""),
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
                // Issue 24 item 4: as Auth0 does, a reserved claim is left out (with a note) and the login goes on.
                row(SESSION, login("api.idToken.setCustomClaim('roles', ['admin']); api.idToken.setCustomClaim('https://acme.test/roles', ['admin']);"),
                        "{\"decision\":\"ALLOW\",\"response\":{\"claims\":{\"https://acme.test/roles\":[\"admin\"]}}}", ""),
                row(M2M, m2m("api.accessToken.setCustomClaim('client_id', 'other'); api.accessToken.setCustomClaim('aud', 'https://api.acme.test');"),
                        "{\"decision\":\"ALLOW\",\"response\":{\"claims\":{\"aud\":\"https://api.acme.test\"}}}", ""),
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
        EvaluationResult result = (expected.equals("policy_timeout") ? RUNAWAY : ENGINE)
                .evaluate(trigger, Payloads.of(trigger), List.of(new PolicySource("t.js", source)), null);
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
                        + " 10_15_7) AppleWebKit/537.36...\",\"geoip\":{\"countryCode\":\"IN\",\"countryName\":\"India\","
                        + "\"continentCode\":\"AS\",\"cityName\":\"Bengaluru\"}}"),
                Arguments.of(SIGNUP, "event.connection", "{\"id\":\"conn_92561808744978132\",\"name\":\"google-oauth2\","
                        + "\"strategy\":\"google-oauth2\",\"metadata\":{\"type\":\"OAUTH\",\"provider\":\"GOOGLE\"}}"),
                Arguments.of(SIGNUP, "event.tenant", "{\"id\":\"env_92561807201272162\"}"),
                Arguments.of(SIGNUP, "event.transaction", "{\"login_hint\":\"john.doe@example.com\",\"state\":\"xsrPHl7k7ARgdhC6\"}"),
                Arguments.of(SIGNUP, "Object.keys(event)", "[\"tenant\",\"request\",\"user\",\"connection\",\"transaction\",\"configuration\",\"secrets\"]"),
                Arguments.of(SIGNUP, "[event.secrets.API_KEY === '" + SECRET + "', event.secrets.REGION, Object.isFrozen(event.secrets),"
                        + " Object.isFrozen(event.user.app_metadata), Object.isFrozen(event.request.geoip)]", "[true,\"[secret REGION]\",true,true,true]"),

                Arguments.of(SESSION, "event.user", "{\"user_id\":\"usr_93418238346728951\",\"email\":\"john.doe@acmecorp.com\","
                        + "\"email_verified\":true,\"name\":\"John Doe\",\"given_name\":\"John\",\"family_name\":\"Doe\","
                        + "\"created_at\":\"2025-10-06T11:06:49.120Z\",\"updated_at\":\"2025-10-06T13:33:06.479Z\","
                        + "\"user_metadata\":{},\"app_metadata\":{}}"),
                Arguments.of(SESSION, "[event.request.geoip, event.transaction, event.authorization]",
                        "[{\"countryCode\":\"US\",\"countryName\":\"United States\",\"continentCode\":\"NA\","
                                + "\"cityName\":\"San Francisco\"},null,{\"roles\":[]}]"),
                Arguments.of(SESSION, "Object.keys(event)", "[\"tenant\",\"request\",\"user\",\"connection\",\"organization\","
                        + "\"authorization\",\"configuration\",\"secrets\"]"),
                Arguments.of(SESSION, "event.organization", "{\"id\":\"org_93418204671239864\",\"metadata\":{}}"),

                Arguments.of(M2M, "event.client", "{\"metadata\":{},\"client_id\":\"m2morg_93710427703245914\"}"),
                Arguments.of(M2M, "event.transaction", "{\"requested_scopes\":[\"deploy:applications\",\"read:deployments\",\"write:logs\"]}"),
                Arguments.of(M2M, "event.accessToken", "{\"customClaims\":{\"service_name\":\"deployment-automation\","
                        + "\"deployment_environment\":\"production\"},\"scope\":[\"deploy:applications\",\"read:deployments\",\"write:logs\"]}"),
                Arguments.of(M2M, "[event.resource_server, event.organization, event.request, event.tenant]",
                        "[{},{\"id\":\"org_89669394174574792\",\"metadata\":{}},{\"user_agent\":\"deployment-service/2.1.0\",\"geoip\":{},\"body\":{}},"
                                + "{\"id\":\"env_17002334043308132\"}]"),
                Arguments.of(M2M, "Object.keys(event)", "[\"tenant\",\"request\",\"client\",\"resource_server\",\"transaction\","
                        + "\"accessToken\",\"organization\",\"configuration\",\"secrets\"]"));
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @MethodSource("events")
    void eventIsBuiltFromTheSeedPayload(Trigger trigger, String expression, String expected) {
        String body = "console.log(JSON.stringify(" + expression + ", (k, v) => v === undefined ? null : v));";
        String source = action(trigger, body);
        EvaluationResult result = evaluate(trigger, new PolicySource("t.js", source));
        assertTrue(result.failure().isEmpty(), () -> result.failure().get().located());
        List<String> console = result.trace().get(0).console();
        String printed = console.get(console.size() - 1); // after any `interlock:` notes the expression's reads left
        // Secret values are redacted from console lines, so the rows compare what the Action saw through flags.
        assertEquals(json(expected), json(printed), printed);
    }

    static Stream<Arguments> notes() {
        return Stream.of(
                // trigger | handler body | the trace lines it leaves (exactly, in order)
                Arguments.of(SESSION, "if (event.authentication?.riskAssessment?.confidence === 'low') api.access.deny('risky');",
                        List.of("interlock: event.authentication is not provided by the platform")),
                Arguments.of(SESSION, "const n = event.user.multifactor?.length || event.stats?.logins_count; const again = event.stats;",
                        List.of("interlock: event.user.multifactor is not provided by the platform",
                                "interlock: event.stats is not provided by the platform")),
                Arguments.of(SESSION, "if ('session' in event) {} const tz = event.request.geoip.timeZone; const h = event.request.hostname;",
                        List.of("interlock: event.session is not provided by the platform",
                                "interlock: event.request.geoip.timeZone is not in this request's payload",
                                "interlock: event.request.hostname is not provided by the platform")),
                Arguments.of(M2M, "const plan = event.client.metadata.plan; const org = event.organization.metadata.tier;",
                        List.of("interlock: event.client.metadata.plan is not provided by the platform; set clients.<client_id>.metadata"
                                        + " in data/auth0.json",
                                "interlock: event.organization.metadata.tier is not provided by the platform; set"
                                        + " organizations.<id>.metadata in data/auth0.json")),
                Arguments.of(SIGNUP, "const k = event.secrets.MISSING_KEY; const c = event.client;",
                        List.of("interlock: event.secrets.MISSING_KEY is not set (INTERLOCK_SECRET_MISSING_KEY,"
                                        + " INTERLOCK_ACTION_T_SECRET_MISSING_KEY or INTERLOCK_SECRETS_FILE; in a cases file, \"secrets\")",
                                "interlock: event.client is not in this request's payload")),
                Arguments.of(SIGNUP, "const x = event.user.app_metadata.plan; const y = event.request.hostname_typo; JSON.stringify(event);"
                        + " String(event.user); event.user.hasOwnProperty('email');", List.of()),
                // Issue 24: what Auth0 always has is there, and every read of what the platform does not send is noted.
                Arguments.of(SESSION, "if ((event.user.groups || []).includes('admins')) api.access.deny('x');"
                        + " if (event.request.query.prompt === 'none' || event.request.body.refresh_token) api.access.deny('y');",
                        List.of("interlock: event.user.groups is not provided by the platform (Auth0 adds the identity provider's"
                                        + " attributes to the user; the platform sends none)",
                                "interlock: event.request.query.prompt is not provided by the platform",
                                "interlock: event.request.body.refresh_token is not provided by the platform")),
                Arguments.of(M2M, "if (event.request.body.audience) api.access.deny('x'); const c = event.configuration.TIER;",
                        List.of("interlock: event.request.body.audience is not provided by the platform",
                                "interlock: event.configuration.TIER is not set; set configuration.TIER or"
                                        + " actions[\"t.js\"].configuration.TIER in data/auth0.json")),
                Arguments.of(SIGNUP, "try { new WebSocket('wss://x.test'); } catch (e) {} if (typeof ReadableStream === 'function') api.access.deny('x');",
                        List.of("interlock: WebSocket is not available in Interlock's sandbox (Node has it as a global); it reads as undefined",
                                "interlock: ReadableStream is not available in Interlock's sandbox (Node has it as a global); it reads as undefined")),
                Arguments.of(SIGNUP, "const e = process.env.API_URL;",
                        List.of("interlock: process.env.API_URL is empty in the sandbox; Actions read configuration from event.secrets")));
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @MethodSource("notes")
    void readingWhatThePlatformCannotSupplyLeavesANote(Trigger trigger, String body, List<String> expected) {
        String source = action(trigger, body);
        EvaluationResult result = evaluate(trigger, new PolicySource("t.js", source));
        assertTrue(result.failure().isEmpty(), () -> result.failure().get().located());
        assertEquals(expected, result.trace().get(0).console());
    }

    static final String COMMON = "tenant.id secrets configuration request.ip request.user_agent request.hostname request.method"
            + " request.language request.asn request.geoip.cityName request.geoip.continentCode request.geoip.countryCode"
            + " request.geoip.countryCode3 request.geoip.countryName request.geoip.latitude request.geoip.longitude"
            + " request.geoip.subdivisionCode request.geoip.subdivisionName request.geoip.timeZone client.client_id client.name client.metadata";

    /** Auth0's reference of the event object of each trigger (seed 002 for Pre User Registration), field by field. */
    static Stream<Arguments> reference() {
        return Stream.of(
                Arguments.of(SIGNUP, COMMON + " user.app_metadata user.email user.family_name user.given_name user.name user.nickname"
                        + " user.phone_number user.picture user.user_metadata user.username connection.id connection.metadata connection.name"
                        + " connection.strategy transaction.acr_values transaction.locale transaction.protocol transaction.requested_scopes"
                        + " transaction.ui_locales"),
                Arguments.of(SESSION, COMMON + " authentication.methods authentication.riskAssessment authorization.roles connection.id"
                        + " connection.metadata connection.name connection.strategy custom_domain.domain organization.id organization.name"
                        + " organization.display_name organization.metadata prompt refresh_token request.body request.query resource_server.identifier"
                        + " security_context session.id stats.logins_count transaction.acr_values transaction.linking_id transaction.locale"
                        + " transaction.login_hint transaction.metadata transaction.protocol transaction.redirect_uri"
                        + " transaction.requested_authorization_details transaction.requested_scopes transaction.response_mode"
                        + " transaction.response_type transaction.state transaction.ui_locales user.app_metadata user.created_at user.email"
                        + " user.email_verified user.enrolledFactors user.family_name user.given_name user.identities user.last_password_reset"
                        + " user.multifactor user.name user.nickname user.phone_number user.phone_verified user.picture user.updated_at"
                        + " user.user_id user.user_metadata user.username"),
                Arguments.of(M2M, COMMON + " accessToken.customClaims accessToken.scope custom_domain.domain organization.id organization.name"
                        + " organization.display_name organization.metadata request.body resource_server.identifier transaction.requested_scopes"));
    }

    /**
     * Issue 24 item 1: every field of Auth0's reference is either supplied or, when read and absent,
     * noted by name (its own or the first absent object on its path), on the seed payloads.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("reference")
    void everyFieldOfAuth0sReferenceIsSuppliedOrNoted(Trigger trigger, String fields) {
        String body = "const out = [];\n"
                + "for (const path of " + "'" + fields + "'" + ".split(' ')) {\n"
                + "  let v = event, at = 'event';\n"
                + "  for (const key of path.split('.')) { at += '.' + key; v = v[key]; if (v === undefined) break; }\n"
                + "  if (v === undefined && !out.includes(at)) out.push(at);\n"
                + "}\n"
                // a few per line: one line of them all is cut at the console's line length
                + "for (let i = 0; i < out.length; i += 8) console.log('ABSENT ' + JSON.stringify(out.slice(i, i + 8)));";
        EvaluationResult result = evaluate(trigger, new PolicySource("t.js", action(trigger, body)));
        assertTrue(result.failure().isEmpty(), () -> result.failure().get().located());
        List<String> console = result.trace().get(0).console();
        List<JsonNode> absent = console.stream().filter(l -> l.startsWith("ABSENT "))
                .flatMap(l -> java.util.stream.StreamSupport.stream(json(l.substring(7)).spliterator(), false)).toList();
        for (JsonNode path : absent) {
            assertTrue(console.stream().anyMatch(l -> l.startsWith("interlock: " + path.asText() + " ")),
                    () -> path.asText() + " read as undefined without a note: " + console);
        }
    }

    static Stream<Arguments> operatorData() {
        String auth0 = "{\"auth0\": {\"login_client_id\": \"app_dashboard\", \"clients\": {"
                + "\"app_dashboard\": {\"name\": \"Dashboard\", \"metadata\": {\"tier\": \"gold\"}},"
                + "\"m2morg_93710427703245914\": {\"name\": \"Deployer\", \"metadata\": {\"trusted\": \"true\"}}},"
                + "\"organizations\": {\"org_93418204671239864\": {\"name\": \"acme\", \"display_name\": \"Acme\","
                + " \"metadata\": {\"plan\": \"enterprise\"}}}}}";
        return Stream.of(
                // trigger | data | expression | its JSON
                Arguments.of(SESSION, auth0, "event.client", "{\"client_id\":\"app_dashboard\",\"name\":\"Dashboard\",\"metadata\":{\"tier\":\"gold\"}}"),
                Arguments.of(SESSION, auth0, "event.organization", "{\"id\":\"org_93418204671239864\",\"name\":\"acme\","
                        + "\"display_name\":\"Acme\",\"metadata\":{\"plan\":\"enterprise\"}}"),
                Arguments.of(SIGNUP, auth0, "event.client.name", "\"Dashboard\""),
                Arguments.of(M2M, auth0, "event.client", "{\"client_id\":\"m2morg_93710427703245914\",\"name\":\"Deployer\","
                        + "\"metadata\":{\"trusted\":\"true\"}}"),
                Arguments.of(M2M, "{}", "event.client.name", "null"),
                Arguments.of(SIGNUP, "{\"auth0\": {\"configuration\": {\"PLAN\": \"free\", \"REGION\": \"us-east\"}, \"actions\":"
                        + " {\"t.js\": {\"configuration\": {\"PLAN\": \"pro\"}}, \"other.js\": {\"configuration\": {\"X\": 1}}}}}",
                        "event.configuration", "{\"PLAN\":\"pro\",\"REGION\":\"us-east\"}"));
    }

    @ParameterizedTest(name = "[{index}] {0} {2}")
    @MethodSource("operatorData")
    void dataAuth0JsonSuppliesWhatThePlatformDoesNotSend(Trigger trigger, String data, String expression, String expected) {
        String body = "console.log(JSON.stringify(" + expression + ") ?? 'null');";
        String source = action(trigger, body);
        EvaluationResult result = ENGINE.evaluate(trigger, Payloads.of(trigger), List.of(new PolicySource("t.js", source)), json(data));
        assertTrue(result.failure().isEmpty(), () -> result.failure().get().located());
        List<String> console = result.trace().get(0).console();
        assertEquals(json(expected), json(console.get(console.size() - 1)), console::toString);
    }

    @Test
    void m2mRequestIpAndGeoComeFromThePayloadWhenItHasThem() {
        JsonNode payload = Payloads.of(M2M).deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) payload.get("interceptor_context")).put("ip_address", "198.51.100.7")
                .put("region", "DE").put("time_zone", "Europe/Berlin").put("latitude", 52.52).put("longitude", 13.40);
        EvaluationResult result = ENGINE.evaluate(M2M, payload, List.of(new PolicySource("t.js",
                m2m("console.log(JSON.stringify(event.request));"))), null);
        assertEquals(json("{\"ip\":\"198.51.100.7\",\"user_agent\":\"deployment-service/2.1.0\",\"geoip\":{\"countryCode\":\"DE\","
                + "\"countryName\":\"Germany\",\"continentCode\":\"EU\",\"timeZone\":\"Europe/Berlin\",\"latitude\":52.52,"
                + "\"longitude\":13.4},\"body\":{}}"), json(result.trace().get(0).console().get(0)));
    }

    @Test
    void anEmptyPayloadGivesTheContainersAndNoInventedValues() {
        JsonNode payload = StrictJson.parse("{\"trigger_point\":\"PRE_SIGNUP\",\"interceptor_context\":{},\"data\":{}}").node().orElseThrow();
        EvaluationResult result = ENGINE.evaluate(SIGNUP, payload, List.of(new PolicySource("t.js",
                signup("console.log(JSON.stringify({...event, secrets: undefined}));"))), null);
        assertEquals(json("{\"tenant\":{},\"request\":{\"geoip\":{}},\"user\":{\"user_metadata\":{},\"app_metadata\":{}},"
                + "\"connection\":{},\"configuration\":{}}"), json(result.trace().get(0).console().get(0)));
    }

    @Test
    void aReservedClaimOfAnActionIsNotedAndAPlainPolicysStillRefused() {
        EvaluationResult action = evaluate(SESSION, new PolicySource("t.js", login("api.idToken.setCustomClaim('email', 'x@acme.test');")));
        assertEquals(List.of("interlock: the claim \"email\" was not added: the platform reserves that name (Auth0 leaves out claims it"
                + " restricts too); the login goes on without it. Use a namespaced name such as https://example.com/email"),
                action.trace().get(0).console());
        assertEquals("{\"decision\":\"ALLOW\"}", action.response().orElseThrow().toWire().toString());
        EvaluationResult plain = evaluate(SESSION, new PolicySource("p.js",
                "export default () => ({decision: 'ALLOW', response: {claims: {roles: ['admin']}}})"));
        assertEquals("response.claims.roles: reserved claim", plain.failure().orElseThrow().message());
    }

    @Test
    void userMetadataCallsAreRecordedAsNotApplicable() {
        EvaluationResult result = evaluate(SIGNUP, new PolicySource("t.js",
                signup("api.user.setUserMetadata('plan', {tier: 'pro'}); api.user.setAppMetadata('n', 1);"
                        + " api.access.deny('internal: disposable domain', 'Use your work email');")));
        assertEquals(List.of(
                "interlock: api.user.setUserMetadata(\"plan\", {\"tier\":\"pro\"}) is not applicable: the platform keeps no Auth0 user metadata; nothing was stored",
                "interlock: api.user.setAppMetadata(\"n\", 1) is not applicable: the platform keeps no Auth0 user metadata; nothing was stored",
                "api.access.deny: \"internal: disposable domain\""),
                result.trace().get(0).console());
    }

    @Test
    void noCutOfAConsoleLineLeavesPartOfASecret() {
        String longSecret = "L".repeat(700) + "-tail-of-a-long-secret";
        try (PolicyEngine engine = PolicyEngine.create(EngineSettings.defaults().withLimits(Limits.of(60_000, 1024))
                .withSecrets(ActionSecrets.of(Map.of("API_KEY", SECRET, "LONG", longSecret))))) {
            EvaluationResult result = engine.evaluate(SIGNUP, Payloads.of(SIGNUP), List.of(new PolicySource("t.js", signup(
                    "console.log('x'.repeat(990) + event.secrets.API_KEY);"
                            + " console.log(event.secrets.LONG + event.secrets.LONG);"
                            + " console.log('y'.repeat(1500) + event.secrets.API_KEY);"))), null);
            List<String> console = result.trace().get(0).console();
            assertEquals(3, console.size(), console::toString);
            for (String line : console) {
                assertTrue(line.length() <= 1001, () -> "longer than the display cut: " + line.length());
                for (int k = 4; k <= SECRET.length(); k++) {
                    assertTrue(!line.contains(SECRET.substring(0, k)), "a start of the secret shows: " + line);
                }
                assertTrue(!line.contains("LLLLLLLLLL") && !line.contains("tail-of-a-long"), "part of the long secret shows: " + line);
            }
            assertTrue(console.get(0).endsWith("[secre…") || console.get(0).contains("[secret API_KEY]")
                    || console.get(0).endsWith("…"), console.get(0));
            assertTrue(console.get(1).startsWith("[secret LONG][secret LONG]"), console.get(1));
        }
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
