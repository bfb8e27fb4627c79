package io.interlock.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interlock.json.StrictJson;
import io.interlock.service.EvaluationPool;
import io.interlock.testing.LogCapture;
import io.interlock.testing.Payloads;
import io.interlock.testing.Servers;
import io.interlock.testing.Signer;
import io.interlock.trigger.Trigger;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A call stuck in a built-in the watchdog cannot interrupt (a real one: seconds of
 * {@code String.prototype.indexOf}, see {@code stalling-policies}) never takes the service down.
 * One worker; the stalling call is answered at its deadline, and then repeated as the platform
 * would send it (its own {@code triggered_at}) beside healthy calls. Proof that the repeats never
 * ran: the pool counts one stuck evaluation only. Proof that the healthy calls were answered while
 * it was stuck: its thread is still inside when they all have their answers (the stall lasts
 * seconds, the calls take milliseconds). Each test waits for the stuck thread to come out, so the
 * tests after it get the CPU back.
 */
class StallQuarantineTest {

    /** About 8 s of indexOf on an interpreted JDK 17; the calls made meanwhile take well under a second. */
    private static final int STALL = 8_000_000;
    private static final long STUCK_BOUND_S = 600;
    private static final Signer SIGNER = new Signer(Signer.SECRET);

    private EmbeddedServer server;
    @RegisterExtension
    final LogCapture log = new LogCapture();

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            awaitNoneStuck();
            server.close();
        }
    }

    @Test
    void healthyCallsKeepBeingAnsweredWhileAStallingCallIsRepeated() throws Exception {
        start(Map.of());
        HttpResponse<String> first = intercept(stalling(STALL));
        assertDenied(first);
        awaitFoundStuck();

        for (int i = 0; i < 5; i++) {
            assertDenied(intercept(stalling(STALL)));
            assertAllowed(intercept(Payloads.bytes(Trigger.PRE_USER_INVITATION)));
            assertAllowed(intercept(Payloads.bytes(Trigger.PRE_SIGNUP)));
        }

        EvaluationPool pool = pool();
        assertEquals(1, pool.stuckTotal(), "the repeated stalling call ran again");
        assertEquals(1, pool.stuck(), "the stuck evaluation came out before the other calls were answered: make STALL longer");

        String metrics = metrics();
        assertEquals(1, value(metrics, "interlock_stuck_evaluations", "trigger=\"PRE_USER_INVITATION\""));
        assertEquals(1, value(metrics, "interlock_quarantined_inputs", "trigger=\"PRE_USER_INVITATION\""));
        assertEquals(1, value(metrics, "interlock_stalls_total", "trigger=\"PRE_USER_INVITATION\""));
        assertEquals(5, value(metrics, "interlock_quarantine_refusals_total", "reason=\"input\",trigger=\"PRE_USER_INVITATION\""));
        assertEquals(5, value(metrics, "interlock_decisions_total",
                "decision=\"DENY\",failure=\"policy_quarantined\",source=\"intercept\",trigger=\"PRE_USER_INVITATION\""));
        assertEquals(1, value(metrics, "interlock_decisions_total",
                "decision=\"DENY\",failure=\"policy_timeout\",source=\"intercept\",trigger=\"PRE_USER_INVITATION\""));

        List<String> stalled = lines("stalled: trigger=PRE_USER_INVITATION");
        assertEquals(1, stalled.size(), log.toString());
        assertTrue(stalled.get(0).contains("10-stall.js") && stalled.get(0).contains("cannot be interrupted"), stalled.get(0));
        assertFalse(stalled.get(0).contains("sarah"), "the log line names the input by its fingerprint only: " + stalled.get(0));
    }

    @Test
    void aTriggerThatStallsOnEveryInputIsAnsweredAtOnceAndTheOthersAreNot() throws Exception {
        start(Map.of("interlock.stuck-per-trigger", 1));
        assertDenied(intercept(stalling(STALL)));
        awaitFoundStuck();

        // another input of the same trigger, and a healthy one: not run while the first is stuck
        assertDenied(intercept(stalling(STALL + 1_000)));
        assertDenied(intercept(Payloads.bytes(Trigger.PRE_USER_INVITATION)));
        assertAllowed(intercept(Payloads.bytes(Trigger.PRE_SIGNUP)));

        assertEquals(1, pool().stuckTotal(), "a second input of the stalling trigger ran");
        String metrics = metrics();
        assertEquals(2, value(metrics, "interlock_quarantine_refusals_total", "reason=\"trigger\",trigger=\"PRE_USER_INVITATION\""));
        assertEquals(1, lines("stall cap reached: trigger=PRE_USER_INVITATION").size(), log.toString());

        // once the stuck thread is out, the trigger's healthy calls run again
        awaitNoneStuck();
        assertAllowed(intercept(Payloads.bytes(Trigger.PRE_USER_INVITATION)));
        assertEquals(1, lines("stall cap lifted: trigger=PRE_USER_INVITATION").size(), log.toString());
    }

    private void start(Map<String, Object> settings) {
        Map<String, Object> properties = new HashMap<>(Map.of("interlock.policies", "src/test/resources/stalling-policies",
                "interlock.signing-secrets", Signer.SECRET, "interlock.workers", 1,
                "interlock.pre-user-invitation.timeout-ms", 1000, "interlock.decision-db", "none"));
        properties.putAll(settings);
        server = Servers.start(properties);
    }

    private EvaluationPool pool() {
        return server.getApplicationContext().getBean(EvaluationPool.class);
    }

    /** The seed invitation with {@code data.stall} set, and the current time as its triggered_at (the platform's per-call field). */
    private static byte[] stalling(int characters) {
        ObjectNode payload = Payloads.of(Trigger.PRE_USER_INVITATION).deepCopy();
        ((ObjectNode) payload.get("data")).put("stall", characters);
        ((ObjectNode) payload.get("interceptor_context")).put("triggered_at", Instant.now().toString());
        return payload.toString().getBytes(StandardCharsets.UTF_8);
    }

    private HttpResponse<String> intercept(byte[] body) {
        return Signer.send(SIGNER.signed(server.getURI().resolve("/v1/intercept"), body).build());
    }

    private static void assertDenied(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("DENY", decision(response), response.body());
    }

    private static void assertAllowed(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("ALLOW", decision(response), response.body());
    }

    private static String decision(HttpResponse<String> response) {
        JsonNode body = StrictJson.parse(response.body().getBytes(StandardCharsets.UTF_8)).node().orElseThrow();
        return body.path("decision").asText();
    }

    private String metrics() {
        return Signer.send(HttpRequest.newBuilder(server.getURI().resolve("/metrics")).build()).body();
    }

    /** The value of the series {@code name{labels}}, with the labels as Prometheus writes them (sorted). */
    private static double value(String metrics, String name, String labels) {
        Matcher m = Pattern.compile("^" + Pattern.quote(name + "{" + labels + "}") + " (\\S+)$", Pattern.MULTILINE).matcher(metrics);
        assertTrue(m.find(), name + "{" + labels + "} missing from /metrics");
        return Double.parseDouble(m.group(1));
    }

    private List<String> lines(String start) {
        return log.lines(start);
    }

    /**
     * The first call is answered at its deadline, but on a busy machine the watchdog's stop (and so
     * the finding that its thread is stuck) may come a sweep or two later: wait for that state
     * before sending what the guard is to refuse, or a repeat meets the cap of stuck threads first.
     */
    private void awaitFoundStuck() {
        io.interlock.testing.Await.until(java.time.Duration.ofSeconds(30), "the first call found stuck in its built-in",
                () -> pool().guard().stalls(Trigger.PRE_USER_INVITATION) == 1);
    }

    /** The stuck thread comes out when its built-in returns: seconds; the bound is for a broken build. */
    private void awaitNoneStuck() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STUCK_BOUND_S);
        while (pool().stuck() > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("a stuck evaluation still running after " + STUCK_BOUND_S + " s");
            }
            Thread.sleep(50);
        }
    }
}
