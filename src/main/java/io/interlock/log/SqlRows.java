package io.interlock.log;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Events as rows of {@code decision_events} and {@code decision_policy_runs} (see {@link SqlSchema}). */
final class SqlRows {

    /** Searchable copies are capped like the filter values, and stay small enough for any index. */
    static final int MAX_COLUMN_LENGTH = 320;

    private static final String INSERT_EVENT = "INSERT INTO decision_events (id, time_ms, source, trigger_point, decision,"
            + " http_status, user_email, email_domain, organization_id, failure_code, event, payload, payload_omitted,"
            + " payload_masked, shadow_agrees, replay, policies_version, chain_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_POLICY = "INSERT INTO decision_policy_runs (base_name, time_ms, decision_id, ordinal, name)"
            + " VALUES (?, ?, ?, ?, ?)";
    private static final String KEEP_EVENT = " ON CONFLICT (id) DO NOTHING";
    private static final String KEEP_POLICY = " ON CONFLICT (base_name, time_ms, decision_id, ordinal) DO NOTHING";

    private SqlRows() {}

    /**
     * Inserts the events in the connection's current transaction. {@code mayBeStored}: the events
     * may be in the database already (a batch retried after its commit was lost with the
     * connection), so rows already there are left as they are instead of refused. Only retries
     * ask for it: PostgreSQL checks each row of an {@code ON CONFLICT} insert before writing it and
     * logs it twice, which cost its server a sixth of its CPU per decision (bench/decision-writer
     * on PostgreSQL: 28.7 → 24.1 µs).
     */
    static void insert(Connection c, List<Recorded> events, boolean mayBeStored) throws SQLException {
        try (PreparedStatement rows = c.prepareStatement(INSERT_EVENT + (mayBeStored ? KEEP_EVENT : ""));
                PreparedStatement policies = c.prepareStatement(INSERT_POLICY + (mayBeStored ? KEEP_POLICY : ""))) {
            int policyRows = 0;
            for (Recorded recorded : events) {
                DecisionEvent e = recorded.event();
                bindEvent(rows, e, recorded.summary());
                rows.addBatch();
                for (int i = 0; i < e.policies().size(); i++) {
                    // a chain stopped before its first file started has an entry without a name: nothing to search by
                    if (e.policies().get(i).name() != null) {
                        bindPolicy(policies, e, i);
                        policies.addBatch();
                        policyRows++;
                    }
                }
            }
            rows.executeBatch();
            if (policyRows > 0) {
                policies.executeBatch();
            }
        }
    }

    private static void bindEvent(PreparedStatement s, DecisionEvent e, String summary) throws SQLException {
        String email = e.userEmail() == null ? null : column(e.userEmail().toLowerCase(Locale.ROOT));
        s.setString(1, e.id());
        s.setLong(2, e.time().toEpochMilli());
        s.setString(3, e.source());
        s.setString(4, e.trigger() == null ? null : e.trigger().wireName());
        s.setString(5, e.decision());
        s.setInt(6, e.httpStatus());
        s.setString(7, email);
        s.setString(8, DecisionQuery.Email.domainOf(email));
        s.setString(9, column(e.organizationId()));
        s.setString(10, e.failureCode());
        s.setString(11, summary);
        text(s, 12, e.payload());
        text(s, 13, e.payloadOmitted());
        s.setInt(14, e.payloadMasked() ? 1 : 0);
        if (e.shadow() == null) {
            s.setNull(15, Types.INTEGER);
        } else {
            s.setInt(15, e.shadow().agrees() ? 1 : 0);
        }
        text(s, 16, e.replay());
        text(s, 17, e.version() == null ? null : column(e.version().label()));
        text(s, 18, e.version() == null ? null : e.version().chain());
    }

    private static void bindPolicy(PreparedStatement s, DecisionEvent e, int ordinal) throws SQLException {
        String name = column(e.policies().get(ordinal).name());
        s.setString(1, baseName(name));
        s.setLong(2, e.time().toEpochMilli());
        s.setString(3, e.id());
        s.setInt(4, ordinal);
        s.setString(5, name);
    }

    private static void text(PreparedStatement s, int index, String value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.VARCHAR);
        } else {
            s.setString(index, value);
        }
    }

    /** A policy file's last path part: what {@code policy=10-domains.js} is looked up by. */
    static String baseName(String name) {
        return name.substring(name.lastIndexOf('/') + 1);
    }

    /**
     * A searchable value as stored and as searched: capped, and without NUL, which PostgreSQL
     * refuses in text (a caller's payload can carry one; the event JSON escapes it).
     */
    static String column(String value) {
        if (value == null) {
            return null;
        }
        String capped = value.length() > MAX_COLUMN_LENGTH ? value.substring(0, MAX_COLUMN_LENGTH) : value;
        return capped.indexOf('\0') < 0 ? capped : capped.replace('\0', '\uFFFD');
    }

    /** What one retention step deleted; {@code more} when it deleted a full batch, so another step is due. */
    record Deleted(int rows, boolean more) {}

    /**
     * Deletes up to {@code batch} events older than {@code cutoffMs}, and up to {@code batch}
     * policy rows of each policy file, in one short transaction, so retention never holds a long
     * lock and the writer's inserts go on between steps. The ids are read first so both event
     * deletes (this version's and version 1's policy rows) name the same events, whatever another
     * replica deletes meanwhile. Policy rows go by their own key, file by file: they are keyed
     * by file and time, not by event.
     */
    static Deleted deleteOlderThan(Connection c, long cutoffMs, int batch) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT id FROM decision_events WHERE time_ms < ? ORDER BY time_ms LIMIT ?")) {
            s.setLong(1, cutoffMs);
            s.setInt(2, batch);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    ids.add(r.getString(1));
                }
            }
        }
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            int rows = 0;
            boolean more = ids.size() == batch;
            if (!ids.isEmpty()) {
                String in = String.join(", ", Collections.nCopies(ids.size(), "?"));
                rows += delete(c, "DELETE FROM decision_policies WHERE decision_id IN (" + in + ")", ids)
                        + delete(c, "DELETE FROM decision_events WHERE id IN (" + in + ")", ids);
            }
            for (String file : policyFiles(c)) {
                Deleted runs = deletePolicyRuns(c, file, cutoffMs, batch);
                rows += runs.rows();
                more |= runs.more();
            }
            c.commit();
            return new Deleted(rows, more);
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /** The distinct base names, one index seek each (a handful of files, however many rows). */
    private static List<String> policyFiles(Connection c) throws SQLException {
        List<String> files = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT MIN(base_name) FROM decision_policy_runs WHERE base_name > ?")) {
            String last = "";
            while (true) {
                s.setString(1, last);
                try (ResultSet r = s.executeQuery()) {
                    last = r.next() ? r.getString(1) : null;
                }
                if (last == null) {
                    return files;
                }
                files.add(last);
            }
        }
    }

    /** Up to {@code batch} of one file's rows older than the cutoff, oldest first, bounded by the last one's key. */
    private static Deleted deletePolicyRuns(Connection c, String file, long cutoffMs, int batch) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT time_ms, decision_id, ordinal FROM decision_policy_runs"
                + " WHERE base_name = ? AND time_ms < ? ORDER BY time_ms, decision_id, ordinal LIMIT 1 OFFSET ?")) {
            s.setString(1, file);
            s.setLong(2, cutoffMs);
            s.setInt(3, batch - 1);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return new Deleted(deleteRuns(c, "time_ms < ?", file, cutoffMs), false);
                }
                return new Deleted(deleteRuns(c, "(time_ms, decision_id, ordinal) <= (?, ?, ?)", file, r.getLong(1),
                        r.getString(2), r.getInt(3)), true);
            }
        }
    }

    private static int deleteRuns(Connection c, String bound, String file, Object... values) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM decision_policy_runs WHERE base_name = ? AND " + bound)) {
            s.setString(1, file);
            for (int i = 0; i < values.length; i++) {
                s.setObject(i + 2, values[i]);
            }
            return s.executeUpdate();
        }
    }

    private static int delete(Connection c, String sql, List<String> ids) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < ids.size(); i++) {
                s.setString(i + 1, ids.get(i));
            }
            return s.executeUpdate();
        }
    }
}
