package io.interlock.decision;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interlock.trigger.Trigger;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** PRE_SIGNUP: ALLOW may provision the user into an existing organization. */
public record PreSignupResponse(
        Verdict verdict, Optional<String> errorMessage, Optional<Membership> membership)
        implements TriggerResponse {

    public PreSignupResponse {
        Objects.requireNonNull(membership, "membership");
        Wire.requireConsistent(verdict, errorMessage, membership.isPresent());
    }

    @Override
    public Trigger trigger() {
        return Trigger.PRE_SIGNUP;
    }

    @Override
    public ObjectNode toWire() {
        ObjectNode wire = Wire.envelope(verdict, errorMessage);
        membership.ifPresent(m ->
                Wire.response(wire).set(ResponseParts.MEMBERSHIP, m.toWire()));
        return wire;
    }

    /** {@code create_organization_membership}: exactly one organization reference, and roles. */
    public record Membership(
            Optional<String> organizationId, Optional<String> externalOrganizationId, List<String> roles) {

        public Membership {
            Objects.requireNonNull(organizationId, "organizationId");
            Objects.requireNonNull(externalOrganizationId, "externalOrganizationId");
            if (organizationId.isPresent() == externalOrganizationId.isPresent()) {
                throw new IllegalArgumentException(
                        "exactly one of organizationId, externalOrganizationId required");
            }
            roles = List.copyOf(roles);
        }

        ObjectNode toWire() {
            ObjectNode wire = Wire.NODES.objectNode();
            organizationId.ifPresent(id -> wire.put("organization_id", id));
            externalOrganizationId.ifPresent(id -> wire.put("external_organization_id", id));
            roles.forEach(wire.putArray("roles")::add);
            return wire;
        }
    }
}
