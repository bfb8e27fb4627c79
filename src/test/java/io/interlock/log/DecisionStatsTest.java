package io.interlock.log;

import static io.interlock.log.DecisionLogTest.params;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.interlock.config.LogSettings.Pii;
import io.interlock.config.Store;
import io.interlock.log.TestDatabases.Kind;
import io.interlock.trigger.Trigger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code GET /v1/decisions/stats} as each store computes it (Java for memory, SQL for SQLite and
 * PostgreSQL): the same known decisions give the same series, top lists, percentiles and shadow
 * counts everywhere, and the filters of the list apply.
 */
@Timeout(300)
class DecisionStatsTest {

    /** Where each store lives: memory, or a fresh database (PostgreSQL skips without .ci/run's server). */
    enum Where { MEMORY, SQLITE, POSTGRESQL }

    static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(4));
    static final String WINDOW = "from=" + T0 + "&to=" + T0.plus(Duration.ofHours(3)) + "&bucket=1h";
    static final String A = "policies/pre-signup/a.js";
    static final String B = "policies/pre-session-creation/b.js";
    static final String MESSAGE = "Only @acmecorp.com may sign up.";

    @TempDir
    Path dir;

    private final List<DecisionStore> opened = new ArrayList<>();
    private Store.Database database;
    private final Masking masking = new Masking(Pii.MASKED);

    @AfterEach
    void close() {
        opened.forEach(DecisionStore::close);
    }

    /** Ten decisions in the window [T0, T0+3h) and two outside it. */
    static List<DecisionEvent> events() {
        return List.of(
                event("d01", 10, "intercept", Trigger.PRE_SIGNUP, "ALLOW", null, A, null, 1.0),
                event("d02", 20, "intercept", Trigger.PRE_SIGNUP, "ALLOW", null, A, null, 2.0),
                event("d03", 70, "intercept", Trigger.PRE_SIGNUP, "DENY", null, A, MESSAGE, 3.0),
                event("d04", 80, "intercept", Trigger.PRE_SIGNUP, "DENY", null, A, MESSAGE, 4.0),
                event("d05", 90, "intercept", Trigger.PRE_SIGNUP, "DENY", null, A, null, 5.0),
                // on-error=deny answered DENY, but it is a failure
                event("d06", 130, "intercept", Trigger.PRE_SIGNUP, "DENY", "policy_timeout", A, null, 500.0),
                // every worker busy: no decision, no policy, no duration
                event("d07", 100, "intercept", Trigger.PRE_SIGNUP, null, "overloaded", null, null, null),
                event("d08", 15, "intercept", Trigger.PRE_SESSION_CREATION, "DENY", "policy_error", B, null, 6.0),
                event("d09", 150, "intercept", Trigger.PRE_SESSION_CREATION, "ALLOW", null, B, null, 7.0),
                event("d10", 30, "evaluate", Trigger.PRE_SESSION_CREATION, "ALLOW", null, B, null, 8.0),
                event("d11", -1, "intercept", Trigger.PRE_SIGNUP, "ALLOW", null, A, null, 9.0),
                event("d12", 180, "intercept", Trigger.PRE_SIGNUP, "ALLOW", null, A, null, 9.0));
    }

    static DecisionEvent event(String id, int minutes, String source, Trigger trigger, String decision, String failure,
            String policy, String message, Double ms) {
        List<DecisionEvent.PolicyEntry> policies = policy == null ? List.of()
                : List.of(new DecisionEvent.PolicyEntry(policy, "sha256:00", failure == null ? "allow" : "error", List.of()));
        return new DecisionEvent(id, T0.plus(Duration.ofMinutes(minutes)), source, trigger, null, null, null, null, decision,
                decision == null ? 503 : 200, failure, failure == null ? null : "failed", failure == null ? null : "deny",
                policy, policies, ms, null, null, null, false, null, null, message, null);
    }

    DecisionStore store(Where where) {
        DecisionStore store = switch (where) {
            case MEMORY -> new MemoryStore(100);
            case SQLITE -> SqlStore.open(database = TestDatabases.fresh(Kind.SQLITE, dir, 0, 1000), Clock.systemUTC());
            case POSTGRESQL -> SqlStore.open(database = TestDatabases.fresh(Kind.POSTGRESQL, dir, 0, 1000), Clock.systemUTC());
        };
        opened.add(store);
        events().forEach(event -> store.add(new Recorded(event)));
        // a new SQLite file can answer SQLITE_BUSY to the first write while the pool opens: the writer retries
        io.interlock.testing.Await.until(Duration.ofSeconds(60), "the events stored", () -> store.flush(Duration.ofSeconds(5)));
        return store;
    }

    /** As a client reads it (numbers re-parsed, so 9 is 9 whatever type the tree held). */
    JsonNode stats(DecisionStore store, String query) throws Exception {
        return json(store.stats(StatsQuery.parse(params(query), masking, Instant.now())).toJson().toString());
    }

    static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    @ParameterizedTest
    @EnumSource(Where.class)
    void everyStoreCountsTheSameDecisions(Where where) throws Exception {
        JsonNode s = stats(store(where), WINDOW);
        assertEquals(10, s.get("total").asLong(), s.toString());
        assertEquals(json("{\"ALLOW\":4,\"DENY\":3,\"failure\":3}"), s.get("outcomes"));
        assertEquals("1h", s.get("bucket").asText());
        assertEquals(T0.toString(), s.get("from").asText());
        // one series per trigger, every bucket of the window, zeros included
        assertEquals(json("""
                [{"trigger":"PRE_SESSION_CREATION","buckets":[
                  {"start":"%1$s","ALLOW":1,"DENY":0,"failure":1},
                  {"start":"%2$s","ALLOW":0,"DENY":0,"failure":0},
                  {"start":"%3$s","ALLOW":1,"DENY":0,"failure":0}],
                  "total":{"ALLOW":2,"DENY":0,"failure":1}},
                 {"trigger":"PRE_SIGNUP","buckets":[
                  {"start":"%1$s","ALLOW":2,"DENY":0,"failure":0},
                  {"start":"%2$s","ALLOW":0,"DENY":3,"failure":1},
                  {"start":"%3$s","ALLOW":0,"DENY":0,"failure":1}],
                  "total":{"ALLOW":2,"DENY":3,"failure":2}}]
                """.formatted(T0, T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofHours(2)))), s.get("series"));
        // a DENY without a message is the platform's generic text (null); a failure's DENY is not counted here
        assertEquals(json("[{\"message\":\"" + MESSAGE + "\",\"count\":2},{\"message\":null,\"count\":1}]"),
                s.get("top_deny_messages"));
        assertEquals(json("[{\"policy\":\"" + B + "\",\"failure_code\":\"policy_error\",\"count\":1},"
                + "{\"policy\":\"" + A + "\",\"failure_code\":\"policy_timeout\",\"count\":1},"
                + "{\"policy\":null,\"failure_code\":\"overloaded\",\"count\":1}]"), s.get("top_failing_policies"));
        // nine durations 1..8 and 500: nearest rank, p50 = 5th, p90 = 9th
        assertEquals(json("{\"count\":9,\"p50\":5.0,\"p90\":500.0,\"p95\":500.0,\"p99\":500.0,\"max\":500.0}"),
                s.get("latency_ms"));
        assertEquals(json("{\"compared\":0,\"agree\":0,\"disagree\":0,\"by_trigger\":{}}"), s.get("shadow"));
        assertEquals(false, s.get("limited").asBoolean());
    }

    static Stream<Arguments> filters() {
        return Stream.of(Where.values()).flatMap(where -> filterCases().map(c -> Arguments.of(where, c[0], c[1], c[2])));
    }

    static Stream<Object[]> filterCases() {
        return Stream.of(
                new Object[] {"source=intercept", 9, "{\"ALLOW\":3,\"DENY\":3,\"failure\":3}"},
                new Object[] {"source=evaluate", 1, "{\"ALLOW\":1,\"DENY\":0,\"failure\":0}"},
                new Object[] {"trigger=PRE_SESSION_CREATION", 3, "{\"ALLOW\":2,\"DENY\":0,\"failure\":1}"},
                new Object[] {"decision=DENY", 5, "{\"ALLOW\":0,\"DENY\":3,\"failure\":2}"},
                new Object[] {"policy=b.js", 3, "{\"ALLOW\":2,\"DENY\":0,\"failure\":1}"},
                new Object[] {"failure=policy_timeout", 1, "{\"ALLOW\":0,\"DENY\":0,\"failure\":1}"},
                new Object[] {"search=ONLY%20@ACMECORP", 2, "{\"ALLOW\":0,\"DENY\":2,\"failure\":0}"},
                new Object[] {"search=d09", 1, "{\"ALLOW\":1,\"DENY\":0,\"failure\":0}"});
    }

    @ParameterizedTest
    @MethodSource("filters")
    void theListsFiltersApply(Where where, String filter, int total, String outcomes) throws Exception {
        JsonNode s = stats(store(where), WINDOW + "&" + filter);
        assertEquals(total, s.get("total").asInt(), where + " " + filter + ": " + s);
        assertEquals(json(outcomes), s.get("outcomes"), where + " " + filter);
    }

    /** The shadow chain's answer is read from the stored event's {@code shadow.agrees}, whatever else it holds. */
    @ParameterizedTest
    @EnumSource(value = Where.class, names = {"SQLITE", "POSTGRESQL"})
    void shadowAgreementIsCountedFromTheStoredEvent(Where where) throws Exception {
        SqlStore store = (SqlStore) store(where);
        Store.Database db = database;
        try (Connection c = DriverManager.getConnection(db.url(), db.user().orElse(null), db.password().orElse(null));
                Statement s = c.createStatement()) {
            for (String[] shadow : new String[][] {{"d01", "true"}, {"d02", "true"}, {"d03", "false"}, {"d09", "false"}}) {
                s.executeUpdate("UPDATE decision_events SET event = REPLACE(event, '\"caller_ip\"', '\"shadow\":{\"decision\":\"ALLOW\","
                        + "\"agrees\":" + shadow[1] + "},\"caller_ip\"') WHERE id = '" + shadow[0] + "'");
            }
        }
        assertEquals(json("""
                {"compared":4,"agree":2,"disagree":2,"by_trigger":{
                  "PRE_SESSION_CREATION":{"compared":1,"agree":0,"disagree":1},
                  "PRE_SIGNUP":{"compared":3,"agree":2,"disagree":1}}}"""), stats(store, WINDOW).get("shadow"));
    }

    @Test
    void theWindowDefaultsToTheLast24HoursInAutomaticBuckets() {
        Instant now = Instant.parse("2026-12-07T17:40:00Z");
        StatsQuery q = StatsQuery.parse(params(""), masking, now);
        assertEquals(now.minus(Duration.ofHours(24)), q.from());
        assertEquals(now, q.to());
        assertEquals(Duration.ofMinutes(15), q.bucket(), "24 h in at most 120 buckets");
        assertEquals(Duration.ofMinutes(1), StatsQuery.parse(params("from=2026-12-07T17:00:00Z"), masking, now).bucket());
    }

    static Stream<Arguments> badQueries() {
        return Stream.of(
                Arguments.of("bucket=5x", "bucket: must be a number and a unit s, m, h or d"),
                Arguments.of("bucket=0m", "bucket: must be a number"),
                Arguments.of("bucket=1m&from=2026-11-01T00:00:00Z", "bucket: the window"),
                Arguments.of("limit=10", "limit: pages the list"),
                Arguments.of("cursor=abc", "cursor: pages the list"),
                Arguments.of("trigger=NOPE", "trigger: unknown trigger"),
                Arguments.of("from=2026-12-08T00:00:00Z", "from: must be earlier than to"),
                Arguments.of("from=2000-01-01T00:00:00Z", "from: the window"));
    }

    @ParameterizedTest
    @MethodSource("badQueries")
    void aQueryThatCannotBeCountedIsRefusedNamingTheParameter(String query, String message) {
        BadQuery e = assertThrows(BadQuery.class,
                () -> StatsQuery.parse(params(query), masking, Instant.parse("2026-12-07T17:40:00Z")));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }
}
