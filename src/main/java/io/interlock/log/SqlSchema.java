package io.interlock.log;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The decision store's tables, created and changed by numbered migrations recorded in
 * {@code decision_log_schema}. The SQL is common to SQLite and PostgreSQL but for
 * {@link #CLUSTERED}.
 *
 * <p>Every list query is newest first, {@code ORDER BY time_ms DESC, id DESC}, so each filter
 * has an index ending in {@code (time_ms, id)}: a filtered page is a backward range scan that
 * stops after {@code limit} rows, however large the table. The event itself is kept as its JSON
 * text, as the API gives it.
 *
 * <p>Each index costs the writer on every insert it takes (about a microsecond of the writer's
 * CPU per event and index in SQLite, measured), and under full load that CPU comes off the
 * answers. So since version 2: the rare values are indexed partially, costing nothing for the
 * events they leave out: failures, denials and dry runs ({@code decision=ALLOW} and
 * {@code source=intercept}, the bulk of the traffic, read the time index and skip the few
 * others); and the policy filter's rows ({@code decision_policy_runs}) are one B-tree keyed by
 * what the filter reads, where {@code decision_policies} needed three. Version 1's
 * {@code decision_policies} stays, emptied, for replicas of the older version still writing
 * during a rolling deploy; retention empties it too.
 */
final class SqlSchema {

    /**
     * Stands for SQLite's {@code WITHOUT ROWID} (the table is its primary key's B-tree, one
     * structure to write instead of two); PostgreSQL has no such clause and gets nothing.
     */
    private static final String CLUSTERED = "{clustered}";

    private static final List<List<String>> MIGRATIONS = List.of(List.of(
            """
            CREATE TABLE IF NOT EXISTS decision_events (
              id TEXT PRIMARY KEY,
              time_ms BIGINT NOT NULL,
              source TEXT NOT NULL,
              trigger_point TEXT,
              decision TEXT,
              http_status INTEGER NOT NULL,
              user_email TEXT,
              email_domain TEXT,
              organization_id TEXT,
              failure_code TEXT,
              event TEXT NOT NULL,
              payload TEXT,
              payload_omitted TEXT,
              payload_masked INTEGER NOT NULL DEFAULT 0)""",
            "CREATE INDEX IF NOT EXISTS decision_events_time ON decision_events (time_ms, id)",
            "CREATE INDEX IF NOT EXISTS decision_events_trigger ON decision_events (trigger_point, time_ms, id)",
            "CREATE INDEX IF NOT EXISTS decision_events_decision ON decision_events (decision, time_ms, id)",
            "CREATE INDEX IF NOT EXISTS decision_events_email ON decision_events (user_email, time_ms, id)",
            "CREATE INDEX IF NOT EXISTS decision_events_email_domain ON decision_events (email_domain, time_ms, id)",
            "CREATE INDEX IF NOT EXISTS decision_events_organization ON decision_events (organization_id, time_ms, id)",
            "CREATE INDEX IF NOT EXISTS decision_events_failure ON decision_events (failure_code, time_ms, id)",
            "CREATE INDEX IF NOT EXISTS decision_events_source ON decision_events (source, time_ms, id)",
            """
            CREATE TABLE IF NOT EXISTS decision_policies (
              decision_id TEXT NOT NULL,
              ordinal INTEGER NOT NULL,
              time_ms BIGINT NOT NULL,
              name TEXT NOT NULL,
              base_name TEXT NOT NULL,
              PRIMARY KEY (decision_id, ordinal))""",
            "CREATE INDEX IF NOT EXISTS decision_policies_base_name ON decision_policies (base_name, time_ms, decision_id)"),
            List.of(
            "DROP INDEX IF EXISTS decision_events_decision",
            "DROP INDEX IF EXISTS decision_events_failure",
            "DROP INDEX IF EXISTS decision_events_source",
            "CREATE INDEX IF NOT EXISTS decision_events_denied ON decision_events (time_ms, id) WHERE decision = 'DENY'",
            "CREATE INDEX IF NOT EXISTS decision_events_failed ON decision_events (failure_code, time_ms, id)"
                    + " WHERE failure_code IS NOT NULL",
            "CREATE INDEX IF NOT EXISTS decision_events_dry_runs ON decision_events (time_ms, id) WHERE source = 'evaluate'",
            """
            CREATE TABLE IF NOT EXISTS decision_policy_runs (
              base_name TEXT NOT NULL,
              time_ms BIGINT NOT NULL,
              decision_id TEXT NOT NULL,
              ordinal INTEGER NOT NULL,
              name TEXT NOT NULL,
              PRIMARY KEY (base_name, time_ms, decision_id, ordinal)) %s""".formatted(CLUSTERED),
            "INSERT INTO decision_policy_runs (base_name, time_ms, decision_id, ordinal, name)"
                    + " SELECT base_name, time_ms, decision_id, ordinal, name FROM decision_policies",
            "DELETE FROM decision_policies"),
            // version 3 (shadow policies): whether the shadow chain's answer agreed with the live one
            // (1, 0, null without a shadow run); indexed only where set, so calls without a shadow cost nothing
            List.of(
            "ALTER TABLE decision_events ADD COLUMN shadow_agrees INTEGER",
            "CREATE INDEX IF NOT EXISTS decision_events_shadowed ON decision_events (time_ms, id) WHERE shadow_agrees IS NOT NULL",
            "CREATE INDEX IF NOT EXISTS decision_events_shadow_disagree ON decision_events (time_ms, id) WHERE shadow_agrees = 0"),
            // version 4 (replay): what a replay needs beside a kept payload (ReplayRecord); null for older rows
            List.of("ALTER TABLE decision_events ADD COLUMN replay TEXT"),
            // version 5 (issue 28): the version of the chain that decided, for ?version=. Not indexed: every event
            // has one, so an index would cost each insert for a filter that reads the recent past,
            // where the time index finds a version's events at once.
            List.of(
            "ALTER TABLE decision_events ADD COLUMN policies_version TEXT",
            "ALTER TABLE decision_events ADD COLUMN chain_version TEXT"));

    /** The schema version this code writes. */
    static final int VERSION = MIGRATIONS.size();

    private SqlSchema() {}

    /**
     * Brings the schema to {@link #VERSION} in one transaction. A database already at a newer
     * version (a newer Interlock during a rolling deploy) is left alone: a migration keeps what an
     * older version writes to (version 2 left {@code decision_policies} in place, and an index
     * dropped only slows an older replica's reads).
     *
     * @return the version the database was at before
     */
    static int migrate(Connection c, SqlDialect dialect) throws SQLException {
        return migrate(c, dialect, VERSION);
    }

    /** Brings the schema to {@code target}; package-private so tests can build an older database. */
    static int migrate(Connection c, SqlDialect dialect, int target) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            if (dialect.migrationLock().isPresent()) {
                s.execute(dialect.migrationLock().get());
            }
            s.execute("CREATE TABLE IF NOT EXISTS decision_log_schema (version INTEGER PRIMARY KEY, applied_ms BIGINT NOT NULL)");
            int before = version(s);
            for (int version = before + 1; version <= target; version++) {
                for (String sql : MIGRATIONS.get(version - 1)) {
                    s.execute(sql.replace(CLUSTERED, dialect == SqlDialect.SQLITE ? "WITHOUT ROWID" : ""));
                }
                try (PreparedStatement record = c.prepareStatement(
                        "INSERT INTO decision_log_schema (version, applied_ms) VALUES (?, ?)")) {
                    record.setInt(1, version);
                    record.setLong(2, System.currentTimeMillis());
                    record.executeUpdate();
                }
            }
            c.commit();
            return before;
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static int version(Statement s) throws SQLException {
        try (ResultSet r = s.executeQuery("SELECT MAX(version) FROM decision_log_schema")) {
            return r.next() ? r.getInt(1) : 0;
        }
    }
}
