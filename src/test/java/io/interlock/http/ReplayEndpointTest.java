package io.interlock.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interlock.testing.Payloads;
import io.interlock.testing.Signer;
import io.interlock.trigger.Trigger;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code POST /v1/evaluate/replay}: a draft run against the service's own stored calls, behind
 * the admin guard, and never recorded as decisions.
 */
class ReplayEndpointTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "replay-test-admin-token-0123456789";
    private static final Signer SIGNER = new Signer(Signer.SECRET);
    private static final String ALLOW_ALL = "export default () => ({ decision: 'ALLOW' })";
    private static EmbeddedServer server;
    private static final Map<String, String> ids = new HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        server = ApplicationContext.run(EmbeddedServer.class, Map.of("interlock.policies", "policies",
                "interlock.reload", false, "micronaut.server.port", -1, "interlock.signing-secrets", Signer.SECRET,
                "interlock.admin-token", TOKEN, "interlock.decision-db", "none", "interlock.log-payloads", "true"));
        for (String email : new String[] {"john.doe@acmecorp.com", "mallory@gmail.com", "ann@foocorp.com"}) {
            ObjectNode payload = (ObjectNode) Payloads.of(Trigger.PRE_SIGNUP);
            ((ObjectNode) payload.get("interceptor_context")).put("user_email", email);
            ((ObjectNode) payload.path("data").path("user")).put("email", email);
            HttpResponse<String> answer = Signer.send(SIGNER.signed(server.getURI().resolve("/v1/intercept"),
                    JSON.writeValueAsBytes(payload)).build());
            assertEquals(200, answer.statusCode(), answer.body());
            ids.put(email, answer.headers().firstValue("interlock-decision-id").orElseThrow());
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aDraftReplayedAgainstRealCallsShowsEachChangeBesideItsOriginal() throws Exception {
        HttpResponse<String> response = replay("""
                {"trigger": "PRE_SIGNUP", "limit": 10, "policies": [{"name": "10-approved-domains.js", "source": "%s"}]}"""
                .formatted(ALLOW_ALL.replace("'", "\\u0027")), true);
        assertEquals(200, response.statusCode(), response.body());
        JsonNode report = JSON.readTree(response.body());

        assertEquals(3, report.get("replayed").asInt(), report.toString());
        assertEquals(1, report.path("by_kind").path("deny_to_allow").asInt(), report.toString());
        assertEquals(0, report.get("uncertain").asInt(), "the draft reads no masked field: " + report);
        JsonNode denied = null;
        for (JsonNode change : report.get("changes")) {
            if (change.get("id").asText().equals(ids.get("mallory@gmail.com"))) {
                denied = change;
            }
        }
        assertTrue(denied != null, report.toString());
        assertEquals("deny_to_allow", denied.get("kind").asText());
        assertEquals("10-approved-domains.js", denied.get("policy").asText());
        assertEquals("DENY", denied.path("original").path("decision").asText());
        assertEquals("DENY", denied.path("original_answer").path("decision").asText());
        assertEquals("ALLOW", denied.path("replayed").path("result").path("decision").asText());
        assertTrue(denied.path("original").has("payload"), "the stored event, as /v1/decisions/{id} gives it");
    }

    @Test
    void theLoadedChainReplaysItsOwnCallsUnchanged() throws Exception {
        HttpResponse<String> response = replay("{\"trigger\": \"PRE_SIGNUP\"}", true);
        assertEquals(200, response.statusCode(), response.body());
        JsonNode report = JSON.readTree(response.body());
        assertEquals(3, report.get("replayed").asInt());
        assertEquals(0, report.get("changed").asInt(), report.toString());
        // the shipped chain reads the user's email, masked when stored (INTERLOCK_LOG_PII=masked)
        assertEquals(3, report.get("uncertain").asInt(), report.toString());
        assertTrue(report.get("uncertain_reasons").toString().contains("/interceptor_context/user_email"), report.toString());
    }

    @Test
    void replaysAreNeverRecordedAsDecisions() throws Exception {
        assertEquals(200, replay("{\"trigger\": \"PRE_SIGNUP\", \"policies\": []}", true).statusCode());
        HttpResponse<String> page = Signer.send(HttpRequest.newBuilder(server.getURI().resolve("/v1/decisions?limit=500"))
                .header("authorization", "Bearer " + TOKEN).GET().build());
        assertEquals(200, page.statusCode(), page.body());
        assertEquals(3, JSON.readTree(page.body()).get("decisions").size(), page.body());
    }

    @Test
    void theAdminGuardAppliesAsToDryRuns() {
        HttpResponse<String> response = replay("{\"trigger\": \"PRE_SIGNUP\"}", false);
        assertEquals(401, response.statusCode(), response.body());
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of("{\"trigger\": \"PRE_SIGNUP\", \"limit\": 0}", "limit"),
                Arguments.of("{\"trigger\": \"PRE_SIGNUP\", \"limit\": 201}", "limit"),
                Arguments.of("{\"trigger\": \"NOPE\"}", "trigger"),
                Arguments.of("{\"trigger\": \"PRE_SIGNUP\", \"payload\": {}}", "payload: unknown field"),
                Arguments.of("{\"trigger\": \"PRE_SIGNUP\", \"policies\": [{\"name\": 1}]}", "policies[0]"),
                Arguments.of("not json", "bad_request"));
    }

    @ParameterizedTest
    @MethodSource("badRequests")
    void aBadRequestIsA400NamingTheField(String body, String named) throws Exception {
        HttpResponse<String> response = replay(body, true);
        assertEquals(400, response.statusCode(), response.body());
        JsonNode error = JSON.readTree(response.body()).get("error");
        assertEquals("bad_request", error.get("code").asText());
        assertTrue(response.body().contains(named), response.body());
    }

    private static HttpResponse<String> replay(String body, boolean withToken) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.getURI().resolve("/v1/evaluate/replay"))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (withToken) {
            request.header("authorization", "Bearer " + TOKEN);
        }
        return Signer.send(request.build());
    }
}
