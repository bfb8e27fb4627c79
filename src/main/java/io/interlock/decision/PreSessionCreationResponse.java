package io.interlock.decision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interlock.trigger.Trigger;
import java.util.Map;
import java.util.Optional;

/**
 * PRE_SESSION_CREATION: ALLOW may add custom claims to the access and ID tokens.
 *
 * <p>{@code claims} is an ordered, unmodifiable copy; its values are deep copies taken at
 * construction, so later changes to the caller's nodes do not leak in.
 */
public record PreSessionCreationResponse(
        Verdict verdict, Optional<String> errorMessage, Map<String, JsonNode> claims)
        implements TriggerResponse {

    public PreSessionCreationResponse {
        claims = Wire.copyClaims(claims);
        Wire.requireConsistent(verdict, errorMessage, !claims.isEmpty());
    }

    @Override
    public Trigger trigger() {
        return Trigger.PRE_SESSION_CREATION;
    }

    @Override
    public ObjectNode toWire() {
        return Wire.withClaims(Wire.envelope(verdict, errorMessage), claims);
    }
}
