package io.interlock.log;

import io.interlock.config.LogSettings.Pii;
import io.interlock.trigger.Trigger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * GET /v1/decisions/stats on SQLite: fills a fresh file with EVENTS decisions spread over the
 * last 24 hours (four triggers; 80 % ALLOW, 15 % DENY with one of 12 messages, 5 % failures of
 * 6 policies; durations 1–200 ms), then times the stats of the default window (every decision,
 * automatic bucket) and of one trigger, REPEAT times each, and prints the median and the worst
 * in ms. Lives in the store's package to reach its package-private core; it changes nothing there.
 *
 * <p>Usage: DecisionStatsBench FILE EVENTS REPEAT
 */
public final class DecisionStatsBench {

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int events = Integer.parseInt(args[1]);
        int repeat = Integer.parseInt(args[2]);
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Files.deleteIfExists(Path.of(file + suffix));
        }
        Instant now = Instant.now();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file, SqlDialect.SQLITE.driverProperties())) {
            SqlSchema.migrate(c, SqlDialect.SQLITE);
            fill(c, events, now);
            Masking masking = new Masking(Pii.MASKED);
            for (String query : new String[] {"", "trigger=PRE_SIGNUP"}) {
                StatsQuery q = StatsQuery.parse(query.isEmpty() ? Map.of() : Map.of("trigger", List.of("PRE_SIGNUP")), masking, now);
                double[] ms = new double[repeat];
                long total = 0;
                for (int i = 0; i < repeat; i++) {
                    long t0 = System.nanoTime();
                    total = SqlStats.stats(c, SqlDialect.SQLITE, q).total();
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                }
                Arrays.sort(ms);
                System.out.printf("RESULT query=%s counted=%d median_ms=%.0f max_ms=%.0f%n", query.isEmpty() ? "all" : query,
                        total, ms[repeat / 2], ms[repeat - 1]);
            }
        }
    }

    private static void fill(Connection c, int events, Instant now) throws Exception {
        Random random = new Random(1);
        Trigger[] triggers = {Trigger.PRE_SIGNUP, Trigger.PRE_SESSION_CREATION, Trigger.PRE_USER_INVITATION,
            Trigger.PRE_M2M_TOKEN_CREATION};
        c.setAutoCommit(false);
        List<DecisionEvent> batch = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            Trigger trigger = triggers[random.nextInt(triggers.length)];
            int roll = random.nextInt(100);
            String decision = roll < 80 ? "ALLOW" : "DENY";
            String failure = roll >= 95 ? "policy_error" : null;
            String policy = "/srv/policies/" + trigger.folder() + "/" + (10 + random.nextInt(6)) + "-rule.js";
            String message = roll >= 80 && roll < 95 ? "Denied by rule " + random.nextInt(12) : null;
            batch.add(new DecisionEvent("dec_" + i, now.minusMillis(random.nextInt(86_400_000)), "intercept", trigger, "env_1",
                    "u***@example.com", "org_" + random.nextInt(500), null, decision, 200, failure,
                    failure == null ? null : policy + ":3:7: boom", failure == null ? null : "deny", policy,
                    List.of(new DecisionEvent.PolicyEntry(policy, "sha256:00", failure == null ? decision.toLowerCase() : "error",
                            List.of())), 1 + random.nextDouble() * 199, "203.0.113.0", null, null, false, null, null, message, null));
            if (batch.size() == 500) {
                SqlRows.insert(c, batch.stream().map(Recorded::new).toList(), false);
                c.commit();
                batch.clear();
            }
        }
        SqlRows.insert(c, batch.stream().map(Recorded::new).toList(), false);
        c.commit();
        c.setAutoCommit(true);
    }
}
