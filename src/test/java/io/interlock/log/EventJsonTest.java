package io.interlock.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.interlock.fetch.FetchCall;
import io.interlock.trigger.Trigger;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The texts written without a tree (the stored summary, the log line) read back as the event and match the API's tree. */
class EventJsonTest {

    private static final Instant TIME = Instant.parse("2025-10-09T12:50:41.123Z");
    private static final String FILE = "/srv/policies/pre-signup/10-a.js";

    static Stream<DecisionEvent> events() {
        DecisionEvent.PolicyEntry plain = new DecisionEvent.PolicyEntry(FILE, "sha256:ab", "allow", List.of());
        DecisionEvent.PolicyEntry chatty = new DecisionEvent.PolicyEntry(FILE, "sha256:cd", "deny",
                List.of("said \"no\" to rené\n", "\u0000 and \ud83d\ude00"),
                List.of(new FetchCall("GET", "api.example.com", null, 200, null, null, 12.5),
                        new FetchCall("POST", "evil.example", null, null, "not_allowed", null, 0.1)));
        return Stream.of(
                new DecisionEvent("dec_1", TIME, "intercept", Trigger.PRE_SIGNUP, "env_1", "j***@acmecorp.com", "org_1",
                        null, "ALLOW", 200, null, null, null, FILE, List.of(plain), 4.592, "127.0.0.1", null, null),
                new DecisionEvent("dec_2", TIME, "evaluate", Trigger.PRE_SESSION_CREATION, null, null, null, "client_1",
                        "DENY", 200, "policy_timeout", FILE + ":3:7: over 500 ms", "deny", FILE,
                        List.of(chatty, new DecisionEvent.PolicyEntry("/srv/policies/pre-signup/20-b.js", "sha256:ef", null,
                                List.of())), null, null, null, null),
                new DecisionEvent("dec_3", TIME, "intercept", null, null, null, null, null, null, 503, "overloaded",
                        "the evaluation queue is full", null, null, List.of(), 0.25, "10.0.0.1", null, null),
                new DecisionEvent("dec_4", TIME, "intercept", Trigger.PRE_SIGNUP, null, "j***@example.com", null, null,
                        "DENY", 200, null, null, null, FILE, List.of(plain), 1.5, null, null, null, false, null, null,
                        "Only @acmecorp.com may sign up, \"j***@example.com\".", null));
    }

    /** The same events with a kept payload (masked or not) and with one too large to keep. */
    static Stream<DecisionEvent> withPayloads() {
        return events().flatMap(e -> Stream.of(e,
                withPayload(e, "{\"user\":{\"email\":\"j***@acmecorp.com\"},\"n\":[1,2.5,null]}", null, true),
                withPayload(e, "{}", null, false),
                withPayload(e, null, "the payload of 70000 bytes is over INTERLOCK_LOG_PAYLOAD_MAX_BYTES", false)));
    }

    private static DecisionEvent withPayload(DecisionEvent e, String payload, String omitted, boolean masked) {
        return new DecisionEvent(e.id(), e.time(), e.source(), e.trigger(), e.environmentId(), e.userEmail(),
                e.organizationId(), e.clientId(), e.decision(), e.httpStatus(), e.failureCode(), e.failureMessage(),
                e.onError(), e.decidedBy(), e.policies(), e.durationMs(), e.callerIp(), payload, omitted, masked);
    }

    @ParameterizedTest
    @MethodSource("events")
    void theStoredTextReadsBackAsTheEvent(DecisionEvent event) throws Exception {
        assertEquals(event, EventJson.read(EventJson.summaryText(event), null, null, false));
    }

    @ParameterizedTest
    @MethodSource("events")
    void theStoredTextIsTheApiSummary(DecisionEvent event) throws Exception {
        assertEquals(EventJson.summary(event).toString(), EventJson.summaryText(event));
    }

    @ParameterizedTest
    @MethodSource("withPayloads")
    void theLogLineIsTheApiEvent(DecisionEvent event) {
        assertEquals(EventJson.full(event).toString(), EventJson.line(event));
    }

    /** The database row and the log line share one summary, written once, and the line is still the API's event. */
    @ParameterizedTest
    @MethodSource("withPayloads")
    void aRecordedEventWritesItsSummaryOnceForTheRowAndTheLine(DecisionEvent event) {
        Recorded recorded = new Recorded(event);
        String summary = recorded.summary();
        assertEquals(EventJson.summaryText(event), summary);
        assertSame(summary, recorded.summary());
        assertEquals(EventJson.full(event).toString(), recorded.line());
    }
}
