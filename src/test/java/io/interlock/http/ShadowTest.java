package io.interlock.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interlock.service.ShadowPool;
import io.interlock.testing.Await;
import io.interlock.testing.Payloads;
import io.interlock.testing.Signer;
import io.interlock.testing.Upstream;
import io.interlock.trigger.Trigger;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shadow chains (issue 26 item 3) through a running service: the shadow's answer is recorded
 * beside the live one and never sent; a failing shadow changes nothing; the live answer does not
 * wait for a shadow still running (it is held at an upstream the test releases, so "still
 * running" is a fact); a full shadow pool skips the run and counts it; the filters, the metrics,
 * the dry run and /v1/policies show both.
 */
class ShadowTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Bounds for work that must finish: they only cost time when the test fails anyway. */
    private static final Duration MUST_FINISH = Duration.ofSeconds(60);

    private static final String ALLOW = "export default () => ({ decision: 'ALLOW' });\n";
    private static final String NO_PERSONAL = "export default (ctx) => ctx.interceptor_context.user_email.endsWith('@gmail.com')\n"
            + "  ? { decision: 'DENY', error: { message: 'shadow: no personal addresses' } } : { decision: 'ALLOW' };\n";
    private static final String GOLD = "export default () => ({ decision: 'ALLOW', response: { claims: { tier: 'gold' } } });\n";
    private static final String THROWS = "export default () => {\n  throw new Error('shadow bug');\n};\n";

    @TempDir
    static Path folder;
    private static Upstream upstream;
    private static EmbeddedServer server;

    @BeforeAll
    static void start() throws IOException {
        upstream = new Upstream();
        write("pre-signup/10-live.js", ALLOW);
        write("pre-signup/shadow/10-no-personal.js", NO_PERSONAL);
        write("pre-session-creation/10-live.js", GOLD);
        write("pre-session-creation/shadow/10-broken.js", THROWS);
        write("pre-user-invitation/10-live.js", ALLOW);
        // held at the upstream until the test releases it: a shadow run provably still going
        write("pre-user-invitation/shadow/10-slow.js", "export default async () => {\n"
                + "  await fetch('" + upstream.base() + "/held');\n  return { decision: 'DENY' };\n};\n");
        write("pre-m2m-token-creation/10-live.js", ALLOW);
        server = ApplicationContext.run(EmbeddedServer.class, Map.of("interlock.policies", folder.toString(),
                "interlock.allow-unsigned", true, "interlock.reload", false,
                // one shadow worker and one waiting place, so the third held call finds the pool full
                "interlock.shadow-workers", 1, "interlock.shadow-queue", 1,
                "interlock.fetch-allow", "127.0.0.1:" + upstream.port(), "interlock.fetch-timeout-ms", 30_000), "test");
    }

    @AfterAll
    static void stop() {
        upstream.close();
        server.close();
    }

    @Test
    void aShadowDenyIsRecordedAndNeverSent() {
        HttpResponse<String> answer = intercept(Trigger.PRE_SIGNUP, "jane@gmail.com");
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("{\"decision\":\"ALLOW\"}", answer.body(), "the live chain's answer, not the shadow's");

        JsonNode event = recorded(id(answer));
        assertEquals("ALLOW", event.path("decision").asText());
        JsonNode shadow = event.path("shadow");
        assertEquals("DENY", shadow.path("decision").asText(), event.toString());
        assertEquals("shadow: no personal addresses", shadow.path("error_message").asText());
        assertTrue(shadow.path("failure_code").isNull());
        assertFalse(shadow.path("agrees").asBoolean());
        assertEquals(List.of("decision", "error_message"), texts(shadow.path("differs")));
        assertEquals(2, shadow.path("policies").size(), "the live chain's file, then the shadow's");
        assertTrue(shadow.path("policies").get(0).path("name").asText().endsWith("pre-signup/10-live.js"));
        assertTrue(shadow.path("policies").get(1).path("name").asText().endsWith("pre-signup/shadow/10-no-personal.js"));
        assertEquals("deny", shadow.path("policies").get(1).path("outcome").asText());
        assertTrue(shadow.path("duration_ms").isNumber());
        assertEquals(1, event.path("policies").size(), "the live chain's policies stay the live chain's");

        JsonNode agreeing = recorded(id(intercept(Trigger.PRE_SIGNUP, "john@acmecorp.com")));
        assertTrue(agreeing.path("shadow").path("agrees").asBoolean(), agreeing.toString());
        assertEquals(List.of(), texts(agreeing.path("shadow").path("differs")));
    }

    @Test
    void aFailingShadowChangesNothingAndIsRecordedAsTheFailureItIs() {
        HttpResponse<String> answer = intercept(Trigger.PRE_SESSION_CREATION, null);
        assertEquals("{\"decision\":\"ALLOW\",\"response\":{\"claims\":{\"tier\":\"gold\"}}}", answer.body());
        JsonNode shadow = recorded(id(answer)).path("shadow");
        assertEquals("policy_error", shadow.path("failure_code").asText(), shadow.toString());
        assertTrue(shadow.path("failure_message").asText().contains("shadow bug"), shadow.toString());
        // what the platform would have got from it: on-error's DENY with the generic text
        assertEquals("DENY", shadow.path("decision").asText());
        assertFalse(shadow.path("agrees").asBoolean());
        assertEquals(List.of("decision", "error_message", "claims"), texts(shadow.path("differs")));
    }

    @Test
    void theAnswerDoesNotWaitForTheShadowAndAFullShadowPoolSkipsItsRun() throws Exception {
        Upstream.Hold held = upstream.hold("/held");
        ShadowPool pool = server.getApplicationContext().getBean(ShadowPool.class);
        long skippedBefore = pool.skipped(Trigger.PRE_USER_INVITATION);

        HttpResponse<String> first = intercept(Trigger.PRE_USER_INVITATION, null);
        assertEquals("{\"decision\":\"ALLOW\"}", first.body());
        assertTrue(held.arrived(MUST_FINISH.toSeconds()), "the shadow run reached the upstream");
        // answered while its shadow waits for an upstream that has not answered: it did not wait
        assertEquals(404, get("/v1/decisions/" + id(first)).statusCode(), "recorded once its shadow has run");

        HttpResponse<String> queued = intercept(Trigger.PRE_USER_INVITATION, null);
        HttpResponse<String> skipped = intercept(Trigger.PRE_USER_INVITATION, null);
        assertEquals("{\"decision\":\"ALLOW\"}", queued.body());
        assertEquals("{\"decision\":\"ALLOW\"}", skipped.body());
        JsonNode unshadowed = recorded(id(skipped));
        assertTrue(unshadowed.path("shadow").isMissingNode(), "a skipped shadow run leaves no shadow field: " + unshadowed);
        assertEquals(skippedBefore + 1, pool.skipped(Trigger.PRE_USER_INVITATION));
        assertEquals(1.0, metric("interlock_shadow_skipped_total{trigger=\"PRE_USER_INVITATION\"}") - skippedBefore);

        held.release();
        for (HttpResponse<String> answer : List.of(first, queued)) {
            JsonNode shadow = recorded(id(answer)).path("shadow");
            assertEquals("DENY", shadow.path("decision").asText(), shadow.toString());
            assertEquals(200, shadow.path("policies").get(1).path("fetch").get(0).path("status").asInt(), shadow.toString());
        }
    }

    @Test
    void aTriggerWithoutAShadowChainHasNoShadowField() {
        JsonNode event = recorded(id(intercept(Trigger.PRE_M2M_TOKEN_CREATION, null)));
        assertTrue(event.path("shadow").isMissingNode(), event.toString());
    }

    @Test
    void decisionsFilterByAgreementAndMetricsCountIt() {
        double disagreedBefore = metric("interlock_shadow_total{outcome=\"disagree\",trigger=\"PRE_SIGNUP\"}");
        double agreedBefore = metric("interlock_shadow_total{outcome=\"agree\",trigger=\"PRE_SIGNUP\"}");
        String disagrees = id(intercept(Trigger.PRE_SIGNUP, "ann@gmail.com"));
        String agrees = id(intercept(Trigger.PRE_SIGNUP, "bob@acmecorp.com"));
        String none = id(intercept(Trigger.PRE_M2M_TOKEN_CREATION, null));
        List.of(disagrees, agrees, none).forEach(ShadowTest::recorded);

        List<String> disagreeing = listed("shadow=disagree&limit=500");
        assertTrue(disagreeing.contains(disagrees) && !disagreeing.contains(agrees) && !disagreeing.contains(none), disagreeing.toString());
        List<String> agreeing = listed("shadow=agree&limit=500");
        assertTrue(agreeing.contains(agrees) && !agreeing.contains(disagrees) && !agreeing.contains(none), agreeing.toString());
        List<String> any = listed("shadow=any&limit=500");
        assertTrue(any.containsAll(List.of(agrees, disagrees)) && !any.contains(none), any.toString());

        HttpResponse<String> bad = get("/v1/decisions?shadow=maybe");
        assertEquals(400, bad.statusCode(), bad.body());
        assertTrue(bad.body().contains("shadow") && bad.body().contains("agree, disagree or any"), bad.body());

        assertEquals(disagreedBefore + 1, metric("interlock_shadow_total{outcome=\"disagree\",trigger=\"PRE_SIGNUP\"}"));
        assertEquals(agreedBefore + 1, metric("interlock_shadow_total{outcome=\"agree\",trigger=\"PRE_SIGNUP\"}"));
    }

    /** Both answers in the dry run's trace, and in its recorded event; dry runs are not in the shadow metrics. */
    @Test
    void theDryRunShowsBothAnswers() {
        double disagreedBefore = metric("interlock_shadow_total{outcome=\"disagree\",trigger=\"PRE_SIGNUP\"}");
        ObjectNode body = JSON.createObjectNode();
        body.set("payload", payload(Trigger.PRE_SIGNUP, "zoe@gmail.com"));
        HttpResponse<String> answer = Signer.send(HttpRequest.newBuilder(server.getURI().resolve("/v1/evaluate"))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode dryRun = parse(answer.body());
        assertEquals("ALLOW", dryRun.path("result").path("decision").asText());
        JsonNode shadow = dryRun.path("shadow");
        assertEquals("DENY", shadow.path("result").path("decision").asText(), dryRun.toString());
        assertEquals("shadow: no personal addresses", shadow.path("result").path("error").path("message").asText());
        assertFalse(shadow.path("agrees").asBoolean());
        assertEquals("deny", shadow.path("trace").get(1).path("outcome").asText(), shadow.toString());

        JsonNode event = recorded(dryRun.path("decision_id").asText());
        assertEquals("evaluate", event.path("source").asText());
        assertEquals("DENY", event.path("shadow").path("decision").asText(), event.toString());
        assertEquals(disagreedBefore, metric("interlock_shadow_total{outcome=\"disagree\",trigger=\"PRE_SIGNUP\"}"));
    }

    @Test
    void policiesListEachTriggersShadowChain() {
        JsonNode triggers = parse(get("/v1/policies").body()).path("triggers");
        JsonNode signup = find(triggers, "PRE_SIGNUP");
        assertEquals("pre-signup/shadow", signup.path("shadow").path("folder").asText());
        assertEquals(List.of("10-live.js"), names(signup.path("files")));
        // the shadow chain is the live chain with the shadow folder's files moved in
        assertEquals(List.of("10-live.js", "10-no-personal.js"), names(signup.path("shadow").path("files")));
        assertTrue(signup.path("shadow").path("files").get(1).path("path").asText().endsWith("pre-signup/shadow/10-no-personal.js"));
        assertTrue(signup.path("shadow").path("files").get(1).path("hash").asText().startsWith("sha256:"));
        assertEquals(List.of(), names(find(triggers, "PRE_M2M_TOKEN_CREATION").path("shadow").path("files")));
    }

    // --- helpers

    private static void write(String relative, String text) throws IOException {
        Path file = folder.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static JsonNode payload(Trigger trigger, String email) {
        ObjectNode payload = (ObjectNode) Payloads.of(trigger);
        if (email != null) {
            ((ObjectNode) payload.get("interceptor_context")).put("user_email", email);
        }
        return payload;
    }

    private static HttpResponse<String> intercept(Trigger trigger, String email) {
        return Signer.send(HttpRequest.newBuilder(server.getURI().resolve("/v1/intercept"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(payload(trigger, email).toString())).build());
    }

    private static String id(HttpResponse<String> answer) {
        return answer.headers().firstValue(InterceptController.DECISION_HEADER).orElseThrow();
    }

    private static HttpResponse<String> get(String pathAndQuery) {
        return Signer.send(HttpRequest.newBuilder(server.getURI().resolve(pathAndQuery)).GET().build());
    }

    /** The event, once recorded (a call whose shadow runs is recorded when the shadow is done). */
    private static JsonNode recorded(String id) {
        Await.until(MUST_FINISH, "decision " + id + " recorded", () -> get("/v1/decisions/" + id).statusCode() == 200);
        return parse(get("/v1/decisions/" + id).body());
    }

    private static List<String> listed(String query) {
        HttpResponse<String> page = get("/v1/decisions?" + query);
        assertEquals(200, page.statusCode(), page.body());
        List<String> ids = new ArrayList<>();
        parse(page.body()).path("decisions").forEach(d -> ids.add(d.path("id").asText()));
        return ids;
    }

    private static double metric(String key) {
        for (String line : get("/metrics").body().split("\n")) {
            if (line.startsWith(key + " ")) {
                return Double.parseDouble(line.substring(key.length() + 1));
            }
        }
        throw new AssertionError(key + " missing from /metrics");
    }

    private static JsonNode find(JsonNode triggers, String wire) {
        for (JsonNode t : triggers) {
            if (t.path("trigger").asText().equals(wire)) {
                return t;
            }
        }
        throw new AssertionError(wire + " missing");
    }

    private static List<String> names(JsonNode files) {
        List<String> names = new ArrayList<>();
        files.forEach(f -> names.add(f.path("name").asText()));
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(t -> texts.add(t.asText()));
        return texts;
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError(text, e);
        }
    }
}
