package io.interlock.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interlock.testing.Payloads;
import io.interlock.trigger.Trigger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 24 item 2: secrets belong to their Action. Each Action sees the shared secrets and its own
 * (from the secrets file, keyed by its trigger folder and file, or INTERLOCK_ACTION_&lt;FILE&gt;_SECRET_&lt;NAME&gt;),
 * never another's, and only what it could see is redacted from what it wrote.
 */
class ActionSecretsTest {

    static final ActionSecrets SECRETS = ActionSecrets.of(Map.of("API_KEY", "sk_shared_0123456789"),
            Map.of("pre-signup/10-allowlist.js", Map.of("ALLOWED_DOMAIN", "acmecorp.com")),
            Map.of("20_BLOCKLIST_SECRET_TOKEN", "tok_blocklist_98765"));
    static final PolicyEngine ENGINE = PolicyEngine.create(EngineSettings.defaults().withLimits(Limits.of(60_000, 1024))
            .withSecrets(SECRETS));

    @AfterAll
    static void close() {
        ENGINE.close();
    }

    static String signup(String body) {
        return "exports.onExecutePreUserRegistration = async (event, api) => {\n" + body + "\n};\n";
    }

    @Test
    void eachActionSeesTheSharedSecretsAndItsOwnOnly() {
        EvaluationResult result = ENGINE.evaluate(Trigger.PRE_SIGNUP, Payloads.of(Trigger.PRE_SIGNUP), List.of(
                new PolicySource("policies/pre-signup/10-allowlist.js", signup("console.log(Object.keys(event.secrets).join());")),
                new PolicySource("policies/pre-signup/20-blocklist.js", signup("console.log(Object.keys(event.secrets).join());"))), null);
        assertTrue(result.failure().isEmpty(), () -> result.failure().get().located());
        assertEquals(List.of("ALLOWED_DOMAIN,API_KEY"), result.trace().get(0).console());
        assertEquals(List.of("API_KEY,TOKEN"), result.trace().get(1).console());
    }

    /** The case: one Action's ALLOWED_DOMAIN turned another's denial into "[secret ALLOWED_DOMAIN]". */
    @Test
    void aSecretIsRedactedOnlyFromWhatItsActionWrote() {
        EvaluationResult result = ENGINE.evaluate(Trigger.PRE_SIGNUP, Payloads.of(Trigger.PRE_SIGNUP), List.of(
                new PolicySource("policies/pre-signup/10-allowlist.js", signup("console.log('allowed: ' + event.secrets.ALLOWED_DOMAIN);")),
                new PolicySource("policies/pre-signup/20-blocklist.js", signup(
                        "console.log('acmecorp.com', event.secrets.TOKEN); api.access.deny('blocked', 'Email domain \"acmecorp.com\" is not authorized');"))),
                null);
        assertEquals(List.of("allowed: [secret ALLOWED_DOMAIN]"), result.trace().get(0).console());
        assertEquals(List.of("acmecorp.com [secret TOKEN]", "api.access.deny: \"blocked\""), result.trace().get(1).console());
        assertEquals("{\"decision\":\"DENY\",\"error\":{\"message\":\"Email domain \\\"acmecorp.com\\\" is not authorized\"}}",
                result.response().orElseThrow().toWire().toString());
    }

    @Test
    void aPlainPolicyIsHandedNoSecretAndNothingOfItsOwnIsRedacted() {
        EvaluationResult result = ENGINE.evaluate(Trigger.PRE_SIGNUP, Payloads.of(Trigger.PRE_SIGNUP), List.of(
                new PolicySource("policies/pre-signup/05-plain.js",
                        "export default () => { console.log('sk_shared_0123456789'); return {decision: 'DENY', error: {message: 'acmecorp.com'}}; }")),
                null);
        assertEquals(List.of("sk_shared_0123456789"), result.trace().get(0).console());
        assertEquals("{\"decision\":\"DENY\",\"error\":{\"message\":\"acmecorp.com\"}}", result.response().orElseThrow().toWire().toString());
    }

    @Test
    void anActionIsNamedByItsTriggerFolderAndFileAndItsVariablesByTheFileInCapitals() {
        assertEquals("pre-signup/30-auth0-domain-allowlist.js", ActionSecrets.actionKey("policies/pre-signup/30-auth0-domain-allowlist.js"));
        assertEquals("30_AUTH0_DOMAIN_ALLOWLIST", ActionSecrets.envStem("pre-signup/30-auth0-domain-allowlist.js"));
        assertEquals(Map.of("API_KEY", "sk_shared_0123456789", "TOKEN", "tok_blocklist_98765"),
                SECRETS.forAction("policies/pre-session-creation/20-blocklist.js").asMap());
        assertEquals(Map.of("API_KEY", "sk_shared_0123456789"), SECRETS.forAction("policies/pre-session-creation/10-allowlist.js").asMap());
    }
}
