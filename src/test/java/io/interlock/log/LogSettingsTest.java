package io.interlock.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interlock.config.InterlockConfig;
import io.interlock.config.InvalidConfigException;
import io.interlock.config.LogSettings;
import io.interlock.config.Store;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.value.MapPropertyResolver;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The decision log's settings: defaults, accepted values, and a start that names the bad setting. */
class LogSettingsTest {

    static LogSettings read(Map<String, Object> properties) {
        return InterlockConfig.from(new MapPropertyResolver(new HashMap<>(properties))).log();
    }

    @Test
    void defaults() {
        LogSettings log = read(Map.of());
        assertEquals(LogSettings.Pii.MASKED, log.pii());
        assertEquals(10_000, log.storeSize());
        assertEquals(false, log.payloads());
        assertEquals(LogSettings.Sink.STDOUT, log.sink());
        assertEquals(Path.of("interlock-decisions.log"), log.file());
        assertEquals(50, log.fileMaxMb());
        assertEquals(5, log.fileKeep());
        assertEquals(new Store.Database("jdbc:sqlite:interlock-decisions.db", Optional.empty(), Optional.empty(), 30, 50_000),
                log.store(), "an SQLite file in the working directory, 30 days");
    }

    static Stream<Arguments> stores() {
        return Stream.of(
                Arguments.of(Map.of("interlock.decision-db", "none"), new Store.Memory()),
                Arguments.of(Map.of("interlock.decision-db", " NONE "), new Store.Memory()),
                Arguments.of(Map.of("interlock.decision-db", "jdbc:sqlite:/var/lib/interlock/d.db",
                        "interlock.decision-retention-days", "0", "interlock.decision-db-buffer", "100"),
                        new Store.Database("jdbc:sqlite:/var/lib/interlock/d.db", Optional.empty(), Optional.empty(), 0, 100)),
                Arguments.of(Map.of("interlock.decision-db", "jdbc:postgresql://db:5432/interlock?sslmode=require",
                        "interlock.decision-db-user", "interlock", "interlock.decision-db-password", "s3cret",
                        "interlock.decision-retention-days", "7"),
                        new Store.Database("jdbc:postgresql://db:5432/interlock?sslmode=require", Optional.of("interlock"),
                                Optional.of("s3cret"), 7, 50_000)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void decisionStores(Map<String, Object> properties, Store expected) {
        assertEquals(expected, read(properties).store());
    }

    @Test
    void aDatabasePasswordIsNeverPrinted() {
        Store store = read(Map.of("interlock.decision-db", "jdbc:postgresql://db/x", "interlock.decision-db-password", "s3cret"))
                .store();
        assertFalse(store.toString().contains("s3cret"), store.toString());
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> read(Map.of("interlock.decision-db", "jdbc:mysql://db/x?user=a&password=s3cret&ssl=true")));
        assertEquals("INTERLOCK_DECISION_DB must be a jdbc:sqlite: or jdbc:postgresql:// URL, or none for memory only "
                + "(got 'jdbc:mysql://db/x?user=a&password=***&ssl=true')", e.problems().get(0));
    }

    @Test
    void acceptedValues() {
        LogSettings log = read(Map.of("interlock.log-pii", "FULL", "interlock.decision-store-size", "25",
                "interlock.log-payloads", "true", "interlock.log-sink", "file", "interlock.log-file", "/var/log/interlock/d.log",
                "interlock.log-file-max-mb", "1", "interlock.log-file-keep", "0"));
        assertEquals(new LogSettings(LogSettings.Pii.FULL, 25, true, LogSettings.Sink.FILE, Path.of("/var/log/interlock/d.log"),
                1, 0, Store.Database.DEFAULT), log);
        assertEquals(LogSettings.Pii.NONE, read(Map.of("interlock.log-pii", " none ")).pii());
        assertEquals(LogSettings.Sink.NONE, read(Map.of("interlock.log-sink", "none")).sink());
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("interlock.log-pii", "partial", "INTERLOCK_LOG_PII must be full, masked or none (got 'partial')"),
                Arguments.of("interlock.decision-store-size", "0", "INTERLOCK_DECISION_STORE_SIZE must be a whole number from 1 to 1000000 (got '0')"),
                Arguments.of("interlock.decision-store-size", "lots", "INTERLOCK_DECISION_STORE_SIZE must be a whole number from 1 to 1000000 (got 'lots')"),
                Arguments.of("interlock.log-payloads", "yes", "INTERLOCK_LOG_PAYLOADS must be true or false (got 'yes')"),
                Arguments.of("interlock.log-sink", "syslog", "INTERLOCK_LOG_SINK must be stdout, file or none (got 'syslog')"),
                Arguments.of("interlock.log-file", "bad\u0000name", "INTERLOCK_LOG_FILE is not a valid path"),
                Arguments.of("interlock.log-file-max-mb", "0", "INTERLOCK_LOG_FILE_MAX_MB must be a whole number from 1 to 10240 (got '0')"),
                Arguments.of("interlock.log-file-keep", "-1", "INTERLOCK_LOG_FILE_KEEP must be a whole number from 0 to 1000 (got '-1')"),
                Arguments.of("interlock.decision-db", "postgres://db/x", "INTERLOCK_DECISION_DB must be a jdbc:sqlite: or jdbc:postgresql:// URL, or none for memory only (got 'postgres://db/x')"),
                Arguments.of("interlock.decision-db", "jdbc:postgresql:interlock", "INTERLOCK_DECISION_DB must name the server: jdbc:postgresql://host:5432/database (got 'jdbc:postgresql:interlock')"),
                Arguments.of("interlock.decision-db", "jdbc:sqlite::memory:", "INTERLOCK_DECISION_DB must name a file (jdbc:sqlite:/var/lib/interlock/decisions.db); for memory only use none (got 'jdbc:sqlite::memory:')"),
                Arguments.of("interlock.decision-db", "jdbc:sqlite:", "INTERLOCK_DECISION_DB must name a file"),
                Arguments.of("interlock.decision-db", "jdbc:sqlite:file:x?mode=memory", "INTERLOCK_DECISION_DB must name a file"),
                Arguments.of("interlock.decision-retention-days", "-1", "INTERLOCK_DECISION_RETENTION_DAYS must be a whole number from 0 to 36500 (got '-1')"),
                Arguments.of("interlock.decision-retention-days", "a month", "INTERLOCK_DECISION_RETENTION_DAYS must be a whole number from 0 to 36500 (got 'a month')"),
                Arguments.of("interlock.decision-db-buffer", "10", "INTERLOCK_DECISION_DB_BUFFER must be a whole number from 100 to 1000000 (got '10')"),
                Arguments.of("interlock.decision-db-user", "interlock", "INTERLOCK_DECISION_DB_USER is for PostgreSQL, and INTERLOCK_DECISION_DB is jdbc:sqlite:interlock-decisions.db: unset it, or point INTERLOCK_DECISION_DB at PostgreSQL"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("badValues")
    void badValueStopsTheStartNamingTheSetting(String key, String value, String message) {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> read(Map.of(key, value)));
        assertTrue(e.problems().get(0).startsWith(message), e.problems().toString());
    }

    @Test
    void unwritableLogFileStopsTheStart() {
        Map<String, Object> properties = Map.of(
                "interlock.policies", "policies",
                "interlock.log-sink", "file",
                "interlock.log-file", "/proc/interlock-cannot-be-here/decisions.log",
                "micronaut.server.port", -1);
        RuntimeException e = assertThrows(RuntimeException.class, () -> ApplicationContext.run(properties).close());
        Throwable cause = e;
        while (cause != null && !(cause instanceof InvalidConfigException)) {
            cause = cause.getCause();
        }
        assertTrue(cause != null, "the start fails with the setting named, not a stack of framework errors: " + e);
        String reason = ((InvalidConfigException) cause).problems().get(0);
        assertTrue(reason.startsWith("INTERLOCK_LOG_FILE: cannot write the decision log to /proc/interlock-cannot-be-here/decisions.log"),
                reason);
    }
}
