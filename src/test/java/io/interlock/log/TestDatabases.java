package io.interlock.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.interlock.config.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;

/**
 * The databases the decision store is tested on: SQLite files in a temporary folder, and the
 * PostgreSQL server that {@code .ci/run} starts and names with {@code -Dinterlock.test.postgres.url},
 * {@code .user}, {@code .password} and {@code .ctl} (a script that stops and starts it). Without
 * one the PostgreSQL tests are skipped, unless {@code -Dinterlock.test.require-postgres=true}
 * (as .ci/run sets it): then they fail, so CI can never pass by skipping them.
 */
final class TestDatabases {

    static final String REQUIRE = "interlock.test.require-postgres";
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestDatabases() {}

    enum Kind { SQLITE, POSTGRESQL }

    /** A store's settings on a new, empty database of the kind: a file in {@code dir}, or a new PostgreSQL database. */
    static Store.Database fresh(Kind kind, Path dir, int retentionDays, int buffer) {
        if (kind == Kind.SQLITE) {
            return new Store.Database("jdbc:sqlite:" + dir.resolve("decisions-" + suffix() + ".db"), Optional.empty(),
                    Optional.empty(), retentionDays, buffer);
        }
        Postgres pg = postgres();
        return pg.settings(pg.createDatabase(), retentionDays, buffer);
    }

    static Store.Database fresh(Kind kind, Path dir) {
        return fresh(kind, dir, Store.Database.DEFAULT_RETENTION_DAYS, Store.Database.DEFAULT_BUFFER);
    }

    /** The PostgreSQL of .ci/run; skips the caller (or fails it, when required) without one. */
    static Postgres postgres() {
        String url = System.getProperty("interlock.test.postgres.url", "");
        if (url.isBlank()) {
            String why = "no PostgreSQL for the decision store tests: -Dinterlock.test.postgres.url (and .user, .password,"
                    + " .ctl) not given; .ci/run starts one";
            if (Boolean.getBoolean(REQUIRE)) {
                fail(why + ", and -D" + REQUIRE + "=true");
            }
            Assumptions.assumeTrue(false, why + "; skipped");
        }
        return new Postgres(url, System.getProperty("interlock.test.postgres.user", ""),
                System.getProperty("interlock.test.postgres.password", ""),
                Optional.ofNullable(System.getProperty("interlock.test.postgres.ctl")).map(Path::of));
    }

    static String suffix() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Waits for a condition (see {@link io.interlock.testing.Await}). */
    static void await(Duration bound, String what, BooleanSupplier condition) {
        io.interlock.testing.Await.until(bound, what, condition);
    }

    /** The test server: a maintenance URL ({@code .../postgres}) to create databases from, and its control script. */
    record Postgres(String adminUrl, String user, String password, Optional<Path> ctl) {

        /** A new empty database, so tests never see each other's events; its JDBC URL. */
        String createDatabase() {
            String name = "interlock_test_" + suffix();
            try (Connection c = DriverManager.getConnection(adminUrl, user, password); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            } catch (SQLException e) {
                fail("cannot create a test database on " + adminUrl + ": " + e.getMessage());
            }
            return adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + name;
        }

        Store.Database settings(String url, int retentionDays, int buffer) {
            return new Store.Database(url, Optional.of(user), Optional.of(password), retentionDays, buffer);
        }

        /** Takes the server away ({@code pg_ctl stop -m fast}: every connection is cut). */
        void stop() {
            control("stop");
        }

        /** Brings it back and waits until it accepts connections. */
        void start() {
            control("start");
        }

        private void control(String action) {
            Path script = ctl.orElseGet(() -> fail("-Dinterlock.test.postgres.ctl not given: cannot " + action + " PostgreSQL"));
            try {
                Path log = java.nio.file.Files.createTempFile("interlock-pg-" + action, ".log");
                Process p = new ProcessBuilder(script.toString(), action).redirectErrorStream(true)
                        .redirectOutput(log.toFile()).start();
                boolean done = p.waitFor(120, TimeUnit.SECONDS);
                String output = java.nio.file.Files.readString(log, StandardCharsets.UTF_8);
                java.nio.file.Files.deleteIfExists(log);
                assertTrue(done, action + " of PostgreSQL did not finish in 120 s: " + output);
                assertEquals(0, p.exitValue(), action + " of PostgreSQL failed: " + output);
            } catch (IOException e) {
                fail("cannot run " + script + ": " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }
}
