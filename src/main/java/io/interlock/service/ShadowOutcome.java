package io.interlock.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A shadow chain's run on a call, beside the live one: what the platform would have got from it
 * (after on-error, as the live answer), and whether that is what it did get. {@code differs}
 * names the parts of the answer that differ: {@code decision}, {@code error_message},
 * {@code claims}, {@code membership} (empty when it agrees). A 503 of on-error=error is an answer
 * too: two of them agree.
 */
public record ShadowOutcome(Decided decided, boolean agrees, List<String> differs) {

    public ShadowOutcome {
        differs = List.copyOf(differs);
    }

    /** The shadow's {@code shadow} run compared with the {@code live} answer of the same call. */
    public static ShadowOutcome of(Decided live, Decided shadow) {
        JsonNode a = wire(live);
        JsonNode b = wire(shadow);
        List<String> differs = new ArrayList<>();
        compare(differs, "decision", a.path("decision"), b.path("decision"));
        compare(differs, "error_message", a.path("error").path("message"), b.path("error").path("message"));
        compare(differs, "claims", a.path("response").path("claims"), b.path("response").path("claims"));
        compare(differs, "membership", a.path("response").path("create_organization_membership"),
                b.path("response").path("create_organization_membership"));
        return new ShadowOutcome(shadow, differs.isEmpty(), differs);
    }

    private static JsonNode wire(Decided decided) {
        return decided.answer().<JsonNode>map(answer -> answer.toWire()).orElse(MissingNode.getInstance());
    }

    private static void compare(List<String> differs, String part, JsonNode a, JsonNode b) {
        if (!a.equals(b)) {
            differs.add(part);
        }
    }
}
