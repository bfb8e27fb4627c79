package io.interlock.log;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code GET /v1/decisions/stats} answers: aggregates the decision store computed over the
 * matching decisions (in SQL for a database), so the playground draws charts without downloading
 * the decisions. A store counts at most {@link #MAX_ROWS} matches, the newest; {@code limited}
 * says when there were more.
 *
 * @param rows     the sparse time series: one count per bucket start, trigger and outcome
 * @param latency  nearest-rank percentiles of {@code duration_ms} (null without any duration)
 */
record DecisionStats(
        StatsQuery query,
        long total,
        List<Row> rows,
        List<Count> denyMessages,
        List<Count> failingPolicies,
        Latency latency,
        List<Shadow> shadow) {

    /** Matches counted per request, newest first: bounds the work of one request on a large store. */
    static final int MAX_ROWS = 100_000;
    static final int TOP = 10;
    static final String ALLOW = "ALLOW";
    static final String DENY = "DENY";
    static final String FAILURE = "failure";

    /** One bar segment: {@code count} decisions of {@code trigger} (null: refused before a trigger was known) and outcome. */
    record Row(long bucketMs, String trigger, String outcome, long count) {}

    /** {@code key}: a DENY message (null: the platform's generic text), or a policy (null: no policy ran); {@code code}: a failure code. */
    record Count(String key, String code, long count) {}

    record Latency(long count, Double p50, Double p90, Double p95, Double p99, Double max) {
        static final Latency NONE = new Latency(0, null, null, null, null, null);
    }

    /** Decisions of {@code trigger} with a shadow answer, and how many agreed with the live one. */
    record Shadow(String trigger, long compared, long agree, long disagree) {}

    /** ALLOW, DENY or failure: a failure (failure code, or no decision) counts as one even when on-error answered DENY. */
    static String outcome(String decision, String failureCode) {
        return failureCode != null || decision == null ? FAILURE : decision;
    }

    boolean limited() {
        return total >= MAX_ROWS;
    }

    ObjectNode toJson() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("from", iso(query.from().toEpochMilli()));
        root.put("to", iso(query.to().toEpochMilli()));
        root.put("bucket", StatsQuery.describe(query.bucket()));
        root.put("bucket_ms", query.bucketMs());
        root.put("total", total);
        root.put("limited", limited());
        root.put("max_counted", MAX_ROWS);
        ObjectNode outcomes = root.putObject("outcomes");
        for (String o : List.of(ALLOW, DENY, FAILURE)) {
            outcomes.put(o, rows.stream().filter(r -> r.outcome().equals(o)).mapToLong(Row::count).sum());
        }
        series(root.putArray("series"));
        counts(root.putArray("top_deny_messages"), denyMessages, "message");
        counts(root.putArray("top_failing_policies"), failingPolicies, "policy");
        ObjectNode l = root.putObject("latency_ms");
        l.put("count", latency.count());
        number(l, "p50", latency.p50());
        number(l, "p90", latency.p90());
        number(l, "p95", latency.p95());
        number(l, "p99", latency.p99());
        number(l, "max", latency.max());
        shadow(root.putObject("shadow"));
        return root;
    }

    /** Per trigger (those with a decision in the window), every bucket of the window, zeros included. */
    private void series(ArrayNode out) {
        Map<String, Map<Long, long[]>> byTrigger = new TreeMap<>(Comparator.nullsLast(Comparator.naturalOrder()));
        for (Row r : rows) {
            long[] counts = byTrigger.computeIfAbsent(r.trigger(), t -> new LinkedHashMap<>())
                    .computeIfAbsent(r.bucketMs(), b -> new long[3]);
            counts[r.outcome().equals(ALLOW) ? 0 : r.outcome().equals(DENY) ? 1 : 2] += r.count();
        }
        long first = query.firstBucketMs();
        long end = query.to().toEpochMilli();
        for (Map.Entry<String, Map<Long, long[]>> t : byTrigger.entrySet()) {
            ObjectNode s = out.addObject();
            s.put("trigger", t.getKey());
            long[] totals = new long[3];
            ArrayNode buckets = s.putArray("buckets");
            for (long b = first; b < end; b += query.bucketMs()) {
                long[] c = t.getValue().getOrDefault(b, new long[3]);
                buckets.addObject().put("start", iso(b)).put(ALLOW, c[0]).put(DENY, c[1]).put(FAILURE, c[2]);
                for (int i = 0; i < 3; i++) {
                    totals[i] += c[i];
                }
            }
            s.putObject("total").put(ALLOW, totals[0]).put(DENY, totals[1]).put(FAILURE, totals[2]);
        }
    }

    private static void counts(ArrayNode out, List<Count> counts, String keyName) {
        for (Count c : counts) {
            ObjectNode o = out.addObject().put(keyName, c.key());
            if (keyName.equals("policy")) {
                o.put("failure_code", c.code());
            }
            o.put("count", c.count());
        }
    }

    private void shadow(ObjectNode out) {
        long compared = 0;
        long agree = 0;
        long disagree = 0;
        ObjectNode byTrigger = JsonNodeFactory.instance.objectNode();
        for (Shadow s : shadow) {
            compared += s.compared();
            agree += s.agree();
            disagree += s.disagree();
            if (s.trigger() != null && s.compared() > 0) {
                byTrigger.putObject(s.trigger()).put("compared", s.compared()).put("agree", s.agree())
                        .put("disagree", s.disagree());
            }
        }
        out.put("compared", compared).put("agree", agree).put("disagree", disagree);
        out.set("by_trigger", byTrigger);
    }

    private static void number(ObjectNode o, String name, Double value) {
        if (value == null) {
            o.putNull(name);
        } else {
            o.put(name, Math.round(value * 1000) / 1000.0);
        }
    }

    private static String iso(long ms) {
        return DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(ms));
    }

    /** Top {@link #TOP} by count, then by key (none last), as the SQL orders them. */
    static List<Count> top(Map<List<String>, Long> counts) {
        List<Count> all = new ArrayList<>();
        counts.forEach((k, n) -> all.add(new Count(k.get(0), k.get(1), n)));
        all.sort(Comparator.comparingLong(Count::count).reversed()
                .thenComparing(Count::key, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(Count::code, Comparator.nullsLast(Comparator.naturalOrder())));
        return all.size() > TOP ? List.copyOf(all.subList(0, TOP)) : all;
    }

    /** Nearest-rank percentiles of the durations, as the SQL computes them: the smallest value whose rank is at least p·n. */
    static Latency latency(List<Double> durations) {
        if (durations.isEmpty()) {
            return Latency.NONE;
        }
        List<Double> sorted = new ArrayList<>(durations);
        sorted.sort(null);
        int n = sorted.size();
        return new Latency(n, rank(sorted, 50), rank(sorted, 90), rank(sorted, 95), rank(sorted, 99), sorted.get(n - 1));
    }

    /** In whole numbers, as the SQL compares {@code rn * 100 >= percent * n}: no rounding of 0.95 × n. */
    private static Double rank(List<Double> sorted, int percent) {
        long k = ((long) percent * sorted.size() + 99) / 100;
        return sorted.get((int) Math.max(1, k) - 1);
    }
}
