package io.interlock.decision;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interlock.trigger.Trigger;
import java.util.Optional;

/**
 * A validated decision for one trigger, in the shape the platform accepts for it.
 *
 * <p>The records enforce the pairing rules in their constructors (error text only with DENY,
 * additions only with ALLOW), so a response that exists is one the platform can be sent.
 */
public sealed interface TriggerResponse
        permits PreSignupResponse, PreSessionCreationResponse, PreUserInvitationResponse,
                PreM2mTokenCreationResponse {

    Trigger trigger();

    Verdict verdict();

    /** Text shown to the end user on DENY; empty means the platform's generic text. */
    Optional<String> errorMessage();

    /** The wire body of DESIGN.md §1; absent parts are omitted, never written as null. */
    ObjectNode toWire();

    /** ALLOW with nothing added. */
    static TriggerResponse allow(Trigger trigger) {
        return ResponseParts.NONE.toResponse(trigger, Verdict.ALLOW, Optional.empty());
    }

    /** DENY; a null or blank message leaves the error out so the platform shows its own text. */
    static TriggerResponse deny(Trigger trigger, String message) {
        Optional<String> shown = Optional.ofNullable(message).filter(m -> !m.isBlank());
        return ResponseParts.NONE.toResponse(trigger, Verdict.DENY, shown);
    }
}
