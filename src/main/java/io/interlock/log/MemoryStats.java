package io.interlock.log;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@link DecisionStats} computed in Java over the events of the memory store, with the SQL's definitions. */
final class MemoryStats {

    private MemoryStats() {}

    static DecisionStats of(StatsQuery query, List<DecisionEvent> events) {
        Map<List<Object>, Long> series = new HashMap<>();
        Map<List<String>, Long> messages = new HashMap<>();
        Map<List<String>, Long> failing = new HashMap<>();
        Map<String, long[]> shadow = new HashMap<>();
        List<Double> durations = new ArrayList<>();
        for (DecisionEvent e : events) {
            String trigger = e.trigger() == null ? null : e.trigger().wireName();
            String outcome = DecisionStats.outcome(e.decision(), e.failureCode());
            long bucket = Math.floorDiv(e.time().toEpochMilli(), query.bucketMs()) * query.bucketMs();
            series.merge(java.util.Arrays.asList(bucket, trigger, outcome), 1L, Long::sum);
            if (outcome.equals(DecisionStats.DENY)) {
                messages.merge(java.util.Arrays.asList(e.errorMessage(), null), 1L, Long::sum);
            } else if (outcome.equals(DecisionStats.FAILURE)) {
                failing.merge(java.util.Arrays.asList(e.decidedBy(), e.failureCode()), 1L, Long::sum);
            }
            if (e.durationMs() != null) {
                durations.add(e.durationMs());
            }
            countShadow(shadow, trigger, e);
        }
        List<DecisionStats.Row> rows = new ArrayList<>();
        series.forEach((k, n) -> rows.add(new DecisionStats.Row((Long) k.get(0), (String) k.get(1), (String) k.get(2), n)));
        List<DecisionStats.Shadow> shadows = new ArrayList<>();
        shadow.forEach((t, c) -> shadows.add(new DecisionStats.Shadow(t, c[0], c[1], c[2])));
        return new DecisionStats(query, events.size(), rows, DecisionStats.top(messages), DecisionStats.top(failing),
                DecisionStats.latency(durations), shadows);
    }

    /**
     * The shadow answer is read from the event as the API shows it ({@code shadow.agrees}), the
     * field the shadow chain adds, so this counts it whatever the record holds it in.
     */
    private static void countShadow(Map<String, long[]> shadow, String trigger, DecisionEvent e) {
        JsonNode agrees = EventJson.summary(e).path("shadow").path("agrees");
        if (agrees.isBoolean()) {
            long[] c = shadow.computeIfAbsent(trigger, t -> new long[3]);
            c[0]++;
            c[agrees.booleanValue() ? 1 : 2]++;
        }
    }
}
