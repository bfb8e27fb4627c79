package io.interlock.log;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /v1/decisions/stats} in SQL, on SQLite and PostgreSQL alike. The matches are the
 * list's own query ({@link SqlQueries#selectSql}, newest first, at most
 * {@link DecisionStats#MAX_ROWS}) as a common table expression {@code m}, read once; every
 * aggregate is a branch of one statement over it, so the rows never leave the database.
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
    /** Typed, so that PostgreSQL can match the UNION's branches column by column. */
    private static final String NULL_BIGINT = "CAST(NULL AS BIGINT)";
    private static final String NULL_NUMBERS = String.join(", ", java.util.Collections.nCopies(5, "CAST(NULL AS DOUBLE PRECISION)"));

    private SqlStats() {}

    static DecisionStats stats(Connection c, SqlDialect dialect, StatsQuery query) throws SQLException {
        List<Object> params = new ArrayList<>();
        String sql = sql(dialect, query, params);
        List<DecisionStats.Row> rows = new ArrayList<>();
        Map<List<String>, Long> messages = new LinkedHashMap<>();
        Map<List<String>, Long> failing = new LinkedHashMap<>();
        List<DecisionStats.Shadow> shadow = new ArrayList<>();
        DecisionStats.Latency latency = DecisionStats.Latency.NONE;
        long total = 0;
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setQueryTimeout(QUERY_TIMEOUT_S);
            for (int i = 0; i < params.size(); i++) {
                s.setObject(i + 1, params.get(i));
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    switch (r.getString(1)) {
                        case "series" -> {
                            rows.add(new DecisionStats.Row(r.getLong(5), r.getString(2), r.getString(3), r.getLong(4)));
                            total += r.getLong(4);
                        }
                        case "deny" -> messages.put(java.util.Arrays.asList(r.getString(2), null), r.getLong(4));
                        case "failing" -> failing.put(java.util.Arrays.asList(r.getString(2), r.getString(3)), r.getLong(4));
                        case "shadow" -> shadow.add(new DecisionStats.Shadow(r.getString(2), r.getLong(4), r.getLong(5), r.getLong(6)));
                        default -> latency = r.getLong(4) == 0 ? DecisionStats.Latency.NONE : new DecisionStats.Latency(
                                r.getLong(4), r.getDouble(7), r.getDouble(8), r.getDouble(9), r.getDouble(10), r.getDouble(11));
                    }
                }
            }
        }
        // a UNION keeps no order, and the databases order ties by their collation: the memory store's order
        return new DecisionStats(query, total, rows, DecisionStats.top(messages), DecisionStats.top(failing), latency, shadow);
    }

    /**
     * One statement: the matches {@code m} and the fields the aggregates need {@code x} are each
     * computed once (MATERIALIZED), then every aggregate is one branch of a UNION ALL whose rows say
     * what they are: {@code (kind, key, key2, n, n2, n3, p50, p90, p95, p99, max)}.
     */
    private static String sql(SqlDialect dialect, StatsQuery query, List<Object> params) {
        String matches = SqlQueries.selectSql(query.filters(), Optional.empty(), params, COLUMNS, DecisionStats.MAX_ROWS);
        if (query.filters().policy() != null) {
            // a chain naming one file twice (a dry run's drafts) joins twice: count the decision once
            matches = "SELECT DISTINCT id, time_ms, trigger_point, decision, failure_code, event FROM (" + matches + ") w";
        }
        params.add(query.bucketMs());
        params.add(query.bucketMs());
        String fields = "SELECT time_ms, trigger_point, failure_code, o, " + number(dialect, "duration_ms") + " AS d, "
                + agrees(dialect) + " AS a, CASE WHEN o = 'DENY' THEN " + json(dialect, "error_message") + " END AS msg,"
                + " CASE WHEN o = 'failure' THEN " + json(dialect, "decided_by") + " END AS pol"
                + " FROM (SELECT time_ms, trigger_point, failure_code, event, " + OUTCOME + " AS o FROM m) y";
        String none = ", " + NULL_NUMBERS;
        String twoNone = ", " + NULL_BIGINT + ", " + NULL_BIGINT + none;
        StringBuilder latency = new StringBuilder("SELECT 'latency', NULL, NULL, COUNT(d), " + NULL_BIGINT + ", " + NULL_BIGINT);
        for (int percent : new int[] {50, 90, 95, 99}) {
            latency.append(", MIN(CASE WHEN rn * 100 >= ").append(percent).append(" * n THEN d END)");
        }
        latency.append(", MAX(d) FROM (SELECT d, ROW_NUMBER() OVER (ORDER BY d) AS rn, COUNT(*) OVER () AS n FROM x")
                .append(" WHERE d IS NOT NULL) l");
        return "WITH m AS (" + matches + "), x AS MATERIALIZED (" + fields + ") "
                + "SELECT 'series', trigger_point, o, COUNT(*), b, " + NULL_BIGINT + none
                + " FROM (SELECT trigger_point, o, (time_ms / ?) * ? AS b FROM x) s GROUP BY trigger_point, o, b"
                + " UNION ALL SELECT 'deny', msg, NULL, n" + twoNone
                + " FROM (SELECT msg, COUNT(*) AS n FROM x WHERE o = 'DENY' GROUP BY msg ORDER BY COUNT(*) DESC, "
                + nullsLast("msg") + " LIMIT " + DecisionStats.TOP + ") t"
                + " UNION ALL SELECT 'failing', pol, failure_code, n" + twoNone
                + " FROM (SELECT pol, failure_code, COUNT(*) AS n FROM x WHERE o = 'failure' GROUP BY pol, failure_code"
                + " ORDER BY COUNT(*) DESC, " + nullsLast("pol") + ", " + nullsLast("failure_code") + " LIMIT "
                + DecisionStats.TOP + ") f"
                + " UNION ALL " + latency
                + " UNION ALL SELECT 'shadow', trigger_point, NULL, COUNT(a), SUM(CASE WHEN a = 'true' THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN a = 'false' THEN 1 ELSE 0 END)" + none + " FROM x WHERE a IS NOT NULL GROUP BY trigger_point";
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
}
