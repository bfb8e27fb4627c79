package io.interlock.decision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interlock.trigger.Trigger;
import java.util.ArrayList;
import java.util.List;

/**
 * Auth0's answer to a claim it will not set, for Auth0 Actions only: Auth0 leaves a restricted
 * claim out of the token and goes on with the login, so an Action ported unchanged must not turn
 * into a refused login here. Its reserved claims are dropped (and named, for a note in the trace);
 * everything else is validated as for any policy. Native policies keep the strict answer
 * ({@code invalid_decision}): their authors write for Interlock.
 */
public final class ActionClaims {

    /** The result without the reserved claims, and their names. */
    public record Dropped(JsonNode result, List<String> names) {}

    private ActionClaims() {}

    public static Dropped withoutReserved(Trigger trigger, JsonNode result) {
        JsonNode claims = result == null ? null : result.path("response").get("claims");
        if (claims == null || !claims.isObject()) {
            return new Dropped(result, List.of());
        }
        List<String> names = new ArrayList<>();
        claims.fieldNames().forEachRemaining(name -> {
            if (ReservedClaims.isReserved(trigger, name)) {
                names.add(name);
            }
        });
        if (names.isEmpty()) {
            return new Dropped(result, names);
        }
        JsonNode copy = result.deepCopy();
        ObjectNode kept = (ObjectNode) copy.path("response").get("claims");
        names.forEach(kept::remove);
        return new Dropped(copy, List.copyOf(names));
    }
}
