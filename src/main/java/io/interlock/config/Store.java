package io.interlock.config;

import java.util.Locale;
import java.util.Optional;

/** INTERLOCK_DECISION_DB: where decision events are kept for {@code GET /v1/decisions}. */
public sealed interface Store {

    /** {@code none}: the last INTERLOCK_DECISION_STORE_SIZE events in memory, gone after a restart. */
    record Memory() implements Store {}

    /**
     * A database reached over JDBC: an SQLite file (the default) or PostgreSQL (shared by replicas).
     *
     * @param retentionDays events older than this are deleted; 0 keeps them forever
     * @param buffer        events that may wait for the database before new ones are dropped
     */
    record Database(String url, Optional<String> user, Optional<String> password, int retentionDays, int buffer)
            implements Store {

        public static final String DEFAULT_URL = "jdbc:sqlite:interlock-decisions.db";
        public static final int DEFAULT_RETENTION_DAYS = 30;
        public static final int DEFAULT_BUFFER = 50_000;
        public static final Database DEFAULT =
                new Database(DEFAULT_URL, Optional.empty(), Optional.empty(), DEFAULT_RETENTION_DAYS, DEFAULT_BUFFER);

        public Kind kind() {
            return url.startsWith(Kind.POSTGRESQL.prefix) ? Kind.POSTGRESQL : Kind.SQLITE;
        }

        /** Never prints the password: settings may end up in a log line. */
        @Override
        public String toString() {
            return "Database[url=" + url + ", user=" + user.orElse("") + ", password=" + password.map(p -> "***").orElse("")
                    + ", retentionDays=" + retentionDays + ", buffer=" + buffer + "]";
        }
    }

    /** The databases Interlock can use, by JDBC URL prefix. */
    enum Kind {
        SQLITE("jdbc:sqlite:"), POSTGRESQL("jdbc:postgresql:");

        public final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
