package io.interlock.decision;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interlock.trigger.Trigger;
import java.util.Optional;

/** PRE_USER_INVITATION: the platform accepts only a decision and an error message. */
public record PreUserInvitationResponse(Verdict verdict, Optional<String> errorMessage)
        implements TriggerResponse {

    public PreUserInvitationResponse {
        Wire.requireConsistent(verdict, errorMessage, false);
    }

    @Override
    public Trigger trigger() {
        return Trigger.PRE_USER_INVITATION;
    }

    @Override
    public ObjectNode toWire() {
        return Wire.envelope(verdict, errorMessage);
    }
}
