package io.interlock.decision;

import static io.interlock.decision.Cases.VALID;
import static io.interlock.decision.Cases.allowWithClaims;
import static io.interlock.trigger.Trigger.PRE_M2M_TOKEN_CREATION;
import static io.interlock.trigger.Trigger.PRE_SESSION_CREATION;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.interlock.trigger.Trigger;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The README's table of authorization-bearing claims, per trigger: which a policy may set, which
 * it may only narrow, which are the platform's ({@code scp}'s own rules are in M2mScopeRulesTest).
 * The seed M2M request carries {@code deploy:applications read:deployments write:logs}.
 */
class AuthorizationClaimsTest {
    private static final String AT = "response.claims.";
    private static final String RESERVED = "reserved claim";

    /** Claim, what a session policy gets, what an M2M policy gets (with a value the request allows). */
    static Stream<Arguments> table() {
        return Stream.of(
                row("scope", "'read:deployments'", RESERVED, VALID),
                row("scp", "'read:deployments'", RESERVED, VALID),
                row("scp", "['read:deployments']", RESERVED, VALID),
                row("scopes", "['read:deployments']", RESERVED, RESERVED),
                row("aud", "'https://api.acmecorp.com'", RESERVED, VALID),
                row("roles", "['admin']", RESERVED, RESERVED),
                row("permissions", "['delete:all']", RESERVED, RESERVED),
                row("groups", "['admins']", RESERVED, RESERVED),
                row("entitlements", "['billing']", RESERVED, RESERVED),
                row("authorization_details", "[{'type':'payment'}]", RESERVED, RESERVED),
                row("azp", "'other-client'", RESERVED, RESERVED),
                row("client_id", "'other-client'", RESERVED, RESERVED),
                row("act", "{'sub':'admin'}", RESERVED, RESERVED),
                row("may_act", "{'sub':'admin'}", RESERVED, RESERVED),
                row("cnf", "{'jkt':'x'}", RESERVED, RESERVED),
                row("amr", "['mfa']", RESERVED, RESERVED),
                row("acr", "'urn:mfa'", RESERVED, RESERVED),
                row("auth_time", "1", RESERVED, RESERVED),
                row("oid", "'org_1'", RESERVED, RESERVED),
                // a policy's own authorization data goes under its own name
                row("https://acmecorp.com/claims/groups", "['admins']", VALID, VALID),
                row("acme_roles", "['admin']", VALID, VALID),
                row("Groups", "['admins']", VALID, VALID))
                .flatMap(rows -> rows);
    }

    @ParameterizedTest(name = "[{index}] {0} {1}: {2}")
    @MethodSource("table")
    void claimPerTrigger(Trigger trigger, String claim, String value, String expected) {
        String claims = "{'" + claim + "':" + value + "}";
        String outcome = Cases.outcome(Cases.validate(trigger, allowWithClaims(claims)));
        assertEquals(expected.equals(VALID) ? VALID : AT + claim + ": " + expected, outcome);
    }

    /** One row per trigger, so a failure names the trigger. */
    private static Stream<Arguments> row(String claim, String value, String session, String m2m) {
        return Stream.of(Arguments.of(PRE_SESSION_CREATION, claim, value, session),
                Arguments.of(PRE_M2M_TOKEN_CREATION, claim, value, m2m));
    }
}
