package io.interlock.ops;

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
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
 * A known sequence of calls against a server whose PRE_SIGNUP policy throws (and loops for
 * "loop" addresses), then the exact values /metrics reports, and what /health says.
 */
class MetricsAndHealthTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static EmbeddedServer server;
    private static Map<String, Double> metrics;

    @BeforeAll
    static void callsInAKnownSequence() throws Exception {
        server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "interlock.policies", "src/test/resources/failing-policies",
                "interlock.signing-secrets", Signer.SECRET,
                "interlock.max-body-kb", 4,
                "interlock.reload", false,
                // for the dry run that times out (no policy of this trigger runs in the service)
                "interlock.pre-user-invitation.timeout-ms", 100,
                "micronaut.server.port", -1));
        Signer signer = new Signer(Signer.SECRET);
        URI intercept = server.getURI().resolve("/v1/intercept");
        send(signer.signed(intercept, Payloads.bytes(Trigger.PRE_SIGNUP)).build());
        ObjectNode looping = (ObjectNode) Payloads.of(Trigger.PRE_SIGNUP).deepCopy();
        ((ObjectNode) looping.get("interceptor_context")).put("user_email", "loop@acmecorp.com");
        send(signer.signed(intercept, JSON.writeValueAsBytes(looping)).build());
        send(signer.signed(intercept, Payloads.bytes(Trigger.PRE_SESSION_CREATION)).build());
        send(signer.signed(intercept, Payloads.bytes(Trigger.PRE_SESSION_CREATION)).build());
        send(HttpRequest.newBuilder(intercept).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Payloads.bytes(Trigger.PRE_SIGNUP))).build());
        send(signer.signed(intercept, "{\"trigger_point\":".getBytes(StandardCharsets.UTF_8)).build());
        send(signer.signed(intercept, new byte[8 * 1024]).build());
        // Dry runs of drafts that fail: a time-out and a policy error, with a fetch() refused on the way
        dryRun(Trigger.PRE_USER_INVITATION, "export default () => { while (true) {} }");
        dryRun(Trigger.PRE_SIGNUP, "export default async () => { await fetch('https://elsewhere.example.com/')"
                + ".catch(() => null); throw new Error('draft bug') }");
        metrics = parse(send(HttpRequest.newBuilder(server.getURI().resolve("/metrics")).build()).body());
    }

    private static void dryRun(Trigger trigger, String source) throws Exception {
        ObjectNode body = JSON.createObjectNode();
        body.put("trigger", trigger.wireName());
        body.set("payload", Payloads.of(trigger));
        body.putArray("policies").addObject().put("name", "10-draft.js").put("source", source);
        HttpResponse<String> answer = send(HttpRequest.newBuilder(server.getURI().resolve("/v1/evaluate"))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .build());
        assertEquals(200, answer.statusCode(), answer.body());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Arguments> expectedValues() {
        return Stream.of(
                Arguments.of("interlock_decisions_total", Map.of("source", "intercept", "trigger", "PRE_SIGNUP",
                        "decision", "DENY", "failure", "policy_error"), 1.0),
                Arguments.of("interlock_decisions_total", Map.of("source", "intercept", "trigger", "PRE_SIGNUP",
                        "decision", "DENY", "failure", "policy_timeout"), 1.0),
                Arguments.of("interlock_decisions_total", Map.of("source", "intercept", "trigger", "PRE_SESSION_CREATION",
                        "decision", "ALLOW", "failure", "none"), 2.0),
                Arguments.of("interlock_policy_timeouts_total", Map.of("trigger", "PRE_SIGNUP"), 1.0),
                Arguments.of("interlock_evaluation_seconds_count", Map.of("trigger", "PRE_SIGNUP"), 2.0),
                Arguments.of("interlock_requests_seconds_count", Map.of("status", "200"), 4.0),
                Arguments.of("interlock_rejected_requests_total", Map.of("status", "401"), 1.0),
                Arguments.of("interlock_rejected_requests_total", Map.of("status", "400"), 1.0),
                Arguments.of("interlock_rejected_requests_total", Map.of("status", "413"), 1.0),
                Arguments.of("interlock_pool_queue_depth", Map.of(), 0.0),
                // Issue 23 item 5: the dry runs are counted as such, and in no series an interceptor alert watches
                Arguments.of("interlock_decisions_total", Map.of("source", "evaluate", "trigger", "PRE_USER_INVITATION",
                        "decision", "DENY", "failure", "policy_timeout"), 1.0),
                Arguments.of("interlock_decisions_total", Map.of("source", "evaluate", "trigger", "PRE_SIGNUP",
                        "decision", "DENY", "failure", "policy_error"), 1.0),
                Arguments.of("interlock_policy_timeouts_total", Map.of("trigger", "PRE_USER_INVITATION"), 0.0),
                Arguments.of("interlock_fetch_calls_total", Map.of("host", "none", "outcome", "not_allowed"), 0.0));
    }

    @ParameterizedTest
    @MethodSource("expectedValues")
    void metricHasTheValueTheCallsImply(String name, Map<String, String> labels, double value) {
        String key = key(name, labels);
        assertTrue(metrics.containsKey(key), key + " missing from /metrics; has " + metrics.keySet().stream()
                .filter(k -> k.startsWith(name)).toList());
        assertEquals(value, metrics.get(key), key);
    }

    /** Issue 23 item 5: a dry run moves no latency histogram either (an alert on the p99 would see drafts). */
    @Test
    void dryRunsAreNotInTheEvaluationHistogram() {
        assertEquals(0.0, metrics.get("interlock_evaluation_seconds_count{trigger=\"PRE_USER_INVITATION\"}"),
                "only dry runs ran PRE_USER_INVITATION");
    }

    /**
     * Issue 23 item 8: a handful of buckets per series (Micrometer's percentile histogram had 69), the
     * configured time limit (30 s for test servers) among them.
     */
    @Test
    void histogramsHaveAFewBucketsWithTheLimitAmongThem() {
        java.util.List<String> buckets = metrics.keySet().stream()
                .filter(k -> k.startsWith("interlock_evaluation_seconds_bucket{") && k.contains("trigger=\"PRE_SIGNUP\""))
                .map(k -> k.replaceAll(".*le=\"([^\"]+)\".*", "$1")).sorted(java.util.Comparator.comparingDouble(
                        le -> le.equals("+Inf") ? Double.MAX_VALUE : Double.parseDouble(le))).toList();
        assertEquals(java.util.List.of("0.001", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "1.0", "30.0", "+Inf"), buckets);
        long requestBuckets = metrics.keySet().stream().filter(k -> k.startsWith("interlock_requests_seconds_bucket{")
                && k.contains("status=\"200\"")).count();
        assertEquals(LatencyBuckets.REQUEST_MS.size() + 2, requestBuckets, "the base, the limit and +Inf");
    }

    @Test
    void jvmMetricsAreExported() {
        assertTrue(metrics.keySet().stream().anyMatch(k -> k.startsWith("jvm_memory_used_bytes")));
        assertTrue(metrics.keySet().stream().anyMatch(k -> k.startsWith("interlock_evaluation_seconds_bucket")),
                "evaluation latency is a histogram");
    }

    @Test
    void healthReportsPolicyStateSigningAndPool() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(server.getURI().resolve("/health")).build());
        assertEquals(200, response.statusCode(), response.body());
        JsonNode details = JSON.readTree(response.body()).path("details");
        assertEquals("UP", details.path("policies").path("status").asText());
        assertTrue(details.path("policies").path("details").path("PRE_SIGNUP").path("loaded").asBoolean());
        assertEquals(1, details.path("policies").path("details").path("PRE_SIGNUP").path("files").asInt());
        assertEquals("verified", details.path("interceptor").path("details").path("signing").asText());
        assertTrue(details.path("interceptor").path("details").path("pool").has("saturation"));
    }

    @Test
    void readinessIsUpOnceLoaded() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(server.getURI().resolve("/health/readiness")).build());
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"policies\""), response.body());
    }

    @Test
    void metricsAreThePrometheusTextFormat() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(server.getURI().resolve("/metrics")).build());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/plain"));
        assertTrue(response.body().contains("# TYPE interlock_decisions_total counter"));
    }

    private static String key(String name, Map<String, String> labels) {
        StringBuilder b = new StringBuilder(name);
        if (!labels.isEmpty()) {
            b.append('{');
            labels.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> b.append(e.getKey()).append("=\"").append(e.getValue()).append("\","));
            b.setLength(b.length() - 1);
            b.append('}');
        }
        return b.toString();
    }

    private static Map<String, Double> parse(String text) {
        Map<String, Double> values = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            values.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return values;
    }

    private static HttpResponse<String> send(HttpRequest request) {
        return Signer.send(request);
    }
}
