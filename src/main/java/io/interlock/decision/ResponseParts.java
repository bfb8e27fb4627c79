package io.interlock.decision;

import com.fasterxml.jackson.databind.JsonNode;
import io.interlock.decision.PreSignupResponse.Membership;
import io.interlock.trigger.Trigger;
import java.util.Map;
import java.util.Optional;

/** What an ALLOW adds under {@code response}, independent of which trigger's record holds it. */
record ResponseParts(Optional<Membership> membership, Map<String, JsonNode> claims) {
    static final String MEMBERSHIP = "create_organization_membership";
    static final String CLAIMS = "claims";
    static final ResponseParts NONE = new ResponseParts(Optional.empty(), Map.of());

    TriggerResponse toResponse(Trigger trigger, Verdict verdict, Optional<String> errorMessage) {
        return switch (trigger) {
            case PRE_SIGNUP -> new PreSignupResponse(verdict, errorMessage, membership);
            case PRE_SESSION_CREATION -> new PreSessionCreationResponse(verdict, errorMessage, claims);
            case PRE_USER_INVITATION -> new PreUserInvitationResponse(verdict, errorMessage);
            case PRE_M2M_TOKEN_CREATION -> new PreM2mTokenCreationResponse(verdict, errorMessage, claims);
        };
    }

    /** The trigger fixes the record type, so this switch stays exhaustive as triggers are added. */
    static ResponseParts of(TriggerResponse response) {
        return switch (response.trigger()) {
            case PRE_SIGNUP -> new ResponseParts(((PreSignupResponse) response).membership(), Map.of());
            case PRE_SESSION_CREATION ->
                    new ResponseParts(Optional.empty(), ((PreSessionCreationResponse) response).claims());
            case PRE_USER_INVITATION -> NONE;
            case PRE_M2M_TOKEN_CREATION ->
                    new ResponseParts(Optional.empty(), ((PreM2mTokenCreationResponse) response).claims());
        };
    }

    /** The keys {@code response} may hold for a trigger; anything else there is refused. */
    static Optional<String> keyFor(Trigger trigger) {
        return switch (trigger) {
            case PRE_SIGNUP -> Optional.of(MEMBERSHIP);
            case PRE_SESSION_CREATION, PRE_M2M_TOKEN_CREATION -> Optional.of(CLAIMS);
            case PRE_USER_INVITATION -> Optional.empty();
        };
    }
}
