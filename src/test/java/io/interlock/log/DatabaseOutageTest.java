package io.interlock.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.interlock.config.Store;
import io.interlock.testing.Payloads;
import io.interlock.testing.Signer;
import io.interlock.trigger.Trigger;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * PostgreSQL stopped and started again while calls keep coming: every call is answered as
 * before, /health says the store is degraded, the decisions API answers a clear 503, and once
 * the database is back every decision made meanwhile is written (none dropped: the buffer holds
 * them) and the store is healthy again.
 */
@Timeout(600)
class DatabaseOutageTest {

    private static final Duration BOUND = Duration.ofSeconds(120);
    private static final int CLIENTS = 4;
    /** Bounds on the load: it stops by itself even if the test's own stop never comes. */
    private static final int MAX_CALLS = 20_000;
    private static final Duration MAX_LOAD = Duration.ofMinutes(5);

    @Test
    void callsAreAnsweredWhileTheDatabaseIsAwayAndItsDecisionsAreWrittenWhenItIsBack() throws Exception {
        TestDatabases.Postgres pg = TestDatabases.postgres();
        Store.Database database = pg.settings(pg.createDatabase(), 30, Store.Database.DEFAULT_BUFFER);
        Load load;
        boolean stopped = false;
        try (EmbeddedServer server = ServiceInstances.start(database)) {
            load = new Load(server);
            try {
                TestDatabases.await(BOUND, "calls are answered and stored", () -> load.answered() >= 50
                        && ServiceInstances.listed(server, "limit=1").size() == 1);

                pg.stop();
                stopped = true;
                int atStop = load.answered();
                TestDatabases.await(BOUND, "/health says the store is degraded",
                        () -> ServiceInstances.storeHealth(server).at("/details/state").asText().equals("degraded"));
                JsonNode health = ServiceInstances.storeHealth(server);
                assertEquals("DEGRADED", health.path("status").asText(), health.toString());
                HttpResponse<String> whole = ServiceInstances.get(server, "/health");
                assertEquals(200, whole.statusCode(), "the service still decides: overall health stays up");
                assertEquals("UP", DecisionLogTest.parse(whole.body()).path("status").asText(), whole.body());

                HttpResponse<String> list = ServiceInstances.get(server, "/v1/decisions");
                assertEquals(503, list.statusCode(), list.body());
                JsonNode error = DecisionLogTest.parse(list.body()).path("error");
                assertEquals("store_unavailable", error.path("code").asText(), list.body());
                assertTrue(error.path("message").asText().startsWith("the decision store (127.0.0.1:"), list.body());
                assertEquals(503, ServiceInstances.get(server, "/v1/decisions/dec_x").statusCode());

                TestDatabases.await(BOUND, "200 more calls are answered while the database is away",
                        () -> load.answered() >= atStop + 200);
                pg.start();
                stopped = false;
                TestDatabases.await(BOUND, "the store writes again and its buffer is empty", () -> {
                    JsonNode h = ServiceInstances.storeHealth(server);
                    return h.at("/details/state").asText().equals("ok") && h.at("/details/buffered").asInt() == 0;
                });
                TestDatabases.await(BOUND, "calls are answered after the database is back",
                        () -> load.answered() >= atStop + 300);
            } finally {
                load.stop();
                if (stopped) {
                    pg.start();
                }
            }
            assertEquals(Map.of(200, load.answered()), load.statuses(), "every call answered 200, none failed");
            DecisionLog log = server.getApplicationContext().getBean(DecisionLog.class);
            // flush says false at once while a write fails: a database just back may fail one more (a
            // connection of the old server), so wait for the state, everything written, not one answer
            TestDatabases.await(BOUND, "every decision made is written", () -> log.flush(BOUND));
            assertEquals(0, log.droppedEvents(), "the buffer held every decision made while the database was away");
            Set<String> stored = storedIds(database);
            List<String> missing = new ArrayList<>(load.ids());
            missing.removeAll(stored);
            assertEquals(List.of(), missing, "every answered call's decision is in the database");
            System.out.println("DatabaseOutageTest: " + load.answered() + " calls, all 200; all " + stored.size()
                    + " decisions stored");
        }
    }

    private static Set<String> storedIds(Store.Database database) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (Connection c = DriverManager.getConnection(database.url(), database.user().orElseThrow(),
                database.password().orElseThrow());
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT id FROM decision_events")) {
            while (r.next()) {
                ids.add(r.getString(1));
            }
        }
        return ids;
    }

    /** Clients calling the interceptor URL in a loop, bounded in count and time, recording every answer. */
    private static final class Load {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger calls = new AtomicInteger();
        private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        private final Set<String> ids = ConcurrentHashMap.newKeySet();
        private final List<Thread> threads = new ArrayList<>();

        Load(EmbeddedServer server) {
            long end = System.nanoTime() + MAX_LOAD.toNanos();
            for (int i = 0; i < CLIENTS; i++) {
                Thread t = new Thread(() -> {
                    while (running.get() && System.nanoTime() < end && calls.incrementAndGet() <= MAX_CALLS) {
                        int status;
                        try {
                            HttpResponse<String> answer = Signer.send(ServiceInstances.SIGNER.signed(
                                    server.getURI().resolve("/v1/intercept"), Payloads.bytes(Trigger.PRE_SIGNUP)).build());
                            status = answer.statusCode();
                            answer.headers().firstValue("interlock-decision-id").ifPresent(ids::add);
                        } catch (AssertionError e) {
                            status = -1; // no answer at all (connection failed): a failed call too
                        }
                        statuses.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
                    }
                }, "outage-load-" + i);
                t.start();
                threads.add(t);
            }
        }

        int answered() {
            return statuses.values().stream().mapToInt(AtomicInteger::get).sum();
        }

        Map<Integer, Integer> statuses() {
            Map<Integer, Integer> copy = new TreeMap<>();
            statuses.forEach((status, n) -> copy.put(status, n.get()));
            return copy;
        }

        Set<String> ids() {
            return ids;
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join();
            }
        }
    }
}
