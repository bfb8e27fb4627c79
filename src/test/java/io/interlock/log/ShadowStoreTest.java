package io.interlock.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.interlock.config.LogSettings;
import io.interlock.config.LogSettings.Pii;
import io.interlock.http.DecisionRecorder.Call;
import io.interlock.log.TestDatabases.Kind;
import io.interlock.service.ShadowOutcome;
import io.interlock.trigger.Trigger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A decision's shadow run (issue 26 item 3) in each store: kept beside the live answer, masked as
 * it is, read back the same, and found by {@code shadow=agree|disagree|any}.
 */
class ShadowStoreTest {

    @TempDir
    Path dir;
    private final List<DecisionLog> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(DecisionLog::close);
    }

    static Stream<String> stores() {
        return Stream.of("memory", Kind.SQLITE.name(), Kind.POSTGRESQL.name());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void theShadowRunIsKeptMaskedAndFiltered(String store) {
        DecisionLog log = log(store);
        JsonNode payload = Calls.payload(Trigger.PRE_SIGNUP, "jane.doe@gmail.com");
        Call live = Calls.decided("dec_disagree", "intercept", Trigger.PRE_SIGNUP, payload, "ALLOW", "10-live.js", List.of());
        Call shadowRun = Calls.decided("-", "intercept", Trigger.PRE_SIGNUP, payload, "DENY", "shadow/10-strict.js",
                List.of("refused jane.doe@gmail.com"));
        log.record(live.withShadow(ShadowOutcome.of(live.decided(), shadowRun.decided())));
        Call agreeing = Calls.decided("dec_agree", "intercept", Trigger.PRE_SIGNUP, payload, "ALLOW", "10-live.js", List.of());
        log.record(agreeing.withShadow(ShadowOutcome.of(agreeing.decided(), agreeing.decided())));
        log.record(Calls.decided("dec_none", "intercept", Trigger.PRE_SIGNUP, payload, "ALLOW", "10-live.js", List.of()));
        // a database store writes in the background: wait until the three are stored, not for a moment
        assertTrue(log.flush(Duration.ofSeconds(60)), "the three calls are stored");

        JsonNode shadow = EventJson.full(log.find("dec_disagree").orElseThrow()).path("shadow");
        assertEquals("DENY", shadow.path("decision").asText(), shadow.toString());
        assertEquals("no", shadow.path("error_message").asText());
        assertFalse(shadow.path("agrees").asBoolean());
        assertEquals("[\"decision\",\"error_message\"]", shadow.path("differs").toString());
        JsonNode policy = shadow.path("policies").get(0);
        assertEquals("policies/pre-signup/shadow/10-strict.js", policy.path("name").asText());
        assertEquals("deny", policy.path("outcome").asText());
        assertTrue(policy.path("hash").asText().startsWith("sha256:"));
        String console = policy.path("console").get(0).asText();
        assertFalse(console.contains("jane.doe"), "masked as the live chain's console is: " + console);
        assertEquals(1.235, shadow.path("duration_ms").asDouble());
        assertTrue(EventJson.full(log.find("dec_agree").orElseThrow()).path("shadow").path("agrees").asBoolean());
        assertTrue(EventJson.full(log.find("dec_none").orElseThrow()).path("shadow").isMissingNode());

        assertEquals(List.of("dec_disagree"), DecisionLogTest.ids(log.page(DecisionLogTest.params("shadow=disagree"))));
        assertEquals(List.of("dec_agree"), DecisionLogTest.ids(log.page(DecisionLogTest.params("shadow=agree"))));
        assertEquals(List.of("dec_agree", "dec_disagree"),
                DecisionLogTest.ids(log.page(DecisionLogTest.params("shadow=any&trigger=PRE_SIGNUP"))).stream().sorted().toList());
        assertEquals(3, DecisionLogTest.ids(log.page(DecisionLogTest.params(""))).size());
    }

    private DecisionLog log(String store) {
        LogSettings d = LogSettings.defaults();
        LogSettings settings = new LogSettings(Pii.MASKED, 100, false, LogSettings.Sink.NONE, d.file(), 1, 1);
        DecisionLog log = store.equals("memory") ? new DecisionLog(settings, Sink.NONE, Clock.systemUTC())
                : new DecisionLog(settings, Sink.NONE, SqlStore.open(TestDatabases.fresh(Kind.valueOf(store), dir), Clock.systemUTC()),
                        Clock.systemUTC());
        opened.add(log);
        return log;
    }
}
