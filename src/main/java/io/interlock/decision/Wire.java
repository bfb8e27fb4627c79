package io.interlock.decision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The wire shape shared by every trigger's response, and the invariants behind it. */
final class Wire {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Wire() {}

    /**
     * Construction-time guard: a typed response must never be one the platform would refuse,
     * whoever builds it (the validator, the merge, or the engine's fallbacks).
     */
    static void requireConsistent(Verdict verdict, Optional<String> errorMessage, boolean hasAdditions) {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(errorMessage, "errorMessage");
        if (verdict == Verdict.ALLOW && errorMessage.isPresent()) {
            throw new IllegalArgumentException("an error message is only sent with DENY");
        }
        if (verdict == Verdict.DENY && hasAdditions) {
            throw new IllegalArgumentException("a response object is only sent with ALLOW");
        }
        if (errorMessage.filter(String::isBlank).isPresent()) {
            throw new IllegalArgumentException("an error message must not be blank");
        }
    }

    static ObjectNode envelope(Verdict verdict, Optional<String> errorMessage) {
        ObjectNode wire = NODES.objectNode();
        wire.put("decision", verdict.name());
        errorMessage.ifPresent(message -> wire.putObject("error").put("message", message));
        return wire;
    }

    static ObjectNode response(ObjectNode wire) {
        JsonNode existing = wire.get("response");
        return existing instanceof ObjectNode object ? object : wire.putObject("response");
    }

    static ObjectNode withClaims(ObjectNode wire, Map<String, JsonNode> claims) {
        if (!claims.isEmpty()) {
            ObjectNode out = response(wire).putObject(ResponseParts.CLAIMS);
            claims.forEach((name, value) -> out.set(name, value.deepCopy()));
        }
        return wire;
    }

    static Map<String, JsonNode> copyClaims(Map<String, JsonNode> claims) {
        Objects.requireNonNull(claims, "claims");
        Map<String, JsonNode> copy = new LinkedHashMap<>();
        claims.forEach((name, value) -> copy.put(
                Objects.requireNonNull(name, "claim name"),
                Objects.requireNonNull(value, "claim value (use NullNode for JSON null)").deepCopy()));
        return Collections.unmodifiableMap(copy);
    }
}
