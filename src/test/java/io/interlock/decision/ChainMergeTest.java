package io.interlock.decision;

import static io.interlock.decision.Cases.json;
import static io.interlock.trigger.Trigger.PRE_M2M_TOKEN_CREATION;
import static io.interlock.trigger.Trigger.PRE_SESSION_CREATION;
import static io.interlock.trigger.Trigger.PRE_SIGNUP;
import static io.interlock.trigger.Trigger.PRE_USER_INVITATION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.interlock.trigger.Trigger;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Chain merge of ALLOW results. Rows: trigger, the chain's results as bodies, expected merged
 * wire body or violations. A body of "null" stands for a null entry.
 */
class ChainMergeTest {
    private static final String MEMBER_A = "{'decision':'ALLOW','response':{'create_organization_membership':"
            + "{'organization_id':'org_a','roles':['member']}}}";
    private static final String MEMBER_B = MEMBER_A.replace("org_a", "org_b");

    static Stream<Arguments> chains() {
        return Stream.of(
                Arguments.of(PRE_SESSION_CREATION, List.of(claims("{'a':1,'b':1}"), claims("{'b':2,'c':3}")),
                        "{'decision':'ALLOW','response':{'claims':{'a':1,'b':2,'c':3}}}"),
                Arguments.of(PRE_SESSION_CREATION, List.of(claims("{'a':1}"), "{'decision':'ALLOW'}", claims("{'a':{'x':1}}")),
                        "{'decision':'ALLOW','response':{'claims':{'a':{'x':1}}}}"),
                Arguments.of(PRE_M2M_TOKEN_CREATION,
                        List.of(claims("{'scope':'write:logs read:deployments'}"), claims("{'scope':'write:logs'}")),
                        "{'decision':'ALLOW','response':{'claims':{'scope':'write:logs'}}}"),
                Arguments.of(PRE_SIGNUP, List.of("{'decision':'ALLOW'}", MEMBER_A), MEMBER_A),
                Arguments.of(PRE_SIGNUP, List.of(MEMBER_A, MEMBER_B),
                        "response.create_organization_membership: set by more than one policy"),
                Arguments.of(PRE_SIGNUP, List.of(MEMBER_A, MEMBER_B, MEMBER_A),
                        "response.create_organization_membership: set by more than one policy"),
                Arguments.of(PRE_USER_INVITATION, List.of("{'decision':'ALLOW'}", "{'decision':'ALLOW'}"), "{'decision':'ALLOW'}"),
                Arguments.of(PRE_SESSION_CREATION, List.of(claims("{'a':1}"), "{'decision':'DENY'}"),
                        "results[1]: only ALLOW results merge; the first DENY ends the chain"),
                Arguments.of(PRE_SESSION_CREATION, List.of("null"), "results[0]: must not be null"),
                Arguments.of(PRE_SESSION_CREATION, List.of(claims(numbered(0, 60)), claims(numbered(60, 120))),
                        "response.claims: more than 100 claims"),
                Arguments.of(PRE_SESSION_CREATION, List.of(claims(big("a")), claims(big("b"))),
                        "response.claims: larger than 16384 bytes serialized"));
    }

    @ParameterizedTest(name = "[{index}] {0} {1} -> {2}")
    @MethodSource("chains")
    void merges(Trigger trigger, List<String> bodies, String expected) {
        List<TriggerResponse> results = new ArrayList<>();
        for (String body : bodies) {
            results.add(body.equals("null") ? null : validated(trigger, body));
        }
        assertEquals(expected, rendered(Cases.VALIDATOR.merge(trigger, results)));
    }

    @ParameterizedTest
    @EnumSource(Trigger.class)
    void anEmptyChainAllows(Trigger trigger) {
        Validation merged = Cases.VALIDATOR.merge(trigger, List.of());
        assertEquals(TriggerResponse.allow(trigger), assertInstanceOf(Validation.Valid.class, merged).response());
    }

    @ParameterizedTest
    @EnumSource(value = Trigger.class, names = "PRE_SIGNUP", mode = EnumSource.Mode.EXCLUDE)
    void refusesAnotherTriggersResult(Trigger trigger) {
        Validation merged = Cases.VALIDATOR.merge(trigger, List.of(TriggerResponse.allow(PRE_SIGNUP)));
        assertEquals("results[0]: a PRE_SIGNUP result, not " + trigger.wireName(), Cases.outcome(merged));
    }

    private static TriggerResponse validated(Trigger trigger, String body) {
        Validation validation = Cases.validate(trigger, body);
        return assertInstanceOf(Validation.Valid.class, validation, () -> Cases.outcome(validation)).response();
    }

    /** The merged wire body, in the tables' single-quoted spelling, or the violations. */
    private static String rendered(Validation validation) {
        if (validation instanceof Validation.Valid valid) {
            return valid.response().toWire().toString().replace('"', '\'');
        }
        return Cases.outcome(validation);
    }

    private static String claims(String claims) {
        return Cases.allowWithClaims(claims);
    }

    private static String numbered(int from, int to) {
        StringBuilder claims = new StringBuilder("{");
        for (int i = from; i < to; i++) {
            claims.append(i == from ? "" : ",").append("'c").append(i).append("':").append(i);
        }
        return claims.append("}").toString();
    }

    /** One claim of about 9 KiB: fine alone, too much together. */
    private static String big(String name) {
        return "{'" + name + "':'" + "x".repeat(9000) + "'}";
    }
}
