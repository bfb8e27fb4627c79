package io.interlock.decision;

import static io.interlock.decision.Cases.json;
import static io.interlock.trigger.Trigger.PRE_M2M_TOKEN_CREATION;
import static io.interlock.trigger.Trigger.PRE_SESSION_CREATION;
import static io.interlock.trigger.Trigger.PRE_SIGNUP;
import static io.interlock.trigger.Trigger.PRE_USER_INVITATION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interlock.decision.PreSignupResponse.Membership;
import io.interlock.trigger.Trigger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** toWire(): the exact body sent to the platform, and that it validates back to the same decision. */
class WireShapeTest {

    /** Canonical bodies: validate(x).toWire() must equal x byte for byte. */
    static Stream<Arguments> canonical() {
        return Stream.of(
                Arguments.of(PRE_SIGNUP, SeedExamplesTest.SIGNUP_ALLOW),
                Arguments.of(PRE_SIGNUP, SeedExamplesTest.SIGNUP_DENY),
                Arguments.of(PRE_SIGNUP, "{'decision':'ALLOW','response':{'create_organization_membership':"
                        + "{'external_organization_id':'acme','roles':['member']}}}"),
                Arguments.of(PRE_SESSION_CREATION, SeedExamplesTest.SESSION),
                Arguments.of(PRE_SESSION_CREATION, "{'decision':'ALLOW','response':{'claims':{'z':null,'a':{'b':[1.5,true]}}}}"),
                Arguments.of(PRE_USER_INVITATION, SeedExamplesTest.INVITATION),
                Arguments.of(PRE_USER_INVITATION, "{'decision':'ALLOW'}"),
                Arguments.of(PRE_M2M_TOKEN_CREATION, SeedExamplesTest.M2M),
                Arguments.of(PRE_M2M_TOKEN_CREATION, "{'decision':'DENY'}"));
    }

    /** Accepted spellings of "nothing" that go out in their shortest form. */
    static Stream<Arguments> normalised() {
        return Stream.of(
                Arguments.of(PRE_SESSION_CREATION, "{'decision':'ALLOW','response':{'claims':{}}}", "{'decision':'ALLOW'}"),
                Arguments.of(PRE_SIGNUP, "{'decision':'ALLOW','response':{}}", "{'decision':'ALLOW'}"),
                Arguments.of(PRE_USER_INVITATION, "{'decision':'DENY','error':null}", "{'decision':'DENY'}"),
                Arguments.of(PRE_M2M_TOKEN_CREATION, "{'response':null,'decision':'ALLOW'}", "{'decision':'ALLOW'}"));
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @MethodSource("canonical")
    void roundTripsCanonicalBodies(Trigger trigger, String body) {
        TriggerResponse response = valid(trigger, json(body));
        assertEquals(json(body), response.toWire());
        assertEquals(response, valid(trigger, response.toWire()));
    }

    @ParameterizedTest(name = "[{index}] {0} {1} -> {2}")
    @MethodSource("normalised")
    void dropsEmptyParts(Trigger trigger, String body, String wire) {
        assertEquals(json(wire), valid(trigger, json(body)).toWire());
    }

    @ParameterizedTest
    @EnumSource(Trigger.class)
    void factoriesProduceTheMinimalBodies(Trigger trigger) {
        assertEquals(json("{'decision':'ALLOW'}"), TriggerResponse.allow(trigger).toWire());
        assertEquals(json("{'decision':'DENY'}"), TriggerResponse.deny(trigger, null).toWire());
        assertEquals(json("{'decision':'DENY'}"), TriggerResponse.deny(trigger, "  ").toWire());
        assertEquals(json("{'decision':'DENY','error':{'message':'no'}}"), TriggerResponse.deny(trigger, "no").toWire());
        assertEquals(trigger, TriggerResponse.allow(trigger).trigger());
    }

    @Test
    void recordsRefuseShapesThePlatformWouldRefuse() {
        Map<String, JsonNode> claims = Map.of("tier", IntNode.valueOf(1));
        assertThrows(IllegalArgumentException.class,
                () -> new PreSessionCreationResponse(Verdict.ALLOW, Optional.of("no"), Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new PreM2mTokenCreationResponse(Verdict.DENY, Optional.empty(), claims));
        assertThrows(IllegalArgumentException.class,
                () -> new PreUserInvitationResponse(Verdict.DENY, Optional.of(" ")));
        assertThrows(IllegalArgumentException.class,
                () -> new Membership(Optional.of("org_1"), Optional.of("ext_1"), List.of("a")));
        assertThrows(IllegalArgumentException.class, () -> new Validation.Invalid(List.of()));
    }

    @Test
    void claimsAreAnOrderedSnapshotOfTheCallersNodes() {
        ObjectNode value = (ObjectNode) json("{'k':1}");
        JsonNode snapshot = json("{'decision':'ALLOW','response':{'claims':{'b':1,'a':2}}}");
        var response = (PreSessionCreationResponse) valid(PRE_SESSION_CREATION, snapshot);
        ((ObjectNode) snapshot.at("/response/claims")).put("b", 99);
        assertEquals(List.of("b", "a"), List.copyOf(response.claims().keySet()));
        assertEquals(IntNode.valueOf(1), response.claims().get("b"));
        assertThrows(UnsupportedOperationException.class, () -> response.claims().put("c", value));
    }

    private static TriggerResponse valid(Trigger trigger, JsonNode body) {
        Validation validation = Cases.VALIDATOR.validate(trigger, body, Cases.seedRequest(trigger));
        return assertInstanceOf(Validation.Valid.class, validation, () -> Cases.outcome(validation)).response();
    }
}
