package io.interlock.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.interlock.testing.Await;
import io.interlock.testing.LogCapture;
import io.interlock.testing.Payloads;
import io.interlock.testing.Signer;
import io.interlock.trigger.Trigger;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot reload of a trigger's shadow folder (issue 26 item 3): a shadow chain appears, a broken shadow
 * policy is refused without holding back the live chain, and promoting a shadow policy is a file
 * move. Driven by calling the watcher's check directly, as {@link PolicyReloadTest} does.
 */
class ShadowReloadTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALLOW = "export default () => ({ decision: 'ALLOW' });\n";
    private static final String DENY = "export default () => ({ decision: 'DENY', error: { message: 'closed' } });\n";

    @TempDir
    Path folder;
    private EmbeddedServer server;
    @RegisterExtension
    final LogCapture log = new LogCapture();

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aShadowChainAppearsIsRefusedWhenBrokenAndIsPromotedByAMove() throws Exception {
        write("pre-signup/10-open.js", ALLOW);
        server = ApplicationContext.run(EmbeddedServer.class, Map.of("interlock.policies", folder.toString(),
                "interlock.allow-unsigned", true, "interlock.reload", false), "test");
        PolicyWatcher watcher = server.getApplicationContext().getBean(PolicyWatcher.class);
        JsonNode before = call();
        assertTrue(before.path("event").path("shadow").isMissingNode(), "no shadow folder, no shadow field");

        write("pre-signup/shadow/20-closed.js", DENY);
        watcher.check();
        JsonNode shadowed = call();
        assertEquals("ALLOW", shadowed.path("answer").path("decision").asText());
        assertEquals("DENY", shadowed.path("event").path("shadow").path("decision").asText(), shadowed.toString());
        assertTrue(log.toString().contains("PRE_SIGNUP: shadow chain now [10-open.js, 20-closed.js]"), log.toString());

        // a broken shadow policy is a load error of the shadow chain only: the live chain reloads meanwhile
        write("pre-signup/shadow/30-broken.js", "export default () => ({ decision: ");
        write("pre-signup/10-open.js", ALLOW + "// edited\n");
        watcher.check();
        JsonNode signup = policies().path("triggers").get(0);
        assertEquals(0, signup.path("errors").size(), signup.toString());
        assertTrue(signup.path("shadow").path("errors").get(0).path("located").asText().contains("shadow/30-broken.js:1:"),
                signup.toString());
        assertTrue(signup.path("files").get(0).path("hash").asText().startsWith("sha256:"));
        JsonNode kept = call();
        assertEquals("DENY", kept.path("event").path("shadow").path("decision").asText(), "the last good shadow chain runs on");
        Files.delete(folder.resolve("pre-signup/shadow/30-broken.js"));
        watcher.check();

        // promoting is a file move: the shadow's answer becomes the live one, and the shadow chain is gone
        Files.move(folder.resolve("pre-signup/shadow/20-closed.js"), folder.resolve("pre-signup/20-closed.js"));
        watcher.check();
        JsonNode promoted = call();
        assertEquals("DENY", promoted.path("answer").path("decision").asText(), promoted.toString());
        assertEquals("closed", promoted.path("answer").path("error").path("message").asText());
        assertTrue(promoted.path("event").path("shadow").isMissingNode(), promoted.toString());
        assertTrue(log.toString().contains("PRE_SIGNUP: no shadow chain now"), log.toString());
    }

    /** One sign-up call: {"answer": what the platform got, "event": its decision once recorded}. */
    private JsonNode call() throws IOException {
        HttpResponse<String> answer = Signer.send(HttpRequest.newBuilder(server.getURI().resolve("/v1/intercept"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Payloads.bytes(Trigger.PRE_SIGNUP))).build());
        assertEquals(200, answer.statusCode(), answer.body());
        String id = answer.headers().firstValue("interlock-decision-id").orElseThrow();
        Await.until(Duration.ofSeconds(60), "decision " + id + " recorded", () -> get("/v1/decisions/" + id).statusCode() == 200);
        var result = JSON.createObjectNode();
        result.set("answer", JSON.readTree(answer.body()));
        result.set("event", JSON.readTree(get("/v1/decisions/" + id).body()));
        return result;
    }

    private HttpResponse<String> get(String path) {
        return Signer.send(HttpRequest.newBuilder(server.getURI().resolve(path)).build());
    }

    private JsonNode policies() throws IOException {
        return JSON.readTree(get("/v1/policies").body());
    }

    private void write(String relative, String text) throws IOException {
        Path file = folder.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
