package io.interlock.log;

import io.interlock.trigger.Trigger;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * The decision store's write path alone: events like the benchmark's (one policy, no payload)
 * inserted the way the writer does (SqlRows.insert, one transaction per batch) into a fresh
 * SQLite file or an empty PostgreSQL database with the real schema, on one thread. Prints the
 * thread's CPU and the wall time per event, measured after a warm-up; on PostgreSQL also the CPU
 * of the server's processes on this machine (user {@code PG_USER}, password {@code PG_PASSWORD}
 * from the environment) and the WAL it wrote, per event. Lives in the store's package to reach its package-private
 * core; it changes nothing there.
 *
 * <p>Two shapes of data: {@code same} (every call from one address and organisation, as
 * bench/run's load sends) and {@code varied} (26 × 2,000 masked addresses, 5,000
 * organisations), where each index insert lands on its own page.
 *
 * <p>Usage: DecisionWriterBench FILE|jdbc:postgresql:URL same|varied WARMUP_EVENTS MEASURED_EVENTS BATCH
 */
public final class DecisionWriterBench {

    private static final String POLICY = "/srv/interlock/policies/pre-signup/10-reference.js";
    private static final String HASH = "sha256:4f569d234c5f447cbcc2bb3b0ddaf0eaefe060dfd6891080a554668ccca1e7c2";

    public static void main(String[] args) throws Exception {
        String target = args[0];
        boolean postgres = target.startsWith("jdbc:postgresql:");
        boolean varied = args[1].equals("varied");
        int warmup = Integer.parseInt(args[2]);
        int measured = Integer.parseInt(args[3]);
        int batch = Integer.parseInt(args[4]);
        Path file = postgres ? null : Path.of(target);
        if (!postgres) {
            for (String suffix : new String[] {"", "-wal", "-shm"}) {
                Files.deleteIfExists(Path.of(file + suffix));
            }
        }
        SqlDialect dialect = postgres ? SqlDialect.POSTGRESQL : SqlDialect.SQLITE;
        java.util.Properties properties = dialect.driverProperties();
        if (postgres) {
            properties.setProperty("user", System.getenv("PG_USER"));
            properties.setProperty("password", System.getenv("PG_PASSWORD"));
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Random random = new Random(1);
        long start = System.currentTimeMillis();
        long cpu0 = 0;
        long wall0 = 0;
        long server0 = 0;
        long wal0 = 0;
        int written = 0;
        long serverTicks = 0;
        long walBytes = 0;
        String url = postgres ? target : "jdbc:sqlite:" + file;
        try (Connection c = DriverManager.getConnection(url, properties)) {
            SqlSchema.migrate(c, dialect);
            c.setAutoCommit(false);
            while (written < warmup + measured) {
                if (written >= warmup && wall0 == 0) {
                    if (postgres) {
                        server0 = serverTicks();
                        wal0 = walPosition(c);
                    }
                    cpu0 = threads.getCurrentThreadCpuTime();
                    wall0 = System.nanoTime();
                }
                List<Recorded> events = new ArrayList<>(batch);
                for (int i = 0; i < batch; i++, written++) {
                    // ten decisions a millisecond, ids as Interlock makes them (time first, then random)
                    events.add(new Recorded(event(start + written / 10, random, varied)));
                }
                SqlRows.insert(c, events, false);
                c.commit();
            }
            if (postgres) {
                serverTicks = serverTicks() - server0;
                walBytes = walPosition(c) - wal0;
            }
        }
        int counted = written - warmup;
        double cpuUs = (threads.getCurrentThreadCpuTime() - cpu0) / 1e3 / counted;
        double wallUs = (System.nanoTime() - wall0) / 1e3 / counted;
        if (postgres) {
            // /proc ticks are 1/100 s on Linux
            System.out.printf("RESULT data=%s events=%d batch=%d cpu_us=%.2f wall_us=%.2f server_cpu_us=%.2f wal_bytes_per_event=%d%n",
                    args[1], written, batch, cpuUs, wallUs, serverTicks * 10_000.0 / counted, walBytes / counted);
        } else {
            System.out.printf("RESULT data=%s events=%d batch=%d cpu_us=%.2f wall_us=%.2f file_bytes_per_event=%d%n",
                    args[1], written, batch, cpuUs, wallUs, Files.size(file) / written);
        }
    }

    /** CPU ticks (user + system) of every PostgreSQL process on the machine: the server's share of the work. */
    private static long serverTicks() throws java.io.IOException {
        long ticks = 0;
        try (var dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path dir : dirs) {
                try {
                    String stat = Files.readString(dir.resolve("stat"));
                    if (!stat.contains("(postgres)")) {
                        continue;
                    }
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                } catch (java.io.IOException gone) {
                    // the process ended between the listing and the read
                }
            }
        }
        return ticks;
    }

    private static long walPosition(Connection c) throws java.sql.SQLException {
        try (var s = c.createStatement();
                var r = s.executeQuery("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint")) {
            r.next();
            return r.getLong(1);
        }
    }

    private static DecisionEvent event(long ms, Random random, boolean varied) {
        byte[] suffix = new byte[8];
        random.nextBytes(suffix);
        String id = "dec_" + Long.toString(ms, 36) + HexFormat.of().formatHex(suffix);
        String email = varied ? (char) ('a' + random.nextInt(26)) + "***@domain" + random.nextInt(2_000) + ".com"
                : "j***@acmecorp.com";
        String organization = varied ? "org_" + (100_000_000_000L + random.nextInt(5_000)) : "org_102953846317318346";
        return new DecisionEvent(id, Instant.ofEpochMilli(ms), "intercept", Trigger.PRE_SIGNUP, "env_92561807201272162",
                email, organization, null, "ALLOW", 200, null, null, null, POLICY,
                List.of(new DecisionEvent.PolicyEntry(POLICY, HASH, "allow", List.of())), 4.592, "127.0.0.1", null, null);
    }
}
