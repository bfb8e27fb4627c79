package io.interlock.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interlock.config.LogSettings;
import io.interlock.config.LogSettings.Pii;
import io.interlock.engine.FailureCode;
import io.interlock.json.StrictJson;
import io.interlock.trigger.Trigger;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The embedded store behind GET /v1/decisions: event contents, filters, pagination, eviction. */
class DecisionLogTest {

    static final Instant START = Instant.parse("2025-10-09T10:00:00Z");

    static DecisionLog log(Pii pii, int size, boolean payloads) {
        LogSettings d = LogSettings.defaults();
        return new DecisionLog(new LogSettings(pii, size, payloads, LogSettings.Sink.NONE, d.file(), 1, 1), Sink.NONE,
                new Calls.ManualClock(START));
    }

    /**
     * Five calls one minute apart (10:00 .. 10:04):
     * e1 sign-up ALLOW john.doe@acmecorp.com, e2 invitation DENY (dry run), e3 session timeout → DENY
     * jane@acmecorp.com, e4 M2M ALLOW, e5 sign-up overloaded (503). Versions: e1 made by label v1 of
     * chain aaaaaaaaaaaa, e3 by v2 of chain bbbbbbbbbbbb, e4 by chain aaaaaaaaaaaa with no label.
     */
    static DecisionLog fiveCalls(Pii pii) {
        return fiveCalls(pii, new MemoryStore(100), false);
    }

    /** The same five calls into the given store. */
    static DecisionLog fiveCalls(Pii pii, DecisionStore store, boolean payloads) {
        Calls.ManualClock clock = new Calls.ManualClock(START);
        LogSettings d = LogSettings.defaults();
        DecisionLog log = new DecisionLog(new LogSettings(pii, 100, payloads, LogSettings.Sink.NONE, d.file(), 1, 1), Sink.NONE,
                store, clock);
        log.record(Calls.madeBy(Calls.decided("e1", "intercept", Trigger.PRE_SIGNUP, Calls.payload(Trigger.PRE_SIGNUP, null), "ALLOW",
                "10-domains.js", List.of()), "v1", "aaaaaaaaaaaa"));
        clock.advance(Duration.ofMinutes(1));
        log.record(Calls.decided("e2", "evaluate", Trigger.PRE_USER_INVITATION, Calls.payload(Trigger.PRE_USER_INVITATION, null),
                "DENY", "10-internal.js", List.of("inviting sarah.johnson@contractor.com")));
        clock.advance(Duration.ofMinutes(1));
        log.record(Calls.madeBy(Calls.failed("e3", Trigger.PRE_SESSION_CREATION, Calls.payload(Trigger.PRE_SESSION_CREATION,
                "jane@acmecorp.com"), FailureCode.POLICY_TIMEOUT, "policy ran longer than 500 ms"), "v2", "bbbbbbbbbbbb"));
        clock.advance(Duration.ofMinutes(1));
        log.record(Calls.madeBy(Calls.decided("e4", "intercept", Trigger.PRE_M2M_TOKEN_CREATION,
                Calls.payload(Trigger.PRE_M2M_TOKEN_CREATION, null), "ALLOW", "10-scope.js", List.of()), null, "aaaaaaaaaaaa"));
        clock.advance(Duration.ofMinutes(1));
        log.record(Calls.overloaded("e5", Trigger.PRE_SIGNUP, Calls.payload(Trigger.PRE_SIGNUP, null)));
        // a database store writes them in the background: read once they are stored, not within a read's own wait
        assertTrue(log.flush(Duration.ofSeconds(60)), "the five calls are stored");
        return log;
    }

    static Map<String, List<String>> params(String query) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (!query.isEmpty()) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
        }
        return params;
    }

    static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("decisions").forEach(d -> ids.add(d.get("id").asText()));
        return ids;
    }

    static Stream<Arguments> filters() {
        return Stream.of(
                Arguments.of(Pii.MASKED, "", "e5 e4 e3 e2 e1"),
                Arguments.of(Pii.MASKED, "from=2025-10-09T10:01:00Z", "e5 e4 e3 e2"),
                Arguments.of(Pii.MASKED, "to=2025-10-09T10:01:00Z", "e1"),
                Arguments.of(Pii.MASKED, "from=2025-10-09T12:01:00%2B02:00&to=2025-10-09T10:03:00.000Z", "e3 e2"),
                Arguments.of(Pii.MASKED, "trigger=PRE_SIGNUP", "e5 e1"),
                Arguments.of(Pii.MASKED, "trigger=pre-signup", "e5 e1"),
                Arguments.of(Pii.MASKED, "decision=DENY", "e3 e2"),
                Arguments.of(Pii.MASKED, "decision=allow", "e4 e1"),
                // masked: the full address is masked before comparing, so jane (j***) matches too
                Arguments.of(Pii.MASKED, "email=john.doe@acmecorp.com", "e5 e3 e1"),
                Arguments.of(Pii.MASKED, "email=J***@ACMECORP.COM", "e5 e3 e1"),
                Arguments.of(Pii.MASKED, "email=@contractor.com", "e2"),
                Arguments.of(Pii.FULL, "email=John.Doe@AcmeCorp.com", "e5 e1"),
                Arguments.of(Pii.FULL, "email=jane@acmecorp.com", "e3"),
                Arguments.of(Pii.FULL, "email=j***@acmecorp.com", ""),
                Arguments.of(Pii.FULL, "email=@acmecorp.com", "e5 e3 e1"),
                Arguments.of(Pii.MASKED, "organization=org_93418204671239864", "e3"),
                Arguments.of(Pii.MASKED, "organization=org_102953846317318346", "e5 e1"),
                Arguments.of(Pii.MASKED, "organization=org_89669394174574792", "e4"),
                Arguments.of(Pii.MASKED, "failure=policy_timeout", "e3"),
                Arguments.of(Pii.MASKED, "failure=overloaded", "e5"),
                Arguments.of(Pii.MASKED, "failure=policy_memory", ""),
                Arguments.of(Pii.MASKED, "policy=10-domains.js", "e1"),
                Arguments.of(Pii.MASKED, "policy=policies/pre-user-invitation/10-internal.js", "e2"),
                Arguments.of(Pii.MASKED, "policy=domains.js", ""),
                Arguments.of(Pii.MASKED, "source=evaluate", "e2"),
                Arguments.of(Pii.MASKED, "source=intercept&trigger=PRE_SIGNUP&decision=ALLOW", "e1"),
                Arguments.of(Pii.MASKED, "version=v1", "e1"),
                Arguments.of(Pii.MASKED, "version=aaaaaaaaaaaa", "e4 e1"),
                Arguments.of(Pii.MASKED, "version=bbbbbbbbbbbb&trigger=PRE_SESSION_CREATION", "e3"),
                Arguments.of(Pii.MASKED, "version=v9", ""),
                Arguments.of(Pii.MASKED, "limit=2", "e5 e4"),
                Arguments.of(Pii.MASKED, "email=&decision=&limit=", "e5 e4 e3 e2 e1"));
    }

    @ParameterizedTest(name = "{0} ?{1}")
    @MethodSource("filters")
    void filters(Pii pii, String query, String expected) {
        JsonNode page = fiveCalls(pii).page(params(query));
        assertEquals(expected, String.join(" ", ids(page)));
    }

    static Stream<Arguments> badQueries() {
        return Stream.of(
                Arguments.of(Pii.MASKED, "frm=2025-10-09T10:00:00Z", "frm: unknown parameter"),
                Arguments.of(Pii.MASKED, "from=yesterday", "from: must be an ISO-8601 time"),
                Arguments.of(Pii.MASKED, "to=2025-10-09", "to: must be an ISO-8601 time"),
                Arguments.of(Pii.MASKED, "from=2025-10-09T11:00:00Z&to=2025-10-09T10:00:00Z", "to: must be later than from"),
                Arguments.of(Pii.MASKED, "trigger=POST_USER_AUTHENTICATION", "trigger: unknown trigger"),
                Arguments.of(Pii.MASKED, "decision=MAYBE", "decision: must be ALLOW or DENY"),
                Arguments.of(Pii.MASKED, "email=john", "email: must be an email address or @domain"),
                Arguments.of(Pii.NONE, "email=john@acmecorp.com", "email: INTERLOCK_LOG_PII=none"),
                Arguments.of(Pii.MASKED, "failure=timeout", "failure: unknown failure code"),
                Arguments.of(Pii.MASKED, "source=api", "source: must be intercept or evaluate"),
                Arguments.of(Pii.MASKED, "limit=0", "limit: must be a whole number from 1 to 500"),
                Arguments.of(Pii.MASKED, "limit=501", "limit: must be a whole number from 1 to 500"),
                Arguments.of(Pii.MASKED, "limit=ten", "limit: must be a whole number from 1 to 500"),
                Arguments.of(Pii.MASKED, "decision=ALLOW&decision=DENY", "decision: given more than once"),
                Arguments.of(Pii.MASKED, "cursor=!!!", "cursor: not a cursor from this service"),
                Arguments.of(Pii.MASKED, "cursor=" + Cursor.encode(new Cursor.Sequence("00000000", 3)), "cursor: from before the service restarted"),
                Arguments.of(Pii.MASKED, "cursor=" + Cursor.encode(new Cursor.Position(3, "dec_x")), "cursor: from before the service restarted"),
                Arguments.of(Pii.MASKED, "organization=" + "x".repeat(321), "organization: longer than 320 characters"));
    }

    @ParameterizedTest(name = "{0} ?{1}")
    @MethodSource("badQueries")
    void badQueriesNameTheParameter(Pii pii, String query, String message) {
        DecisionLog log = fiveCalls(pii);
        BadQuery bad = assertThrows(BadQuery.class, () -> log.page(params(query)));
        assertTrue(bad.getMessage().startsWith(message), bad.getMessage());
    }

    /** Issue 28 item 2: each decision carries the version of the chain that made it; a draft's dry run none. */
    @Test
    void aDecisionCarriesTheVersionItWasMadeBy() {
        DecisionLog log = fiveCalls(Pii.MASKED);
        assertEquals("{\"label\":\"v1\",\"chain\":\"aaaaaaaaaaaa\"}", EventJson.full(log.find("e1").orElseThrow()).get("version").toString());
        assertEquals("{\"label\":null,\"chain\":\"aaaaaaaaaaaa\"}", EventJson.full(log.find("e4").orElseThrow()).get("version").toString());
        assertTrue(!EventJson.full(log.find("e2").orElseThrow()).has("version"), "no version field where none is known");
        assertEquals("v2", log.page(params("version=v2")).get("decisions").get(0).get("version").get("label").asText());
    }

    @Test
    void eventCarriesEverythingAnOperatorAsksFor() {
        DecisionLog log = fiveCalls(Pii.MASKED);
        ObjectNode e2 = EventJson.full(log.find("e2").orElseThrow());
        assertEquals("evaluate", e2.get("source").asText());
        assertEquals("2025-10-09T10:01:00Z", e2.get("time").asText());
        assertEquals("PRE_USER_INVITATION", e2.get("trigger").asText());
        assertEquals("env_92561807201272162", e2.get("environment_id").asText());
        assertEquals("s***@contractor.com", e2.get("user_email").asText());
        assertEquals("org_93731871904672153", e2.get("organization_id").asText());
        assertEquals("DENY", e2.get("decision").asText());
        assertEquals(200, e2.get("http_status").asInt());
        assertTrue(e2.get("failure").isNull());
        assertEquals("policies/pre-user-invitation/10-internal.js", e2.get("decided_by").asText());
        JsonNode policy = e2.get("policies").get(0);
        assertEquals("policies/pre-user-invitation/10-internal.js", policy.get("name").asText());
        assertTrue(policy.get("hash").asText().startsWith("sha256:"));
        assertEquals("deny", policy.get("outcome").asText());
        assertEquals("inviting s***@contractor.com", policy.get("console").get(0).asText());
        assertEquals(1.235, e2.get("duration_ms").asDouble());
        assertEquals("203.0.113.0", e2.get("caller_ip").asText());
        assertFalse(e2.has("payload"), "payloads are kept only with INTERLOCK_LOG_PAYLOADS=true");

        ObjectNode e3 = EventJson.full(log.find("e3").orElseThrow());
        assertEquals("policy_timeout", e3.at("/failure/code").asText());
        assertEquals("policies/pre-session-creation/10-main.js:3:9: policy ran longer than 500 ms", e3.at("/failure/message").asText());
        assertEquals("deny", e3.get("on_error").asText());
        assertEquals("DENY", e3.get("decision").asText());
        assertEquals("2001:db8:85a3::", e3.get("caller_ip").asText());
        assertEquals("[{\"method\":\"GET\",\"host\":\"billing.acmecorp.com\",\"status\":null,\"error\":\"deadline\","
                + "\"duration_ms\":499.5}]", e3.at("/policies/0/fetch").toString(), "the call, never its URL, headers or message");

        ObjectNode e4 = EventJson.full(log.find("e4").orElseThrow());
        assertEquals("m2morg_93710427703245914", e4.get("client_id").asText());
        assertTrue(e4.get("user_email").isNull());

        ObjectNode e5 = EventJson.full(log.find("e5").orElseThrow());
        assertEquals(503, e5.get("http_status").asInt());
        assertTrue(e5.get("decision").isNull());
        assertEquals("overloaded", e5.at("/failure/code").asText());
        assertTrue(e5.get("duration_ms").isNull());
        assertEquals(0, e5.get("policies").size());
    }

    @Test
    void payloadIsKeptMaskedWhenConfigured() {
        DecisionLog log = log(Pii.MASKED, 10, true);
        log.record(Calls.decided("p1", "intercept", Trigger.PRE_SIGNUP, Calls.payload(Trigger.PRE_SIGNUP, null), "ALLOW",
                "10-a.js", List.of()));
        JsonNode event = parse(EventJson.line(log.find("p1").orElseThrow()));
        assertEquals("j***@acmecorp.com", event.at("/payload/interceptor_context/user_email").asText());
        assertEquals("203.0.113.0", event.at("/payload/interceptor_context/ip_address").asText());
        assertEquals("PRE_SIGNUP", event.at("/payload/trigger_point").asText());
        // the list leaves payloads out; the single event has it
        assertFalse(log.page(params("")).get("decisions").get(0).has("payload"));

        DecisionLog none = log(Pii.NONE, 10, true);
        none.record(Calls.decided("p2", "intercept", Trigger.PRE_SIGNUP, Calls.payload(Trigger.PRE_SIGNUP, null), "ALLOW",
                "10-a.js", List.of("hello john.doe@acmecorp.com")));
        String line = EventJson.line(none.find("p2").orElseThrow());
        assertFalse(line.contains("@acmecorp.com"), line);
        assertFalse(line.contains("203.0.113"), line);
        assertTrue(line.contains("\"user_email\":null"), line);
        assertTrue(line.contains("\"caller_ip\":null"), line);
        assertTrue(line.contains("hello [email]"), line);
    }

    @Test
    void largePayloadIsNotKept() {
        DecisionLog log = log(Pii.FULL, 10, true);
        ObjectNode payload = (ObjectNode) Calls.payload(Trigger.PRE_SIGNUP, null);
        payload.put("padding", "x".repeat(Events.MAX_PAYLOAD_CHARS));
        log.record(Calls.decided("big", "intercept", Trigger.PRE_SIGNUP, payload, "ALLOW", "10-a.js", List.of()));
        ObjectNode event = EventJson.full(log.find("big").orElseThrow());
        assertTrue(event.get("payload").isNull());
        assertEquals("payload larger than 32 KB", event.get("payload_omitted").asText());
    }

    @Test
    void consoleOutputIsBounded() {
        List<String> console = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            console.add(i == 0 ? "y".repeat(2000) : "line " + i);
        }
        DecisionLog log = log(Pii.MASKED, 10, false);
        log.record(Calls.decided("c", "intercept", Trigger.PRE_SIGNUP, Calls.payload(Trigger.PRE_SIGNUP, null), "ALLOW",
                "10-a.js", console));
        List<String> kept = log.find("c").orElseThrow().policies().get(0).console();
        assertEquals(Events.MAX_CONSOLE_LINES + 1, kept.size());
        assertEquals(Events.MAX_CONSOLE_LINE_LENGTH + 1, kept.get(0).length());
        assertEquals("… 30 more lines not kept", kept.get(Events.MAX_CONSOLE_LINES));
    }

    @Test
    void pagesFollowTheCursorAndIgnoreNewerEvents() {
        Calls.ManualClock clock = new Calls.ManualClock(START);
        LogSettings d = LogSettings.defaults();
        DecisionLog log = new DecisionLog(new LogSettings(Pii.MASKED, 100, false, LogSettings.Sink.NONE, d.file(), 1, 1),
                Sink.NONE, clock);
        for (int i = 1; i <= 7; i++) {
            String verdict = i % 2 == 0 ? "DENY" : "ALLOW";
            log.record(Calls.decided("d" + i, "intercept", Trigger.PRE_SIGNUP, Calls.payload(Trigger.PRE_SIGNUP, null), verdict,
                    "10-a.js", List.of()));
        }
        JsonNode first = log.page(params("limit=3"));
        assertEquals(List.of("d7", "d6", "d5"), ids(first));
        String cursor = first.get("next_cursor").asText();

        // calls arriving between pages do not shift the next page
        log.record(Calls.decided("d8", "intercept", Trigger.PRE_SIGNUP, Calls.payload(Trigger.PRE_SIGNUP, null), "ALLOW",
                "10-a.js", List.of()));
        JsonNode second = log.page(params("limit=3&cursor=" + cursor));
        assertEquals(List.of("d4", "d3", "d2"), ids(second));
        JsonNode third = log.page(params("limit=3&cursor=" + second.get("next_cursor").asText()));
        assertEquals(List.of("d1"), ids(third));
        assertTrue(third.get("next_cursor").isNull());

        // with a filter, the cursor is only given when another match exists
        JsonNode denies = log.page(params("decision=DENY&limit=3"));
        assertEquals(List.of("d6", "d4", "d2"), ids(denies));
        assertTrue(denies.get("next_cursor").isNull());
        JsonNode allows = log.page(params("decision=ALLOW&limit=4"));
        assertEquals(List.of("d8", "d7", "d5", "d3"), ids(allows));
        assertNotNull(allows.get("next_cursor").textValue());
    }

    @Test
    void ringKeepsTheLastNAndForgetsTheRest() {
        DecisionLog log = log(Pii.MASKED, 3, false);
        for (int i = 1; i <= 5; i++) {
            log.record(Calls.decided("r" + i, "intercept", Trigger.PRE_SIGNUP, Calls.payload(Trigger.PRE_SIGNUP, null), "ALLOW",
                    "10-a.js", List.of()));
        }
        assertEquals(List.of("r5", "r4", "r3"), ids(log.page(params(""))));
        assertTrue(log.find("r2").isEmpty());
        assertTrue(log.find("r1").isEmpty());
        assertTrue(log.find("r3").isPresent());

        // a cursor into events evicted meanwhile ends the listing instead of failing
        JsonNode page = log.page(params("limit=1"));
        String cursor = page.get("next_cursor").asText();
        for (int i = 6; i <= 9; i++) {
            log.record(Calls.decided("r" + i, "intercept", Trigger.PRE_SIGNUP, Calls.payload(Trigger.PRE_SIGNUP, null), "ALLOW",
                    "10-a.js", List.of()));
        }
        JsonNode after = log.page(params("cursor=" + cursor));
        assertEquals(List.of(), ids(after));
        assertTrue(after.get("next_cursor").isNull());
    }

    @Test
    void storeIsSafeUnderConcurrentInserts() throws Exception {
        MemoryStore store = new MemoryStore(64);
        DecisionLog source = log(Pii.MASKED, 1, false);
        source.record(Calls.decided("t", "intercept", Trigger.PRE_SIGNUP, Calls.payload(Trigger.PRE_SIGNUP, null), "ALLOW",
                "10-a.js", List.of()));
        DecisionEvent template = source.find("t").orElseThrow();
        int threads = 4;
        int each = 5_000;
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int n = t;
            Thread writer = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    store.add(new Recorded(withId(template, "w" + n + "-" + i)));
                }
            });
            writer.start();
            writers.add(writer);
        }
        // readers running alongside always see a consistent newest-first window
        while (writers.stream().anyMatch(Thread::isAlive)) {
            List<MemoryStore.Entry> entries = store.entries(e -> true, Long.MAX_VALUE, 64).entries();
            for (int i = 1; i < entries.size(); i++) {
                assertEquals(entries.get(i - 1).seq() - 1, entries.get(i).seq());
            }
        }
        for (Thread w : writers) {
            w.join();
        }
        assertEquals(64, store.size());
        List<MemoryStore.Entry> last = store.entries(e -> true, Long.MAX_VALUE, 500).entries();
        assertEquals(64, last.size());
        assertEquals(threads * each - 1, last.get(0).seq());
        assertNull(store.get("w0-0").orElse(null));
    }

    static JsonNode parse(String json) {
        return StrictJson.parse(json.getBytes(StandardCharsets.UTF_8)).node().orElseThrow();
    }

    private static DecisionEvent withId(DecisionEvent e, String id) {
        return new DecisionEvent(id, e.time(), e.source(), e.trigger(), e.environmentId(), e.userEmail(), e.organizationId(),
                e.clientId(), e.decision(), e.httpStatus(), e.failureCode(), e.failureMessage(), e.onError(), e.decidedBy(),
                e.policies(), e.durationMs(), e.callerIp(), e.payload(), e.payloadOmitted());
    }
}
