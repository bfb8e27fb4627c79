package io.interlock.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.interlock.testing.Payloads;
import io.interlock.testing.Signer;
import io.interlock.trigger.Trigger;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 28 against a running service: a policy and an Action share a helper from lib/; each
 * decision records the version that made it (the VERSION file's label and the chain's hash), which
 * /v1/decisions filters by, /v1/policies and /metrics show; changing the helper reloads the chain
 * (a new version), a broken helper is refused with the last good chain kept, and a chain that does
 * not use a changed helper is left as it was.
 */
class HelpersServiceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MAIL = "export const FREE = ['gmail.com'];\n"
            + "export function isFreeMail(email) { return FREE.includes(String(email).split('@')[1]); }\n";
    private static final String POLICY = "import { isFreeMail } from '../lib/mail.js';\n"
            + "export default (ctx) => isFreeMail(ctx.interceptor_context.user_email)\n"
            + "  ? { decision: 'DENY', error: { message: 'free mail' } } : { decision: 'ALLOW' };\n";
    private static final String ACTION = "const { isFreeMail } = require('../lib/mail.js');\n"
            + "exports.onExecutePreUserRegistration = async (event, api) => {\n"
            + "  if (isFreeMail(event.user.email)) api.access.deny('free_mail', 'free mail (action)');\n};\n";

    @TempDir
    Path folder;
    private EmbeddedServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private PolicyWatcher start() throws IOException {
        Files.createDirectories(folder.resolve("pre-signup"));
        Files.createDirectories(folder.resolve("pre-user-invitation"));
        Files.createDirectories(folder.resolve("lib"));
        write("lib/mail.js", MAIL);
        write("lib/unused.js", "export const x = 1;\n");
        write("pre-signup/10-mail.js", POLICY);
        write("pre-signup/20-action.js", ACTION);
        write("pre-user-invitation/10-open.js", "export default () => ({ decision: 'ALLOW' });\n");
        write("VERSION", "deploy-1\n");
        server = ApplicationContext.run(EmbeddedServer.class, Map.of("interlock.policies", folder.toString(),
                "interlock.allow-unsigned", true, "interlock.reload", false, "interlock.decision-db", "none",
                "interlock.log-sink", "none", "micronaut.server.port", -1));
        return server.getApplicationContext().getBean(PolicyWatcher.class);
    }

    @Test
    void aDecisionCarriesTheVersionThatMadeItAndHelpersReloadTheirChains() throws Exception {
        PolicyWatcher watcher = start();
        JsonNode denied = decide("a@gmail.com");
        assertEquals("DENY", denied.path("decision").asText());
        assertEquals("ALLOW", decide("a@acme.test").path("decision").asText());

        JsonNode signup = trigger(policies(), "PRE_SIGNUP");
        String chain = signup.path("version").path("chain").asText();
        assertEquals("deploy-1", signup.path("version").path("label").asText());
        JsonNode helpers = signup.path("files").get(0).path("helpers");
        assertEquals(folder.resolve("lib/mail.js").toString(), helpers.get(0).path("path").asText());
        assertTrue(helpers.get(0).path("hash").asText().startsWith("sha256:"));
        assertEquals(1, helpers.size(), "only the helpers the policy imports");
        assertEquals(helpers, signup.path("files").get(1).path("helpers"), "the Action require()s the same helper");

        JsonNode recorded = decisions("version=deploy-1&trigger=PRE_SIGNUP").path("decisions").get(0);
        assertEquals("{\"label\":\"deploy-1\",\"chain\":\"" + chain + "\"}", recorded.path("version").toString());
        assertEquals(2, decisions("version=" + chain).path("decisions").size());
        assertTrue(metrics().contains("interlock_policies_version_info{chain=\"" + chain + "\",label=\"deploy-1\",trigger=\"PRE_SIGNUP\"} 1"),
                metrics());

        String invitation = trigger(policies(), "PRE_USER_INVITATION").path("version").path("chain").asText();
        write("lib/mail.js", MAIL.replace("'gmail.com'", "'gmail.com', 'acme.test'"));
        write("VERSION", "deploy-2\n");
        watcher.check();
        assertEquals("DENY", decide("a@acme.test").path("decision").asText(), "the changed helper serves");
        String next = trigger(policies(), "PRE_SIGNUP").path("version").path("chain").asText();
        assertNotEquals(chain, next);
        assertEquals(invitation, trigger(policies(), "PRE_USER_INVITATION").path("version").path("chain").asText(),
                "a chain that uses no changed helper keeps its version");
        assertEquals(next, decisions("version=deploy-2").path("decisions").get(0).path("version").path("chain").asText());
        assertTrue(metrics().contains("label=\"deploy-2\",trigger=\"PRE_SIGNUP\"} 1"));
        assertTrue(!metrics().contains("label=\"deploy-1\""), "the replaced version's series is gone");

        write("lib/mail.js", "export const FREE = [;\n");
        watcher.check();
        assertEquals("DENY", decide("a@acme.test").path("decision").asText(), "the last good chain keeps serving");
        String located = trigger(policies(), "PRE_SIGNUP").path("errors").get(0).path("located").asText();
        assertTrue(located.startsWith(folder.resolve("lib/mail.js") + ":1:22: SyntaxError"), located);
        assertTrue(located.contains("imported by " + folder.resolve("pre-signup/10-mail.js") + ":1:28"), located);
    }

    private JsonNode decide(String email) throws IOException {
        var payload = (com.fasterxml.jackson.databind.node.ObjectNode) Payloads.of(Trigger.PRE_SIGNUP);
        ((com.fasterxml.jackson.databind.node.ObjectNode) payload.get("interceptor_context")).put("user_email", email);
        var response = Signer.send(HttpRequest.newBuilder(server.getURI().resolve("/v1/intercept"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(payload.toString())).build());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private JsonNode policies() throws IOException {
        return get("/v1/policies");
    }

    private JsonNode decisions(String query) throws IOException {
        return get("/v1/decisions?" + query);
    }

    private JsonNode get(String path) throws IOException {
        return JSON.readTree(Signer.send(HttpRequest.newBuilder(server.getURI().resolve(path)).build()).body());
    }

    private String metrics() {
        return Signer.send(HttpRequest.newBuilder(server.getURI().resolve("/metrics")).build()).body();
    }

    private static JsonNode trigger(JsonNode policies, String name) {
        for (JsonNode trigger : policies.path("triggers")) {
            if (trigger.path("trigger").asText().equals(name)) {
                return trigger;
            }
        }
        throw new AssertionError("no trigger " + name + " in " + policies);
    }

    private void write(String path, String content) throws IOException {
        Path staged = Files.writeString(folder.resolve(path + ".staged"), content);
        Files.move(staged, folder.resolve(path), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
