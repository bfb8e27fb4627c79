package io.interlock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interlock.testing.ConfigurationTable;
import io.interlock.testing.MainProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every setting of README.md's Configuration table, given a bad value, stops the start as an
 * operator sees it: the real entry point (bin/interlock for the JVM's own settings) in a process
 * of its own exits 2, and prints one line that names the setting and says what to do, no stack.
 * A row per setting, and the table must cover every setting the README lists.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StartRefusalTest {

    /** A bad value, what else the row needs, and what its line must say. */
    record Row(String setting, String value, Map<String, String> also, String says, boolean script) {
        @Override
        public String toString() {
            return setting + "=" + value;
        }
    }

    /** Settings with no bad value: any text is a valid Action secret. */
    private static final Set<String> NO_BAD_VALUE = Set.of("INTERLOCK_SECRET_<NAME>");
    private static final Pattern STACK = Pattern.compile(
            "(?m)^\\s+at [\\w$.]+\\(|Exception in thread|^Caused by:|Path Taken|\\w+Exception: null");

    private Path dir;
    private ServerSocket taken;
    private final Map<Row, Future<Outcome>> outcomes = new ConcurrentHashMap<>();
    private ExecutorService starts;

    record Outcome(Optional<Integer> exit, String out, String err) {}

    @BeforeAll
    void startEveryRow(@TempDir Path dir) throws IOException {
        this.dir = dir;
        taken = new ServerSocket(0);
        // The rows are independent processes that mostly wait for class loading: a few at a time.
        starts = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()));
        rows().forEach(row -> outcomes.put(row, starts.submit(() -> run(row))));
    }

    @AfterAll
    void stopAll() throws IOException {
        starts.shutdownNow();
        taken.close();
    }

    List<Row> rows() {
        String missing = dir.resolve("no-such-folder").toString();
        String sqlite = "jdbc:sqlite:" + dir.resolve("d.db");
        return List.of(
                row("INTERLOCK_POLICIES", missing, missing + ": no such folder (expected the policies folder, the one holding pre-signup/"),
                row("INTERLOCK_POLICIES_VERSION", "v".repeat(201), "INTERLOCK_POLICIES_VERSION must be one line of at most 200 printable characters, e.g. the git commit the policies were deployed from (got 201 characters)"),
                row("INTERLOCK_SIGNING_SECRETS", "mysecret123", "signing secret #1 has no prefix (expected whsec_<base64> or insec_<base64>); copy the interceptor's secret from the platform dashboard"),
                row("INTERLOCK_SIGNING_SECRETS", "whsec_not-base64!!", "signing secret #1 is not valid base64 after the prefix"),
                row("INTERLOCK_ALLOW_UNSIGNED", "yes", "must be true or false (got 'yes')"),
                row("INTERLOCK_ADMIN_TOKEN", "admin", "is 5 characters long, fewer than 16; use a random token, e.g. the output of: openssl rand -hex 32"),
                row("INTERLOCK_TIMEOUT_MS", "5", "must be a whole number from 10 to 60000 (got '5')"),
                row("INTERLOCK_MEMORY_MB", "lots", "must be a whole number from 8 to 16384 (got 'lots')"),
                row("INTERLOCK_ON_ERROR", "ignore", "must be deny, allow or error (got 'ignore')"),
                row("INTERLOCK_PRE_SIGNUP_TIMEOUT_MS", "0", "must be a whole number from 10 to 60000 (got '0')"),
                row("INTERLOCK_PRE_SESSION_CREATION_MEMORY_MB", "1", "must be a whole number from 8 to 16384 (got '1')"),
                row("INTERLOCK_PRE_M2M_TOKEN_CREATION_ON_ERROR", "open", "must be deny, allow or error (got 'open')"),
                row("INTERLOCK_MAX_BODY_KB", "0", "must be a whole number from 1 to 10240 (got '0')"),
                row("INTERLOCK_WORKERS", "0", "must be a whole number from 1 to 256 (got '0')"),
                row("INTERLOCK_QUEUE", "-1", "must be a whole number from 0 to 100000 (got '-1')"),
                row("INTERLOCK_STUCK_PER_TRIGGER", "0", "must be a whole number from 1 to 1000 (got '0')"),
                row("INTERLOCK_STUCK_MAX", "many", "must be a whole number from 1 to 10000 (got 'many')"),
                row("INTERLOCK_QUARANTINE_SECONDS", "-5", "must be a whole number from 0 to 86400 (got '-5')"),
                row("INTERLOCK_DRY_RUN_WORKERS", "100", "must be a whole number from 1 to 64 (got '100')"),
                row("INTERLOCK_DRY_RUN_QUEUE", "many", "must be a whole number from 0 to 1000 (got 'many')"),
                row("INTERLOCK_SHADOW_WORKERS", "0", "must be a whole number from 1 to 64 (got '0')"),
                row("INTERLOCK_SHADOW_QUEUE", "-1", "must be a whole number from 0 to 100000 (got '-1')"),
                row("INTERLOCK_M2M_SCOPE_GUARD", "off", "must be true or false (got 'off')"),
                row("INTERLOCK_FETCH_ALLOW", "https://api.example.com", "'https://api.example.com' is not host[:port] or *.domain[:port]: drop the scheme, like api.example.com"),
                row("INTERLOCK_FETCH_TIMEOUT_MS", "1", "must be a whole number from 10 to 60000 (got '1')"),
                row("INTERLOCK_FETCH_MAX_BYTES", "1", "must be a whole number from 1024 to 67108864 (got '1')"),
                row("INTERLOCK_FETCH_MAX_CALLS", "0", "must be a whole number from 1 to 100 (got '0')"),
                row("INTERLOCK_ACTION_30_DOMAIN_ALLOWLIST_KEY", "x", "not an Action secret; name it INTERLOCK_ACTION_<FILE>_SECRET_<NAME>"),
                row("INTERLOCK_SECRETS_FILE", missing, "cannot read " + missing),
                row("INTERLOCK_RELOAD", "no", "must be true or false (got 'no')"),
                row("INTERLOCK_WARM_UP_SECONDS", "forever", "must be a whole number from 0 to 3600 (got 'forever')"),
                row("INTERLOCK_LOG_PII", "partial", "must be full, masked or none (got 'partial')"),
                row("INTERLOCK_DECISION_DB", "postgres://db/x", "must be a jdbc:sqlite: or jdbc:postgresql:// URL, or none for memory only"),
                row("INTERLOCK_DECISION_DB", "jdbc:sqlite:/proc/interlock-cannot-be-here/d.db", "cannot create the folder /proc/interlock-cannot-be-here"),
                row("INTERLOCK_DECISION_DB_USER", "interlock", Map.of("INTERLOCK_DECISION_DB", sqlite), "is for PostgreSQL, and INTERLOCK_DECISION_DB is " + sqlite + ": unset it"),
                row("INTERLOCK_DECISION_DB_PASSWORD", "s3cret", Map.of("INTERLOCK_DECISION_DB", sqlite), "is for PostgreSQL"),
                row("INTERLOCK_DECISION_RETENTION_DAYS", "-1", "must be a whole number from 0 to 36500 (got '-1')"),
                row("INTERLOCK_DECISION_DB_BUFFER", "10", "must be a whole number from 100 to 1000000 (got '10')"),
                row("INTERLOCK_DECISION_STORE_SIZE", "0", "must be a whole number from 1 to 1000000 (got '0')"),
                row("INTERLOCK_LOG_PAYLOADS", "1", "must be true or false (got '1')"),
                row("INTERLOCK_LOG_SINK", "syslog", "must be stdout, file or none (got 'syslog')"),
                row("INTERLOCK_LOG_FILE", "/proc/interlock-cannot-be-here/d.log", Map.of("INTERLOCK_LOG_SINK", "file"), "cannot write the decision log to /proc/interlock-cannot-be-here/d.log"),
                row("INTERLOCK_LOG_FILE_MAX_MB", "0", "must be a whole number from 1 to 10240 (got '0')"),
                row("INTERLOCK_LOG_FILE_KEEP", "-1", "must be a whole number from 0 to 1000 (got '-1')"),
                row("MICRONAUT_SERVER_PORT", "abc", "must be a port number from 1 to 65535 (got 'abc')"),
                row("MICRONAUT_SERVER_PORT", "70000", "must be a port number from 1 to 65535 (got '70000')"),
                row("MICRONAUT_SERVER_PORT", Integer.toString(taken.getLocalPort()), "the port is already in use on this machine (another process listens on it); stop that process or set MICRONAUT_SERVER_PORT to a free port"),
                row("MICRONAUT_SERVER_HOST", "no-such-host.invalid", "cannot resolve 'no-such-host.invalid'; set an address of this machine (127.0.0.1 for this machine only), or unset it"),
                row("MICRONAUT_SERVER_HOST", "192.0.2.1", "'192.0.2.1' is not an address of this machine"),
                new Row("INTERLOCK_JAVA_HOME", missing, Map.of(), missing + "/bin/java does not run; set it to the folder of a JDK 17 or newer", true),
                new Row("INTERLOCK_JAVA_OPTS", "-Xnot-an-option", Map.of("INTERLOCK_JAVA_HOME", System.getProperty("java.home")),
                        "the JVM refuses them: Unrecognized option: -Xnot-an-option", true));
    }

    private static Row row(String setting, String value, String says) {
        return row(setting, value, Map.of(), says);
    }

    private static Row row(String setting, String value, Map<String, String> also, String says) {
        return new Row(setting, value, also, says, false);
    }

    private Outcome run(Row row) {
        // A free port, no files, no reload, unless the row is about them.
        Map<String, String> environment = new HashMap<>(Map.of("MICRONAUT_SERVER_PORT", "-1",
                "INTERLOCK_DECISION_DB", "none", "INTERLOCK_LOG_SINK", "none", "INTERLOCK_RELOAD", "false"));
        environment.putAll(row.also());
        environment.put(row.setting(), row.value());
        try (MainProcess process = row.script() ? MainProcess.script(dir, environment, "version")
                : MainProcess.main(dir, environment)) {
            Optional<Integer> exit = process.exit();
            return new Outcome(exit, process.out(), process.err());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void aBadValueStopsTheStartWithOneLineNamingTheSettingAndTheFix(Row row) throws Exception {
        Outcome outcome = outcomes.get(row).get();
        String printed = outcome.out() + outcome.err();
        assertTrue(outcome.exit().isPresent(), "still running after " + MainProcess.BOUND.toSeconds() + " s: it started\n"
                + printed);
        assertEquals(2, outcome.exit().get(), printed);
        List<String> naming = outcome.err().lines().filter(l -> l.contains(row.setting())).toList();
        assertEquals(1, naming.size(), "one line names " + row.setting() + ":\n" + outcome.err());
        assertTrue(naming.get(0).startsWith("interlock: not started: " + row.setting()), naming.get(0));
        assertTrue(naming.get(0).contains(row.says()), naming.get(0) + "\n  should say: " + row.says());
        assertFalse(STACK.matcher(printed).find(), "no stack trace:\n" + printed);
    }

    /** The README is what operators read: a setting it lists without a row here would go unchecked. */
    @Test
    void everySettingOfTheReadmeHasABadValueAbove() {
        Set<String> covered = new TreeSet<>();
        rows().forEach(r -> covered.add(r.setting().replaceFirst("^INTERLOCK_PRE_[A-Z0-9_]+?_(TIMEOUT_MS|MEMORY_MB|ON_ERROR)$",
                "INTERLOCK_<TRIGGER>_$1").replaceFirst("^INTERLOCK_ACTION_.*", "INTERLOCK_ACTION_<FILE>_SECRET_<NAME>")));
        covered.addAll(NO_BAD_VALUE);
        Set<String> listed = new TreeSet<>(ConfigurationTable.settings());
        listed.removeAll(covered);
        assertEquals(Set.of(), listed, "README settings with no bad value in this test");
    }
}
