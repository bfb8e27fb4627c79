package io.interlock.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interlock.engine.PolicyTrace;
import io.interlock.replay.Replayer.Kind;
import io.interlock.replay.Replayer.Outcome;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a replay found, for people ({@link #print}) and tools ({@link #json}): how many calls were
 * replayed, how many answers changed by {@link Kind}, which policy made each change, a few
 * examples of each kind with their decision ids and differing fields, and how many replays are
 * uncertain and why (a masked field read, a fetch answer not kept).
 *
 * @param withoutPayload matching stored calls that kept no payload, so could not be replayed
 * @param noPolicies     stored calls of a trigger the replayed folder has no policy for (not replayed)
 */
public record ReplayReport(List<Outcome> outcomes, int withoutPayload, int noPolicies, int examplesPerKind) {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    public ReplayReport {
        outcomes = List.copyOf(outcomes);
    }

    public int replayed() {
        return outcomes.size();
    }

    public int changed() {
        return (int) outcomes.stream().filter(Outcome::changed).count();
    }

    public int uncertain() {
        return (int) outcomes.stream().filter(Outcome::uncertain).count();
    }

    public Map<Kind, Integer> byKind() {
        Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            counts.put(k, 0);
        }
        outcomes.stream().filter(Outcome::changed).forEach(o -> counts.merge(o.kind(), 1, Integer::sum));
        return counts;
    }

    /** Changes by policy, then kind. */
    public Map<String, Map<Kind, Integer>> byPolicy() {
        Map<String, Map<Kind, Integer>> counts = new TreeMap<>();
        outcomes.stream().filter(Outcome::changed).forEach(o -> counts.computeIfAbsent(o.policy(), p -> new EnumMap<>(Kind.class))
                .merge(o.kind(), 1, Integer::sum));
        return counts;
    }

    /** Why replays are uncertain, with how many each. */
    public Map<String, Integer> doubts() {
        Map<String, Integer> counts = new TreeMap<>();
        outcomes.forEach(o -> o.doubts().forEach(d -> counts.merge(d, 1, Integer::sum)));
        return counts;
    }

    /** One object: {@code replayed}, {@code changed}, {@code by_kind}, {@code by_policy}, {@code uncertain}, {@code examples}. */
    public ObjectNode json() {
        ObjectNode root = JSON.objectNode();
        root.put("replayed", replayed());
        root.put("changed", changed());
        root.put("unchanged", replayed() - changed());
        ObjectNode kinds = root.putObject("by_kind");
        byKind().forEach((k, n) -> kinds.put(k.wire, n));
        ObjectNode policies = root.putObject("by_policy");
        byPolicy().forEach((p, ks) -> {
            ObjectNode node = policies.putObject(p);
            ks.forEach((k, n) -> node.put(k.wire, n));
        });
        root.put("uncertain", uncertain());
        root.put("uncertain_changed", (int) outcomes.stream().filter(o -> o.changed() && o.uncertain()).count());
        ObjectNode why = root.putObject("uncertain_reasons");
        doubts().forEach(why::put);
        root.put("without_payload", withoutPayload);
        root.put("no_policies", noPolicies);
        ObjectNode examples = root.putObject("examples");
        for (Kind k : Kind.values()) {
            ArrayNode list = examples.putArray(k.wire);
            examples(k).forEach(o -> list.add(change(o, false)));
        }
        return root;
    }

    /** The changed calls, each with its stored event, both answers and the replay's trace: what the playground opens. */
    public ArrayNode changes(int max) {
        ArrayNode list = JSON.arrayNode();
        outcomes.stream().filter(Outcome::changed).limit(max).forEach(o -> list.add(change(o, true)));
        return list;
    }

    private List<Outcome> examples(Kind kind) {
        return outcomes.stream().filter(o -> o.kind() == kind).limit(examplesPerKind).toList();
    }

    private static ObjectNode change(Outcome o, boolean details) {
        ObjectNode node = JSON.objectNode();
        node.put("id", o.original().id());
        node.put("time", o.original().time().toString());
        node.put("trigger", o.original().trigger().wireName());
        node.put("kind", o.kind() == null ? null : o.kind().wire);
        node.put("policy", o.policy());
        ArrayNode fields = node.putArray("differences");
        for (Replayer.Difference d : o.differences()) {
            ObjectNode f = fields.addObject();
            f.put("field", d.field());
            f.set("before", d.before());
            f.set("after", d.after());
        }
        ArrayNode doubts = node.putArray("uncertain");
        o.doubts().forEach(doubts::add);
        if (details) {
            node.set("original", o.original().event());
            node.set("original_answer", o.original().answer());
            ObjectNode replayed = node.putObject("replayed");
            replayed.set("result", o.answer());
            replayed.set("failure", o.failure().map(f -> (JsonNode) JSON.objectNode().put("code", f.code().code())
                    .put("message", f.located())).orElse(JSON.nullNode()));
            ArrayNode trace = replayed.putArray("trace");
            for (PolicyTrace t : o.trace()) {
                ObjectNode entry = trace.addObject();
                entry.put("policy", t.policy());
                entry.put("outcome", t.outcome().wire());
                ArrayNode console = entry.putArray("console");
                t.console().forEach(console::add);
            }
        }
        return node;
    }

    /** The report for a terminal: counts, policies, reasons for doubt, then examples of each kind. */
    public void print(PrintWriter out, String against) {
        out.println("Replayed " + replayed() + " stored " + (replayed() == 1 ? "call" : "calls") + " against " + against
                + skippedNote());
        out.println("Changed: " + changed() + " of " + replayed());
        Map<String, Map<Kind, Integer>> byPolicy = byPolicy();
        for (Map.Entry<Kind, Integer> k : byKind().entrySet()) {
            List<String> who = new ArrayList<>();
            byPolicy.forEach((p, ks) -> {
                if (ks.containsKey(k.getKey())) {
                    who.add(p + " " + ks.get(k.getKey()));
                }
            });
            out.printf("  %-44s %5d%s%n", k.getKey().label, k.getValue(), who.isEmpty() ? "" : "   by " + String.join(", ", who));
        }
        long uncertainChanged = outcomes.stream().filter(o -> o.changed() && o.uncertain()).count();
        out.println("Uncertain: " + uncertain() + (uncertain() == 0 ? " (every replay saw what the original call saw)"
                : " (" + uncertainChanged + " of them changed)"));
        doubts().forEach((why, n) -> out.println("  " + n + " × " + why));
        for (Kind k : Kind.values()) {
            List<Outcome> examples = examples(k);
            if (!examples.isEmpty()) {
                out.println();
                out.println(k.label + ", for example:");
                examples.forEach(o -> printExample(out, o));
            }
        }
        out.flush();
    }

    private String skippedNote() {
        List<String> notes = new ArrayList<>();
        if (withoutPayload > 0) {
            notes.add(withoutPayload + " matching without a payload were not replayed (INTERLOCK_LOG_PAYLOADS)");
        }
        if (noPolicies > 0) {
            notes.add(noPolicies + " of triggers without policies here were not replayed");
        }
        return notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")";
    }

    private static void printExample(PrintWriter out, Outcome o) {
        out.println("  " + o.original().id() + "  " + o.original().time() + "  " + o.original().trigger().wireName()
                + "  by " + o.policy() + (o.uncertain() ? "  (uncertain)" : ""));
        for (Replayer.Difference d : o.differences()) {
            out.println("    " + d.field() + ": " + shown(d.before()) + " → " + shown(d.after()));
        }
        o.failure().ifPresent(f -> out.println("    failure: " + f.code().code() + ": " + f.located()));
        o.doubts().forEach(d -> out.println("    uncertain: " + d));
    }

    private static String shown(JsonNode value) {
        if (value == null) {
            return "(absent)";
        }
        String text = value.toString();
        return text.length() > 120 ? text.substring(0, 119) + "…" : text;
    }
}
