package io.interlock.log;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The reads of {@code GET /v1/decisions}: one indexed query per page. A policy filter starts from
 * {@code decision_policy_runs}, every other page from {@code decision_events}; either way the rows
 * come newest first from an index ending in {@code (time_ms, id)}, and the keyset cursor
 * {@code (time_ms, id) < (?, ?)} is a range bound on it, so a deep page costs what the first does.
 */
final class SqlQueries {

    private static final int QUERY_TIMEOUT_S = 10;

    private SqlQueries() {}

    static Optional<DecisionEvent> get(Connection c, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT event, payload, payload_omitted, payload_masked, replay FROM decision_events WHERE id = ?")) {
            s.setQueryTimeout(QUERY_TIMEOUT_S);
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(read(r.getString(1), r.getString(2), r.getString(3), r.getInt(4) != 0,
                        r.getString(5))) : Optional.empty();
            }
        }
    }

    static DecisionStore.Page page(Connection c, DecisionQuery q, Optional<Cursor.Position> after) throws SQLException {
        List<Object> params = new ArrayList<>();
        String sql = listSql(q, after, params);
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setQueryTimeout(QUERY_TIMEOUT_S);
            for (int i = 0; i < params.size(); i++) {
                s.setObject(i + 1, params.get(i));
            }
            List<DecisionEvent> events = new ArrayList<>();
            Set<String> seen = new LinkedHashSet<>();
            boolean more = false;
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    if (events.size() == q.limit()) {
                        more = true;
                        break;
                    }
                    DecisionEvent event = read(r.getString(1), null, null, false, null);
                    // a chain naming the same file twice (a dry run's drafts) joins twice: list it once
                    if (seen.add(event.id())) {
                        events.add(event);
                    }
                }
            }
            Optional<Cursor> next = Optional.empty();
            if (more && !events.isEmpty()) {
                DecisionEvent last = events.get(events.size() - 1);
                next = Optional.of(new Cursor.Position(last.time().toEpochMilli(), last.id()));
            }
            return new DecisionStore.Page(events, next);
        }
    }

    /** The list query with its parameters appended to {@code params}; package-private for the plan tests. */
    static String listSql(DecisionQuery q, Optional<Cursor.Position> after, List<Object> params) {
        return selectSql(q, after, params, "e.event", q.limit() + 1);
    }

    /**
     * The newest {@code limit} matches of the filters, as {@code columns} of {@code decision_events e}:
     * the list's query, also the set {@link SqlStats} aggregates over.
     */
    static String selectSql(DecisionQuery q, Optional<Cursor.Position> after, List<Object> params, String columns, int limit) {
        boolean byPolicy = q.policy() != null;
        // the table whose index gives the order: time and cursor bounds go on its columns
        String t = byPolicy ? "p.time_ms" : "e.time_ms";
        String id = byPolicy ? "p.decision_id" : "e.id";
        StringBuilder sql = new StringBuilder("SELECT " + columns + " FROM ");
        sql.append(byPolicy ? "decision_policy_runs p JOIN decision_events e ON e.id = p.decision_id" : "decision_events e");
        List<String> where = new ArrayList<>();
        if (byPolicy) {
            String policy = SqlRows.column(q.policy());
            where.add("p.base_name = ?");
            params.add(SqlRows.baseName(policy));
            if (policy.contains("/")) {
                where.add("(p.name = ? OR p.name LIKE ? ESCAPE '!')");
                params.add(policy);
                params.add("%/" + likeEscaped(policy));
            }
        }
        condition(where, params, t + " >= ?", q.from() == null ? null : q.from().toEpochMilli());
        condition(where, params, t + " < ?", q.to() == null ? null : q.to().toEpochMilli());
        condition(where, params, "e.trigger_point = ?", q.trigger() == null ? null : q.trigger().wireName());
        // partial indexes serve these (see SqlSchema): the planner can use one only when the query
        // names its value, so the value (one of a closed set, checked when parsed) is written out
        if (q.decision() != null) {
            where.add("e.decision = " + literal(q.decision(), List.of("ALLOW", "DENY")));
        }
        if (q.email() instanceof DecisionQuery.Email.Address a) {
            condition(where, params, "e.user_email = ?", SqlRows.column(a.lowerCase()));
        } else if (q.email() instanceof DecisionQuery.Email.Domain d) {
            condition(where, params, "e.email_domain = ?", SqlRows.column(d.lowerCase()));
        }
        condition(where, params, "e.organization_id = ?", SqlRows.column(q.organization()));
        condition(where, params, "e.failure_code = ?", q.failure());
        if (q.source() != null) {
            where.add("e.source = " + literal(q.source(), DecisionQuery.SOURCES));
        }
        if (q.shadow() != null) {
            where.add(switch (q.shadow()) {
                case "agree" -> "e.shadow_agrees = 1";
                case "disagree" -> "e.shadow_agrees = 0";
                default -> "e.shadow_agrees IS NOT NULL";
            });
        }
        if (q.search() != null) {
            // a scan of the rows in time order, stopped at the page's limit: fine for an operator's search
            condition(where, params, "LOWER(e.event) LIKE ? ESCAPE '!'", "%" + likeEscaped(q.search()) + "%");
        }
        if (q.version() != null) {
            where.add("(e.policies_version = ? OR e.chain_version = ?)");
            params.add(SqlRows.column(q.version()));
            params.add(q.version());
        }
        if (after.isPresent()) {
            where.add("(" + t + ", " + id + ") < (?, ?)");
            params.add(after.get().timeMs());
            params.add(after.get().id());
        }
        if (!where.isEmpty()) {
            sql.append(" WHERE ").append(String.join(" AND ", where));
        }
        sql.append(" ORDER BY ").append(t).append(" DESC, ").append(id).append(" DESC LIMIT ?");
        params.add(limit);
        return sql.toString();
    }

    private static String likeEscaped(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    private static String literal(String value, List<String> allowed) {
        if (!allowed.contains(value)) {
            throw new IllegalArgumentException("not a value of this filter: " + value);
        }
        return "'" + value + "'";
    }

    private static void condition(List<String> where, List<Object> params, String sql, Object value) {
        if (value != null) {
            where.add(sql);
            params.add(value);
        }
    }

    private static DecisionEvent read(String event, String payload, String payloadOmitted, boolean payloadMasked,
            String replay) throws SQLException {
        try {
            return EventJson.read(event, payload, payloadOmitted, payloadMasked, replay);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SQLException("a stored event is not valid JSON: " + e.getOriginalMessage(), "22000", e);
        }
    }
}
