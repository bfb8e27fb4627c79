package io.interlock.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interlock.json.StrictJson;
import io.interlock.testing.Payloads;
import io.interlock.testing.Servers;
import io.interlock.testing.Signer;
import io.interlock.trigger.Trigger;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 22 item 8: a dry run's context is prepared for it (harness, lockdown, and the data files
 * parsed and deeply frozen); that takes longer than a small time limit when the data is large or
 * the machine busy, and the policy must not be charged for it. 40,000 data objects take about a
 * second to freeze on an interpreted JDK 17, five times the 100 ms limit and its grace, and far
 * below the 10 s the pool waits for a context; the 7-line draft itself runs in milliseconds.
 * Before, the dry run failed as a thread "still finishing a built-in operation that cannot be
 * interrupted", though none was.
 */
class DryRunPreparationTest {

    private static final String DRAFT = """
            export default function (ctx) {
              const org = ctx.data.organization;
              if (org && org.name === "Blocked Corp") {
                return { decision: "DENY", error: { message: "invitations are closed" } };
              }
              return { decision: "ALLOW" };
            }
            """;

    @Test
    void aSlowlyPreparedContextIsNotChargedToTheDraft(@TempDir Path folder) throws IOException {
        writeData(folder.resolve("data/catalogue.json"), 40_000);
        java.nio.file.Files.createDirectories(folder.resolve("pre-user-invitation")); // a policies folder, with no policy yet
        try (EmbeddedServer server = Servers.start(Map.of("interlock.policies", folder.toString(), "interlock.timeout-ms", 100,
                "interlock.decision-db", "none"))) {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.put("trigger", "PRE_USER_INVITATION");
            body.set("payload", Payloads.of(Trigger.PRE_USER_INVITATION));
            body.putArray("policies").addObject().put("name", "draft.js").put("source", DRAFT);
            HttpResponse<String> response = Signer.send(HttpRequest.newBuilder(server.getURI().resolve("/v1/evaluate"))
                    .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());

            assertEquals(200, response.statusCode(), response.body());
            JsonNode answer = StrictJson.parse(response.body().getBytes(StandardCharsets.UTF_8)).node().orElseThrow();
            assertTrue(answer.path("failure").isNull(), "the draft was charged for its context's preparation: " + answer.path("failure"));
            assertEquals("ALLOW", answer.path("result").path("decision").asText(), response.body());
            assertEquals("allow", answer.path("trace").path(0).path("outcome").asText(), response.body());
        }
    }

    private static void writeData(Path file, int objects) throws IOException {
        Files.createDirectories(file.getParent());
        StringBuilder json = new StringBuilder("{\"items\": [");
        for (int i = 0; i < objects; i++) {
            json.append(i == 0 ? "" : ",").append("{\"id\":").append(i).append(",\"name\":\"n").append(i).append("\",\"tags\":[\"a\",\"b\"]}");
        }
        Files.writeString(file, json.append("]}"));
    }
}
