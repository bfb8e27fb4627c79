package io.interlock.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.interlock.policy.PolicyRepository;
import io.interlock.testing.Signer;
import io.interlock.testing.Servers;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /v1/policies: its top-level errors list every load error, each trigger's as well as the folder's. */
class PoliciesApiTest {

    @TempDir
    Path folder;

    @Test
    void topLevelErrorsListEveryTriggersLoadErrors() throws Exception {
        Files.createDirectories(folder.resolve("pre-signup"));
        Files.createDirectories(folder.resolve("pre-user-invitation"));
        Files.writeString(folder.resolve("pre-signup/10-ok.js"), "export default () => ({ decision: 'ALLOW' });");
        Files.writeString(folder.resolve("pre-user-invitation/10-ok.js"), "export default () => ({ decision: 'ALLOW' });");
        try (EmbeddedServer server = Servers.start(Map.of("interlock.policies", folder.toString()))) {
            // broken after the start (a start with them would be refused): the last good chains keep serving
            Files.writeString(folder.resolve("pre-signup/10-ok.js"), "export default () => {\n  const = 1;\n};");
            Files.writeString(folder.resolve("pre-user-invitation/10-ok.js"), "export const x = 1;");
            server.getApplicationContext().getBean(PolicyRepository.class).reload();

            JsonNode body = new ObjectMapper().readTree(Signer.send(
                    HttpRequest.newBuilder(server.getURI().resolve("/v1/policies")).build()).body());
            List<String> topLevel = new ArrayList<>();
            body.get("errors").forEach(e -> topLevel.add(e.get("file").asText()));
            assertEquals(2, topLevel.size(), body.get("errors").toString());
            assertTrue(topLevel.stream().anyMatch(f -> f.endsWith("pre-signup/10-ok.js")), topLevel.toString());
            assertTrue(topLevel.stream().anyMatch(f -> f.endsWith("pre-user-invitation/10-ok.js")), topLevel.toString());
            for (JsonNode trigger : body.get("triggers")) {
                for (JsonNode error : trigger.get("errors")) {
                    assertTrue(body.get("errors").toString().contains(error.get("located").asText()), error.toString());
                }
            }
        }
    }
}
