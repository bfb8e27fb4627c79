package io.interlock.log;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /v1/decisions/stats} in SQL, on SQLite and PostgreSQL alike. The matches are the
 * list's own query ({@link SqlQueries#selectSql}, newest first, at most
 * {@link DecisionStats#MAX_ROWS}) as a common table expression {@code m}; each aggregate is one
 * statement over it, so the rows never leave the database.
 *
 * <p>What has a column (time, trigger, decision, failure code) is read from it; the rest (the
 * DENY message, the policy that failed, the duration, the shadow answer) from the stored event's
 * JSON with the database's own JSON functions, so every decision ever stored is counted, and the
 * shadow chain's {@code shadow.agrees} needs no column of its own. Percentiles are nearest-rank
 * from {@code ROW_NUMBER()}, compared in whole numbers ({@code rn * 100 >= 95 * n}) so both
 * databases and the memory store give the same value.
 */
final class SqlStats {

    private static final int QUERY_TIMEOUT_S = 20;
    private static final String COLUMNS = "e.id AS id, e.time_ms AS time_ms, e.trigger_point AS trigger_point,"
            + " e.decision AS decision, e.failure_code AS failure_code, e.event AS event";
    private static final String OUTCOME = "CASE WHEN failure_code IS NOT NULL OR decision IS NULL THEN 'failure' ELSE decision END";

    private SqlStats() {}

    static DecisionStats stats(Connection c, SqlDialect dialect, StatsQuery query) throws SQLException {
        List<DecisionStats.Row> rows = new ArrayList<>();
        long[] total = {0};
        run(c, query, "SELECT (time_ms / ?) * ? AS b, trigger_point, " + OUTCOME + " AS o, COUNT(*) FROM m GROUP BY 1, 2, 3",
                List.of(query.bucketMs(), query.bucketMs()), r -> {
                    rows.add(new DecisionStats.Row(r.getLong(1), r.getString(2), r.getString(3), r.getLong(4)));
                    total[0] += r.getLong(4);
                });
        List<DecisionStats.Count> messages = new ArrayList<>();
        String message = json(dialect, "error_message");
        run(c, query, "SELECT " + message + ", COUNT(*) FROM m WHERE decision = 'DENY' AND failure_code IS NULL"
                + " GROUP BY 1 ORDER BY COUNT(*) DESC, " + nullsLast(message) + " LIMIT " + DecisionStats.TOP, List.of(),
                r -> messages.add(new DecisionStats.Count(r.getString(1), null, r.getLong(2))));
        List<DecisionStats.Count> failing = new ArrayList<>();
        String policy = json(dialect, "decided_by");
        run(c, query, "SELECT " + policy + ", failure_code, COUNT(*) FROM m WHERE " + OUTCOME + " = 'failure'"
                + " GROUP BY 1, 2 ORDER BY COUNT(*) DESC, " + nullsLast(policy) + ", " + nullsLast("failure_code")
                + " LIMIT " + DecisionStats.TOP, List.of(),
                r -> failing.add(new DecisionStats.Count(r.getString(1), r.getString(2), r.getLong(3))));
        DecisionStats.Latency[] latency = {DecisionStats.Latency.NONE};
        run(c, query, latencySql(dialect), List.of(), r -> {
            if (r.getLong(1) > 0) {
                latency[0] = new DecisionStats.Latency(r.getLong(1), r.getDouble(2), r.getDouble(3), r.getDouble(4),
                        r.getDouble(5), r.getDouble(6));
            }
        });
        List<DecisionStats.Shadow> shadow = new ArrayList<>();
        run(c, query, "SELECT trigger_point, COUNT(a), SUM(CASE WHEN a = 'true' THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN a = 'false' THEN 1 ELSE 0 END) FROM (SELECT trigger_point, " + agrees(dialect)
                + " AS a FROM m) x WHERE a IS NOT NULL GROUP BY trigger_point", List.of(),
                r -> shadow.add(new DecisionStats.Shadow(r.getString(1), r.getLong(2), r.getLong(3), r.getLong(4))));
        return new DecisionStats(query, total[0], rows, messages, failing, latency[0], shadow);
    }

    private static String latencySql(SqlDialect dialect) {
        StringBuilder sql = new StringBuilder("SELECT COUNT(d)");
        for (int percent : new int[] {50, 90, 95, 99}) {
            sql.append(", MIN(CASE WHEN rn * 100 >= ").append(percent).append(" * n THEN d END)");
        }
        return sql.append(", MAX(d) FROM (SELECT d, ROW_NUMBER() OVER (ORDER BY d) AS rn, COUNT(*) OVER () AS n FROM (SELECT ")
                .append(number(dialect, "duration_ms")).append(" AS d FROM m) x WHERE d IS NOT NULL) y").toString();
    }

    /** Ascending with nulls last in both databases (SQLite puts them first, PostgreSQL last). */
    private static String nullsLast(String expression) {
        return "CASE WHEN " + expression + " IS NULL THEN 1 ELSE 0 END, " + expression;
    }

    /** A top-level text field of the stored event. */
    private static String json(SqlDialect dialect, String field) {
        return dialect == SqlDialect.SQLITE ? "json_extract(event, '$." + field + "')" : "(CAST(event AS json) ->> '" + field + "')";
    }

    private static String number(SqlDialect dialect, String field) {
        return dialect == SqlDialect.SQLITE ? "CAST(json_extract(event, '$." + field + "') AS REAL)"
                : "CAST(CAST(event AS json) ->> '" + field + "' AS DOUBLE PRECISION)";
    }

    /** {@code shadow.agrees} as 'true', 'false' or null (no shadow chain ran). */
    private static String agrees(SqlDialect dialect) {
        return dialect == SqlDialect.SQLITE
                ? "CASE json_type(event, '$.shadow.agrees') WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' END"
                : "(CAST(event AS json) -> 'shadow' ->> 'agrees')";
    }

    private interface RowReader {
        void read(ResultSet r) throws SQLException;
    }

    /** One aggregate over {@code m}, the query's matches; {@code extra} are the parameters of {@code sql} after m's. */
    private static void run(Connection c, StatsQuery query, String sql, List<Object> extra, RowReader reader) throws SQLException {
        List<Object> params = new ArrayList<>();
        String matches = SqlQueries.selectSql(query.filters(), Optional.empty(), params, COLUMNS, DecisionStats.MAX_ROWS);
        if (query.filters().policy() != null) {
            // a chain naming one file twice (a dry run's drafts) joins twice: count the decision once
            matches = "SELECT DISTINCT id, time_ms, trigger_point, decision, failure_code, event FROM (" + matches + ") w";
        }
        params.addAll(extra);
        try (PreparedStatement s = c.prepareStatement("WITH m AS (" + matches + ") " + sql)) {
            s.setQueryTimeout(QUERY_TIMEOUT_S);
            for (int i = 0; i < params.size(); i++) {
                s.setObject(i + 1, params.get(i));
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    reader.read(r);
                }
            }
        }
    }
}
