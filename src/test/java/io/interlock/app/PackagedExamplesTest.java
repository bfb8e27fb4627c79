package io.interlock.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.interlock.testing.Await;
import io.interlock.testing.MainProcess;
import io.interlock.testing.RawHttp;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples packaged in the jar serve the README's first try from any folder, and say so
 * wherever an operator looks: a WARN at start, /health and /v1/policies. Only a process started
 * in a folder without policies/ and without INTERLOCK_POLICIES shows that.
 */
class PackagedExamplesTest {

    @Test
    void servingThePackagedExamplesIsAWarningOnTheLogHealthAndPolicies(@TempDir Path empty) throws Exception {
        try (MainProcess service = MainProcess.main(empty, Map.of("MICRONAUT_SERVER_PORT", "-1",
                "INTERLOCK_DECISION_DB", "none", "INTERLOCK_LOG_SINK", "none", "INTERLOCK_RELOAD", "false"))) {
            int port = service.port().orElseThrow(() -> new AssertionError("did not start:\n" + service.out() + service.err()));
            assertTrue(service.out().lines().anyMatch(l -> l.contains(" WARN ")
                    && l.contains("serving the EXAMPLE policies packaged in the jar") && l.contains("INTERLOCK_POLICIES")),
                    service.out());

            // the service warms its chains before it is ready, and /health says WARMING_UP (503) meanwhile
            Await.until(MainProcess.BOUND, "ready", () -> RawHttp.send("127.0.0.1", port,
                    "GET /health/readiness HTTP/1.1\r\nHost: 127.0.0.1:" + port, "").status() == 200);
            JsonNode health = get(port, "/health").at("/details/policies/details");
            assertEquals("packaged_examples", health.path("source").asText(), health.toString());
            assertTrue(health.path("packaged_examples").asBoolean(), health.toString());
            assertTrue(health.path("warning").asText().contains("set INTERLOCK_POLICIES"), health.toString());

            JsonNode policies = get(port, "/v1/policies");
            assertEquals("packaged_examples", policies.path("source").asText(), policies.toString());
            assertTrue(policies.path("packaged_examples").asBoolean(), policies.toString());
            assertTrue(policies.path("warning").asText().contains("EXAMPLE policies"), policies.toString());
        }
    }

    private static JsonNode get(int port, String path) throws Exception {
        RawHttp.Answer answer = RawHttp.send("127.0.0.1", port, "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port, "");
        assertEquals(200, answer.status(), answer.body());
        return new ObjectMapper().readTree(answer.body());
    }
}
