package io.interlock.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.interlock.testing.Payloads;
import io.interlock.testing.Signer;
import io.interlock.trigger.Trigger;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The decision log over real HTTP: each /v1/intercept and /v1/evaluate call gives exactly one
 * event, in the store and as one masked line in the log file; GET /v1/decisions and its errors.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DecisionsApiTest implements TestPropertyProvider {

    @Inject
    EmbeddedServer server;

    @Inject
    DecisionLog log;

    final Signer signer = new Signer(Signer.SECRET);
    Path logFile;

    @Override
    public Map<String, String> getProperties() {
        try {
            logFile = Files.createTempDirectory("interlock-decisions").resolve("decisions.log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "interlock.policies", "policies",
                "interlock.signing-secrets", Signer.SECRET,
                "interlock.log-sink", "file",
                "interlock.log-file", logFile.toString(),
                "interlock.log-payloads", "true",
                "micronaut.server.port", "-1");
    }

    HttpResponse<String> get(String pathAndQuery) {
        return Signer.send(HttpRequest.newBuilder(server.getURI().resolve(pathAndQuery)).GET().build());
    }

    static JsonNode json(String body) {
        return DecisionLogTest.parse(body);
    }

    List<String> fileLinesWith(String id) throws IOException {
        assertTrue(log.flush(Duration.ofSeconds(10)));
        return Files.readAllLines(logFile).stream().filter(l -> l.contains("\"" + id + "\"")).toList();
    }

    @Test
    void interceptCallGivesOneMaskedEvent() throws IOException {
        HttpResponse<String> answer = Signer.send(signer.signed(server.getURI().resolve("/v1/intercept"),
                Payloads.bytes(Trigger.PRE_USER_INVITATION)).build());
        assertEquals(200, answer.statusCode(), answer.body());
        String id = answer.headers().firstValue("interlock-decision-id").orElseThrow();

        HttpResponse<String> one = get("/v1/decisions/" + id);
        assertEquals(200, one.statusCode(), one.body());
        JsonNode event = json(one.body());
        assertEquals(id, event.get("id").asText());
        assertEquals("intercept", event.get("source").asText());
        assertEquals("PRE_USER_INVITATION", event.get("trigger").asText());
        assertEquals("DENY", event.get("decision").asText());
        assertEquals("s***@contractor.com", event.get("user_email").asText());
        assertEquals("org_93731871904672153", event.get("organization_id").asText());
        assertEquals("policies/pre-user-invitation/10-organization-domains.js", event.get("decided_by").asText());
        assertTrue(event.at("/policies/0/hash").asText().startsWith("sha256:"), one.body());
        assertEquals("127.0.0.0", event.get("caller_ip").asText());
        assertEquals("s***@contractor.com", event.at("/payload/interceptor_context/user_email").asText());
        assertEquals("182.156.5.0", event.at("/payload/interceptor_context/ip_address").asText());

        List<String> lines = fileLinesWith(id);
        assertEquals(1, lines.size(), "one line per call");
        JsonNode line = json(lines.get(0));
        assertEquals(event, line, "the line and the API give the same event");
        assertFalse(lines.get(0).contains("sarah.johnson@"), lines.get(0));

        assertEquals(1, countInList(id));
    }

    /** A real DENY found by a search of its id, in the list and in the stats, with the message the platform got. */
    @Test
    void aDenyIsSearchableAndCountedWithItsMessage() {
        HttpResponse<String> answer = Signer.send(signer.signed(server.getURI().resolve("/v1/intercept"),
                Payloads.bytes(Trigger.PRE_USER_INVITATION)).build());
        String id = answer.headers().firstValue("interlock-decision-id").orElseThrow();
        String sent = json(answer.body()).at("/error/message").asText();
        assertFalse(sent.isEmpty(), answer.body());

        JsonNode page = json(get("/v1/decisions?search=" + id.toUpperCase()).body());
        assertEquals(1, page.get("decisions").size(), page.toString());
        assertEquals(sent, page.at("/decisions/0/error_message").asText());

        HttpResponse<String> stats = get("/v1/decisions/stats?search=" + id + "&bucket=1h");
        assertEquals(200, stats.statusCode(), stats.body());
        JsonNode s = json(stats.body());
        assertEquals(1, s.get("total").asInt(), stats.body());
        assertEquals(1, s.at("/outcomes/DENY").asInt(), stats.body());
        assertEquals("PRE_USER_INVITATION", s.at("/series/0/trigger").asText(), stats.body());
        assertEquals(sent, s.at("/top_deny_messages/0/message").asText(), stats.body());
        assertEquals(1, s.at("/latency_ms/count").asInt(), stats.body());
    }

    @Test
    void malformedSignedCallIsLoggedWithItsDecisionId() throws IOException {
        byte[] body = "{\"trigger_point\":\"PRE_SIGNUP\",\"interceptor_context\":{\"user_email\":7}}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HttpResponse<String> answer = Signer.send(signer.signed(server.getURI().resolve("/v1/intercept"), body).build());
        assertEquals(400, answer.statusCode(), answer.body());
        String id = answer.headers().firstValue("interlock-decision-id").orElseThrow();
        JsonNode event = json(get("/v1/decisions/" + id).body());
        assertEquals(400, event.get("http_status").asInt());
        assertEquals("PRE_SIGNUP", event.get("trigger").asText());
        assertEquals("bad_request", event.at("/failure/code").asText());
        assertTrue(event.at("/failure/message").asText().contains("interceptor_context.user_email: must be a string"),
                event.toString());
        assertEquals(1, fileLinesWith(id).size());

        HttpResponse<String> notJson = Signer.send(signer.signed(server.getURI().resolve("/v1/intercept"),
                "{".getBytes(java.nio.charset.StandardCharsets.UTF_8)).build());
        String notJsonId = notJson.headers().firstValue("interlock-decision-id").orElseThrow();
        JsonNode unreadable = json(get("/v1/decisions/" + notJsonId).body());
        assertTrue(unreadable.get("trigger").isNull(), unreadable.toString());
        assertEquals("bad_request", unreadable.at("/failure/code").asText());
    }

    @Test
    void evaluateCallGivesOneEventMarkedAsDryRun() throws IOException {
        String body = "{\"payload\":" + new String(Payloads.bytes(Trigger.PRE_SIGNUP), StandardCharsets.UTF_8)
                + ",\"policies\":[{\"name\":\"draft.js\",\"source\":\"export default (ctx) => { console.log('hi', ctx.interceptor_context.user_email); return { decision: 'ALLOW' }; };\"}]}";
        HttpResponse<String> answer = Signer.send(HttpRequest.newBuilder(server.getURI().resolve("/v1/evaluate"))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertEquals(200, answer.statusCode(), answer.body());
        String id = json(answer.body()).get("decision_id").asText();

        JsonNode event = json(get("/v1/decisions/" + id).body());
        assertEquals("evaluate", event.get("source").asText());
        assertEquals("ALLOW", event.get("decision").asText());
        assertEquals("draft.js", event.at("/policies/0/name").asText());
        assertTrue(event.at("/policies/0/hash").isNull(), "a draft has no file hash");
        assertEquals("hi j***@acmecorp.com", event.at("/policies/0/console/0").asText());

        assertEquals(1, fileLinesWith(id).size());
        assertEquals(1, countInList(id));
        JsonNode page = json(get("/v1/decisions?source=evaluate&limit=500").body());
        page.get("decisions").forEach(d -> assertEquals("evaluate", d.get("source").asText()));
    }

    private int countInList(String id) {
        int count = 0;
        for (JsonNode d : json(get("/v1/decisions?limit=500").body()).get("decisions")) {
            count += id.equals(d.get("id").asText()) ? 1 : 0;
        }
        return count;
    }

    @Test
    void listIsNewestFirstWithoutPayloads() {
        for (int i = 0; i < 3; i++) {
            Signer.send(signer.signed(server.getURI().resolve("/v1/intercept"), Payloads.bytes(Trigger.PRE_SIGNUP)).build());
        }
        HttpResponse<String> response = get("/v1/decisions?trigger=pre-signup&limit=2");
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("application/json"));
        JsonNode page = json(response.body());
        assertEquals(2, page.get("decisions").size());
        JsonNode first = page.get("decisions").get(0);
        JsonNode second = page.get("decisions").get(1);
        assertTrue(first.get("time").asText().compareTo(second.get("time").asText()) >= 0);
        assertFalse(first.has("payload"));
        String next = page.get("next_cursor").asText();
        JsonNode more = json(get("/v1/decisions?trigger=pre-signup&limit=2&cursor=" + next).body());
        assertFalse(more.get("decisions").isEmpty());
        assertFalse(more.get("decisions").get(0).get("id").asText().equals(second.get("id").asText()));
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of("/v1/decisions?decision=maybe", "decision: must be ALLOW or DENY (got 'maybe')"),
                Arguments.of("/v1/decisions?limit=1000", "limit: must be a whole number from 1 to 500 (got '1000')"),
                Arguments.of("/v1/decisions?from=2025-13-01T00:00:00Z", "from: must be an ISO-8601 time with a zone, like 2025-10-09T12:50:41Z (got '2025-13-01T00:00:00Z')"),
                Arguments.of("/v1/decisions?cursor=abc", "cursor: not a cursor from this service; use next_cursor of the previous page as given"),
                Arguments.of("/v1/decisions?user=john", "user: unknown parameter; known: from, to, trigger, decision, email, organization, failure, policy, source, search, shadow, version, limit, cursor"),
                Arguments.of("/v1/decisions/stats?bucket=5x", "bucket: must be a number and a unit s, m, h or d, like 5m or 1h (got '5x')"),
                Arguments.of("/v1/decisions/stats?limit=10", "limit: pages the list of /v1/decisions; the stats count every match"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badFilterIsA400NamingTheParameter(String path, String message) {
        HttpResponse<String> response = get(path);
        assertEquals(400, response.statusCode(), response.body());
        assertEquals("{\"error\":{\"code\":\"bad_request\",\"message\":" + quote(message) + "}}", response.body());
    }

    @Test
    void theStoreIsOnHealth() {
        JsonNode store = json(get("/health").body()).at("/details/decision_store");
        assertEquals("UP", store.path("status").asText(), store.toString());
        assertEquals("ok", store.at("/details/state").asText(), store.toString());
        assertEquals(0, store.at("/details/dropped").asInt(), store.toString());
    }

    @Test
    void droppedEventsAreAMetric() {
        HttpResponse<String> metrics = get("/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().lines().anyMatch(l -> l.startsWith("interlock_decision_log_dropped_total ")), metrics.body());
        assertTrue(metrics.body().lines().anyMatch(l -> l.startsWith("interlock_decision_store_buffered ")), metrics.body());
    }

    @Test
    void unknownIdIs404() {
        HttpResponse<String> response = get("/v1/decisions/dec_nope");
        assertEquals(404, response.statusCode());
        assertEquals("not_found", json(response.body()).at("/error/code").asText());
    }

    @Test
    void onlyGetIsAllowed() {
        HttpResponse<String> response = Signer.send(HttpRequest.newBuilder(server.getURI().resolve("/v1/decisions"))
                .DELETE().build());
        assertEquals(405, response.statusCode());
        assertTrue(json(response.body()).has("error"), response.body());
        URI root = server.getURI();
        assertTrue(root.getPort() > 0);
    }

    private static String quote(String text) {
        return com.fasterxml.jackson.databind.node.TextNode.valueOf(text).toString();
    }
}
