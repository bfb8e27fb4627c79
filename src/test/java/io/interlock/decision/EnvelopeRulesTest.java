package io.interlock.decision;

import static io.interlock.decision.Cases.VALID;
import static io.interlock.decision.Cases.denyWithMessage;
import static io.interlock.decision.Cases.quote;
import static io.interlock.decision.Cases.row;
import static io.interlock.trigger.Trigger.PRE_M2M_TOKEN_CREATION;
import static io.interlock.trigger.Trigger.PRE_SESSION_CREATION;
import static io.interlock.trigger.Trigger.PRE_SIGNUP;
import static io.interlock.trigger.Trigger.PRE_USER_INVITATION;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.interlock.trigger.Trigger;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Root shape, decision, error, and which triggers and verdicts may carry a response. */
class EnvelopeRulesTest {
    private static final String MUST_BE = "decision: must be \"ALLOW\" or \"DENY\"";

    static Stream<Arguments> root() {
        return Stream.of(
                row(PRE_SIGNUP, "[]", "(root): must be an object"),
                row(PRE_SIGNUP, "'ALLOW'", "(root): must be an object"),
                row(PRE_SESSION_CREATION, "null", "(root): must be an object"),
                row(PRE_M2M_TOKEN_CREATION, "42", "(root): must be an object"),
                row(PRE_SIGNUP, "{'decision':'ALLOW','extra':1}", "extra: unknown field"),
                row(PRE_SESSION_CREATION, "{'a b':1,'decision':'DENY'}", "[\"a b\"]: unknown field"),
                row(PRE_USER_INVITATION, "{'Decision':'ALLOW'}", "Decision: unknown field | decision: required"));
    }

    static Stream<Arguments> decision() {
        return Stream.of(
                row(PRE_SIGNUP, "{'decision':'ALLOW'}", VALID),
                row(PRE_SIGNUP, "{'decision':'DENY'}", VALID),
                row(PRE_SESSION_CREATION, "{'decision':'ALLOW'}", VALID),
                row(PRE_SESSION_CREATION, "{'decision':'DENY'}", VALID),
                row(PRE_USER_INVITATION, "{'decision':'ALLOW'}", VALID),
                row(PRE_USER_INVITATION, "{'decision':'DENY'}", VALID),
                row(PRE_M2M_TOKEN_CREATION, "{'decision':'ALLOW'}", VALID),
                row(PRE_M2M_TOKEN_CREATION, "{'decision':'DENY'}", VALID),
                row(PRE_SIGNUP, "{}", "decision: required"),
                row(PRE_SIGNUP, "{'decision':null}", "decision: required"),
                row(PRE_SIGNUP, "{'decision':'allow'}", MUST_BE),
                row(PRE_SESSION_CREATION, "{'decision':' DENY'}", MUST_BE),
                row(PRE_USER_INVITATION, "{'decision':true}", MUST_BE),
                row(PRE_M2M_TOKEN_CREATION, "{'decision':['ALLOW']}", MUST_BE),
                row(PRE_M2M_TOKEN_CREATION, "{'decision':1}", MUST_BE));
    }

    static Stream<Arguments> error() {
        return Stream.of(
                row(PRE_SIGNUP, denyWithMessage("'Only @acmecorp.com sign-ups'"), VALID),
                row(PRE_USER_INVITATION, denyWithMessage("'line one\\nline two\\tend'"), VALID),
                row(PRE_SESSION_CREATION, "{'decision':'DENY','error':null}", VALID),
                row(PRE_SESSION_CREATION, "{'decision':'ALLOW','error':{'message':'no'}}",
                        "error: only allowed with DENY"),
                row(PRE_SIGNUP, "{'decision':'DENY','error':{}}", "error.message: required"),
                row(PRE_SIGNUP, "{'decision':'DENY','error':'nope'}", "error: must be an object"),
                row(PRE_M2M_TOKEN_CREATION, "{'decision':'DENY','error':{'message':'m','code':7}}",
                        "error.code: unknown field"),
                row(PRE_M2M_TOKEN_CREATION, denyWithMessage("42"), "error.message: must be a string"),
                row(PRE_USER_INVITATION, denyWithMessage("''"), "error.message: must not be blank"),
                row(PRE_USER_INVITATION, denyWithMessage("' \\n '"), "error.message: must not be blank"),
                row(PRE_SIGNUP, denyWithMessage("'ding\\u0007'"), "error.message: control character U+0007 not allowed"),
                row(PRE_SIGNUP, denyWithMessage("'a\\r\\nb'"), "error.message: control character U+000D not allowed"),
                row(PRE_SIGNUP, denyWithMessage("'half \\ud83d'"), "error.message: unpaired surrogate not allowed"),
                row(PRE_SIGNUP, denyWithMessage(quote("x".repeat(1000))), VALID),
                row(PRE_SIGNUP, denyWithMessage(quote("\uD83D\uDE00".repeat(1000))), VALID),
                row(PRE_SIGNUP, denyWithMessage(quote("x".repeat(1001))), "error.message: longer than 1000 characters"));
    }

    static Stream<Arguments> responsePairing() {
        return Stream.of(
                row(PRE_SIGNUP, "{'decision':'ALLOW','response':{}}", VALID),
                row(PRE_SESSION_CREATION, "{'decision':'ALLOW','response':null}", VALID),
                row(PRE_USER_INVITATION, "{'decision':'ALLOW','response':{}}",
                        "response: not allowed for PRE_USER_INVITATION"),
                row(PRE_USER_INVITATION, "{'decision':'DENY','response':{'claims':{}}}",
                        "response: not allowed for PRE_USER_INVITATION"),
                row(PRE_SESSION_CREATION, "{'decision':'DENY','response':{'claims':{'tier':'gold'}}}",
                        "response: only allowed with ALLOW"),
                row(PRE_M2M_TOKEN_CREATION, "{'decision':'ALLOW','response':[]}", "response: must be an object"),
                row(PRE_M2M_TOKEN_CREATION, "{'decision':'ALLOW','response':{'claimz':{}}}",
                        "response.claimz: unknown field"),
                row(PRE_SIGNUP, "{'decision':'ALLOW','response':{'claims':{'tier':'gold'}}}",
                        "response.claims: only for PRE_SESSION_CREATION and PRE_M2M_TOKEN_CREATION"),
                row(PRE_SESSION_CREATION, "{'decision':'ALLOW','response':{'create_organization_membership':{}}}",
                        "response.create_organization_membership: only for PRE_SIGNUP"),
                row(PRE_M2M_TOKEN_CREATION, "{'decision':'ALLOW','response':{'create_organization_membership':null}}",
                        "response.create_organization_membership: only for PRE_SIGNUP"));
    }

    /** Every violation is reported, in walk order: unknown fields, decision, error, response. */
    static Stream<Arguments> allAtOnce() {
        return Stream.of(
                row(PRE_SESSION_CREATION,
                        "{'x':1,'decision':'maybe','error':{'message':''},'response':{'claims':{'exp':1}}}",
                        "x: unknown field | " + MUST_BE + " | error.message: must not be blank"
                                + " | response.claims.exp: reserved claim"),
                row(PRE_SESSION_CREATION,
                        "{'decision':'ALLOW','error':{'message':'no'},'response':{'claims':{'iss':'me','sub':'u'}}}",
                        "error: only allowed with DENY | response.claims.iss: reserved claim"
                                + " | response.claims.sub: reserved claim"));
    }

    @ParameterizedTest(name = "[{index}] {0} {1} -> {2}")
    @MethodSource({"root", "decision", "error", "responsePairing", "allAtOnce"})
    void validates(Trigger trigger, String snapshot, String expected) {
        assertEquals(expected, Cases.outcome(Cases.validate(trigger, snapshot)));
    }
}
