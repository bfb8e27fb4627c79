package io.interlock.config;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The decision log's settings: how much personal data events keep, where events are stored for
 * {@code GET /v1/decisions} (a database, or the last {@code storeSize} in memory), whether the
 * request payload is kept, and where the JSON lines go.
 */
public record LogSettings(
        Pii pii,
        int storeSize,
        boolean payloads,
        Sink sink,
        Path file,
        int fileMaxMb,
        int fileKeep,
        Store store) {

    public static final int DEFAULT_STORE_SIZE = 10_000;

    /** The settings with the memory-only store (INTERLOCK_DECISION_DB=none). */
    public LogSettings(Pii pii, int storeSize, boolean payloads, Sink sink, Path file, int fileMaxMb, int fileKeep) {
        this(pii, storeSize, payloads, sink, file, fileMaxMb, fileKeep, new Store.Memory());
    }

    public static LogSettings defaults() {
        return new LogSettings(Pii.MASKED, DEFAULT_STORE_SIZE, false, Sink.STDOUT, Path.of("interlock-decisions.log"), 50, 5,
                Store.Database.DEFAULT);
    }

    /** INTERLOCK_LOG_PII. */
    public enum Pii {
        /** Everything as received: for a log that is itself protected like the user database. */
        FULL,
        /** Enough to recognise a user without storing who it is: {@code j***@acmecorp.com}, {@code 203.0.113.0}. */
        MASKED,
        /** No email or IP address at all. */
        NONE;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Optional<Pii> parse(String value) {
            return Arrays.stream(values()).filter(v -> v.wire().equals(value.trim().toLowerCase(Locale.ROOT))).findFirst();
        }
    }

    /** INTERLOCK_LOG_SINK. */
    public enum Sink {
        STDOUT, FILE, NONE;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Optional<Sink> parse(String value) {
            return Arrays.stream(values()).filter(v -> v.wire().equals(value.trim().toLowerCase(Locale.ROOT))).findFirst();
        }
    }
}
