package io.interlock.decision;

import static io.interlock.decision.Cases.VALID;
import static io.interlock.decision.Cases.allowWithClaims;
import static io.interlock.decision.Cases.row;
import static io.interlock.trigger.Trigger.PRE_M2M_TOKEN_CREATION;
import static io.interlock.trigger.Trigger.PRE_SESSION_CREATION;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.interlock.trigger.Trigger;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code response.claims} on the two token triggers: names, reserved names, value bounds. */
class ClaimRulesTest {
    private static final String AT = "response.claims";

    /** Reserved on both token triggers. */
    private static final String[] RESERVED_EVERYWHERE = {
        "iss", "sub", "exp", "nbf", "iat", "jti", "azp", "nonce", "auth_time", "at_hash", "c_hash",
        "acr", "amr", "sid", "cnf", "act", "may_act", "client_id", "scopes", "oid", "xoid", "xuid",
        "roles", "permissions", "email", "email_verified", "phone_number", "phone_number_verified",
        "custom_claims"};

    static Stream<Arguments> reserved() {
        Stream<Arguments> both = Stream.of(RESERVED_EVERYWHERE).flatMap(name -> Stream.of(
                reservedRow(PRE_SESSION_CREATION, name), reservedRow(PRE_M2M_TOKEN_CREATION, name)));
        Stream<Arguments> sessionOnly = Stream.of(
                reservedRow(PRE_SESSION_CREATION, "aud"), reservedRow(PRE_SESSION_CREATION, "scope"));
        return Stream.concat(both, sessionOnly);
    }

    static Stream<Arguments> names() {
        return Stream.of(
                row(PRE_SESSION_CREATION, allowWithClaims("{'EXP':1,'Email':'x','tenant.tier':'gold'}"), VALID),
                row(PRE_SESSION_CREATION, allowWithClaims("{'':1}"), AT + "[\"\"]: claim name must not be empty"),
                row(PRE_M2M_TOKEN_CREATION, allowWithClaims("{'" + "n".repeat(256) + "':1}"), VALID),
                row(PRE_M2M_TOKEN_CREATION, allowWithClaims("{'" + "n".repeat(257) + "':1}"),
                        AT + "[\"" + "n".repeat(64) + "…\"]: claim name longer than 256 characters"),
                row(PRE_SESSION_CREATION, allowWithClaims("{'bad\\u0001name':1}"),
                        AT + "[\"bad\\u0001name\"]: claim name: control character U+0001 not allowed"));
    }

    static Stream<Arguments> values() {
        return Stream.of(
                row(PRE_SESSION_CREATION, allowWithClaims("{'n':null,'b':true,'i':-1.5,'o':{'k':[1,'two']}}"), VALID),
                row(PRE_SESSION_CREATION, allowWithClaims("{}"), VALID),
                row(PRE_SESSION_CREATION, allowWithClaims("null"), VALID),
                row(PRE_SESSION_CREATION, allowWithClaims("[]"), AT + ": must be an object"),
                row(PRE_M2M_TOKEN_CREATION, allowWithClaims("'tier=gold'"), AT + ": must be an object"),
                row(PRE_SESSION_CREATION, allowWithClaims("{'deep':" + nested(8) + "}"), VALID),
                row(PRE_SESSION_CREATION, allowWithClaims("{'deep':" + nested(9) + "}"),
                        AT + ".deep: nested deeper than 8 levels"),
                row(PRE_M2M_TOKEN_CREATION, allowWithClaims("{'deep':" + nested(900) + "}"),
                        AT + ".deep: nested deeper than 8 levels"));
    }

    static Stream<Arguments> bounds() {
        return Stream.of(
                row(PRE_SESSION_CREATION, allowWithClaims(manyClaims(100)), VALID),
                row(PRE_SESSION_CREATION, allowWithClaims(manyClaims(101)), AT + ": more than 100 claims"),
                // {"a":"…"} is the string's length plus 8 bytes
                row(PRE_SESSION_CREATION, allowWithClaims(stringClaim("x".repeat(16384 - 8))), VALID),
                row(PRE_SESSION_CREATION, allowWithClaims(stringClaim("x".repeat(16384 - 7))),
                        AT + ": larger than 16384 bytes serialized"),
                row(PRE_M2M_TOKEN_CREATION, allowWithClaims(stringClaim("é".repeat(8189))),
                        AT + ": larger than 16384 bytes serialized"));
    }

    @ParameterizedTest(name = "[{index}] {0} {1} -> {2}")
    @MethodSource({"reserved", "names", "values", "bounds"})
    void validates(Trigger trigger, String snapshot, String expected) {
        assertEquals(expected, Cases.outcome(Cases.validate(trigger, snapshot)));
    }

    private static Arguments reservedRow(Trigger trigger, String name) {
        return row(trigger, allowWithClaims("{'" + name + "':'x'}"), AT + "." + name + ": reserved claim");
    }

    /** A value of exactly {@code depth} nested arrays around a scalar. */
    private static String nested(int depth) {
        return "[".repeat(depth) + "1" + "]".repeat(depth);
    }

    private static String manyClaims(int count) {
        StringBuilder claims = new StringBuilder("{");
        for (int i = 0; i < count; i++) {
            claims.append(i == 0 ? "" : ",").append("'c").append(i).append("':").append(i);
        }
        return claims.append("}").toString();
    }

    private static String stringClaim(String value) {
        return "{'a':'" + value + "'}";
    }
}
