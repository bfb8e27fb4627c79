package io.interlock.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.interlock.service.DecisionService;
import io.interlock.testing.Payloads;
import io.interlock.testing.Upstream;
import io.interlock.trigger.Trigger;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fetch() in the running service: a policy reads a plan from a local HTTP server and sets it as
 * a claim, a slow upstream ends at the 500 ms deadline as policy_timeout while other calls keep
 * being answered, and every call shows in the decision log, the dry run's trace and /metrics.
 * The slow upstream is held by a latch, never by a sleep: when its call is answered, the
 * upstream has provably not answered yet.
 */
class FetchServiceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TempDir
    static Path folder;
    static Upstream upstream;
    static EmbeddedServer server;

    @BeforeAll
    static void start() throws Exception {
        upstream = new Upstream();
        write("pre-session-creation/10-plan.js", """
                export default async function (ctx) {
                  const response = await fetch(`%s/plan?user=${ctx.interceptor_context.user_id}`);
                  return {decision: 'ALLOW', response: {claims: {plan: (await response.json()).plan}}};
                }
                """.formatted(upstream.base()));
        // Waits for an upstream that answers only when released: ends at the 500 ms deadline.
        write("pre-user-invitation/10-slow.js", """
                export default async function () {
                  try {
                    await fetch('%s/held-past-deadline');
                  } catch (e) {
                    return {decision: 'ALLOW'};
                  }
                  return {decision: 'ALLOW'};
                }
                """.formatted(upstream.base()));
        // The same, under a limit of a minute, to hold a worker while other calls are served.
        write("pre-signup/10-slow.js", """
                export default async function () {
                  const response = await fetch('%s/held-while-others-run');
                  return {decision: 'DENY', error: {message: 'late: ' + (await response.json()).plan}};
                }
                """.formatted(upstream.base()));
        server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "interlock.policies", folder.toString(),
                "interlock.reload", false,
                "interlock.allow-unsigned", true,
                "interlock.workers", 2,
                // Wide limits for what must finish on a busy machine; the 500 ms deadline where it must be reached.
                "interlock.timeout-ms", 30_000,
                "interlock.pre-user-invitation.timeout-ms", 500,
                "interlock.pre-signup.timeout-ms", 60_000,
                "interlock.fetch-allow", "127.0.0.1:" + upstream.port(),
                "interlock.fetch-timeout-ms", 60_000,
                "micronaut.server.port", -1));
    }

    @AfterAll
    static void stop() {
        server.close();
        upstream.close();
    }

    private static void write(String file, String text) throws Exception {
        Files.createDirectories(folder.resolve(file).getParent());
        Files.writeString(folder.resolve(file), text);
    }

    private static CompletableFuture<HttpResponse<String>> intercept(Trigger trigger) {
        return CLIENT.sendAsync(HttpRequest.newBuilder(server.getURI().resolve("/v1/intercept"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Payloads.bytes(trigger))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode get(String path) throws Exception {
        return JSON.readTree(CLIENT.send(HttpRequest.newBuilder(server.getURI().resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    @Test
    void aPolicySetsTheClaimItReadFromTheAllowedHost() throws Exception {
        HttpResponse<String> response = intercept(Trigger.PRE_SESSION_CREATION).get(60, TimeUnit.SECONDS);
        assertEquals("{\"decision\":\"ALLOW\",\"response\":{\"claims\":{\"plan\":\"pro\"}}}", response.body());
        JsonNode event = get("/v1/decisions/" + response.headers().firstValue("interlock-decision-id").orElseThrow());
        JsonNode call = event.path("policies").get(0).path("fetch").get(0);
        assertEquals("GET 127.0.0.1:" + upstream.port() + " 200", call.path("method").asText() + " " + call.path("host").asText()
                + " " + call.path("status").asInt());
        assertTrue(call.path("error").isNull() && call.has("duration_ms") && !call.has("url") && !call.has("headers"), call.toString());
    }

    @Test
    void aSlowUpstreamEndsAtTheDeadlineAsATimeout() throws Exception {
        Upstream.Hold held = upstream.hold("/held-past-deadline");
        long start = System.nanoTime();
        HttpResponse<String> response = intercept(Trigger.PRE_USER_INVITATION).get(60, TimeUnit.SECONDS);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(held.arrived(0), "the call reached the upstream, which has not answered: only the deadline ended it");
        assertEquals("{\"decision\":\"DENY\",\"error\":{\"message\":\"" + DecisionService.GENERIC_DENIAL + "\"}}", response.body(),
                "the policy caught the interrupted call, yet the evaluation ended at its limit (on-error deny)");
        assertTrue(millis < 5_000, "answered at the 500 ms deadline (bound 10x): " + millis + " ms");
        JsonNode event = get("/v1/decisions/" + response.headers().firstValue("interlock-decision-id").orElseThrow());
        assertEquals("policy_timeout", event.path("failure").path("code").asText(), event.toString());
        assertEquals("deadline", event.path("policies").get(0).path("fetch").get(0).path("error").asText(), event.toString());
        held.release();
    }

    @Test
    void callsKeepBeingAnsweredWhileOneWaitsForASlowUpstream() throws Exception {
        Upstream.Hold held = upstream.hold("/held-while-others-run");
        CompletableFuture<HttpResponse<String>> slow = intercept(Trigger.PRE_SIGNUP);
        assertTrue(held.arrived(60), "the slow call is waiting for its upstream");
        for (int i = 0; i < 5; i++) {
            assertEquals("{\"decision\":\"ALLOW\",\"response\":{\"claims\":{\"plan\":\"pro\"}}}",
                    intercept(Trigger.PRE_SESSION_CREATION).get(60, TimeUnit.SECONDS).body());
        }
        assertFalse(slow.isDone(), "five calls were answered while the slow one was still waiting");
        held.release();
        assertEquals("{\"decision\":\"DENY\",\"error\":{\"message\":\"late: late\"}}", slow.get(60, TimeUnit.SECONDS).body());
    }

    @Test
    void theDryRunTraceShowsItsCallsAndTheMetricsOnlyTheInterceptors() throws Exception {
        intercept(Trigger.PRE_SESSION_CREATION).get(60, TimeUnit.SECONDS);
        HttpResponse<String> dryRun = CLIENT.send(HttpRequest.newBuilder(server.getURI().resolve("/v1/evaluate"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"payload\": " + new String(Payloads.bytes(Trigger.PRE_SESSION_CREATION))
                        + ", \"policies\": [{\"name\": \"10-plan.js\", \"source\": \"export default async () => {"
                        + " await fetch('https://elsewhere.example.com/').catch(() => null); return {decision: 'ALLOW'} }\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        JsonNode call = JSON.readTree(dryRun.body()).path("trace").get(0).path("fetch").get(0);
        assertEquals("not_allowed", call.path("error").asText(), dryRun.body());
        assertEquals("fetch GET elsewhere.example.com: elsewhere.example.com is not an allowed host (INTERLOCK_FETCH_ALLOW: 127.0.0.1:"
                + upstream.port() + ")", call.path("message").asText());

        String metrics = CLIENT.send(HttpRequest.newBuilder(server.getURI().resolve("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String host = "host=\"127.0.0.1:" + upstream.port() + "\"";
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("interlock_fetch_calls_total{") && l.contains(host)
                && l.contains("outcome=\"2xx\"") && !l.endsWith(" 0.0")), metrics);
        assertTrue(metrics.lines().anyMatch(l -> l.equals("interlock_fetch_calls_total{host=\"none\",outcome=\"not_allowed\"} 0.0")),
                "a dry run's calls are not counted (issue 23 item 5): an alert on them would page for a draft; " + metrics);
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("interlock_fetch_calls_total{") && l.contains(host)
                && l.contains("outcome=\"timeout\"")), "registered at zero: " + metrics);
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("interlock_fetch_seconds_count{" + host)), metrics);
    }
}
