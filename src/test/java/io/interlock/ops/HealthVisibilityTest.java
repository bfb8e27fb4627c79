package io.interlock.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.interlock.testing.RawHttp;
import io.interlock.testing.Servers;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 23 item 8: {@code /health} shows its details (the database's absolute path, the disk's
 * totals, the service's parts) to the operator only, as the admin API does: the admin token when
 * one is set, else a local caller with a loopback Host. Anyone else, and every caller of the
 * probes' endpoints, gets the status, which is all a load balancer or Kubernetes reads.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HealthVisibilityTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "health-visibility-token-0123456789";

    private Path dir;
    private EmbeddedServer withToken;
    private EmbeddedServer withoutToken;

    @BeforeAll
    void start() throws IOException {
        dir = java.nio.file.Files.createTempDirectory("interlock-health");
        String db = "jdbc:sqlite:" + dir.resolve("decisions.db");
        withToken = Servers.start(Map.of("interlock.admin-token", TOKEN, "interlock.decision-db", db));
        withoutToken = Servers.start(Map.of("interlock.decision-db", "jdbc:sqlite:" + dir.resolve("other.db")));
    }

    @AfterAll
    void stop() {
        withToken.close();
        withoutToken.close();
    }

    /** Server, path, request headers, whether the answer has details. */
    static Stream<Arguments> callers() {
        return Stream.of(
                Arguments.of("token", "/health", "Host: localhost", false),
                Arguments.of("token", "/health", "Host: localhost\r\nAuthorization: Bearer wrong-token-0123456789", false),
                Arguments.of("token", "/health", "Host: localhost\r\nAuthorization: Bearer " + TOKEN, true),
                Arguments.of("token", "/health/readiness", "Host: localhost", false),
                Arguments.of("token", "/health/liveness", "Host: monitoring.example", false),
                Arguments.of("local", "/health", "Host: localhost", true),
                Arguments.of("local", "/health", "Host: interlock.example.com", false),
                Arguments.of("local", "/health/readiness", "Host: interlock.example.com", false));
    }

    @ParameterizedTest(name = "{0} {1} {2}: details {3}")
    @MethodSource("callers")
    void onlyTheOperatorSeesTheDetails(String server, String path, String headers, boolean details) throws IOException {
        EmbeddedServer s = server.equals("token") ? withToken : withoutToken;
        RawHttp.Answer answer = RawHttp.send("127.0.0.1", s.getPort(), "GET " + path + " HTTP/1.1\r\n" + headers, "");
        assertEquals(200, answer.status(), answer.body());
        JsonNode body = JSON.readTree(answer.body());
        assertEquals("UP", body.path("status").asText(), answer.body());
        assertEquals(details, body.has("details"), answer.body());
        boolean showsPath = answer.body().contains(dir.toString());
        assertEquals(details && path.equals("/health"), showsPath, "the database's location: " + answer.body());
        if (!details) {
            assertFalse(answer.body().contains("diskSpace") || answer.body().contains("total"), answer.body());
        } else {
            assertTrue(body.path("details").has("policies"), answer.body());
        }
    }
}
