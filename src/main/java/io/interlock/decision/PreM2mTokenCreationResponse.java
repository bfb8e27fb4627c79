package io.interlock.decision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interlock.trigger.Trigger;
import java.util.Map;
import java.util.Optional;

/**
 * PRE_M2M_TOKEN_CREATION: ALLOW may add claims, narrow {@code scope} and set {@code aud}.
 *
 * <p>{@code claims} is an ordered, unmodifiable copy; its values are deep copies taken at
 * construction.
 */
public record PreM2mTokenCreationResponse(
        Verdict verdict, Optional<String> errorMessage, Map<String, JsonNode> claims)
        implements TriggerResponse {

    public PreM2mTokenCreationResponse {
        claims = Wire.copyClaims(claims);
        Wire.requireConsistent(verdict, errorMessage, !claims.isEmpty());
    }

    @Override
    public Trigger trigger() {
        return Trigger.PRE_M2M_TOKEN_CREATION;
    }

    @Override
    public ObjectNode toWire() {
        return Wire.withClaims(Wire.envelope(verdict, errorMessage), claims);
    }
}
