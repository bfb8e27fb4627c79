package io.interlock.decision;

import static io.interlock.decision.Cases.VALID;
import static io.interlock.decision.Cases.allowWithClaims;
import static io.interlock.trigger.Trigger.PRE_M2M_TOKEN_CREATION;
import static io.interlock.trigger.Trigger.PRE_SESSION_CREATION;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.interlock.trigger.Trigger;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The README's table of authorization-bearing claims, per trigger: which a policy may set, which
 * it may only narrow, which are the platform's. Then {@code scp}, guarded like {@code scope} in
 * both its forms. The seed M2M request carries {@code deploy:applications read:deployments write:logs}.
 */
class AuthorizationClaimsTest {
    private static final String AT = "response.claims.";
    private static final String RESERVED = "reserved claim";
    private static final boolean GUARD = true;

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

    static Stream<Arguments> scp() {
        String scp = AT + "scp";
        String stringOnly = "{'data':{'m2m_token_claims':{'claims':{'scope':'read:a write:b'}}}}";
        return Stream.of(
                Arguments.of("seed", GUARD, "'deploy:applications read:deployments'", VALID),
                Arguments.of("seed", GUARD, "['write:logs','read:deployments']", VALID),
                Arguments.of("seed", GUARD, "'admin'", scp + ": widens requested scopes (admin)"),
                Arguments.of("seed", GUARD, "['admin']", scp + ": widens requested scopes (admin)"),
                Arguments.of("seed", GUARD, "['read:deployments','admin','root']", scp + ": widens requested scopes (admin root)"),
                Arguments.of("seed", false, "['admin']", VALID),
                Arguments.of(stringOnly, GUARD, "['write:b']", VALID),
                Arguments.of(stringOnly, GUARD, "['write:b','admin']", scp + ": widens requested scopes (admin)"),
                Arguments.of("null", GUARD, "['read:a']", scp + ": widens requested scopes (read:a)"),
                Arguments.of("seed", GUARD, "''", scp + ": must not be empty"),
                Arguments.of("seed", GUARD, "[]", scp + ": must not be empty"),
                Arguments.of("seed", GUARD, "'write:logs  read:deployments'", scp + ": scopes must be separated by single spaces"),
                Arguments.of("seed", GUARD, "['write:logs read:deployments']", scp + "[0]: invalid scope \"write:logs read:deployments\""),
                Arguments.of("seed", GUARD, "['write:logs','write:logs']", scp + "[1]: duplicate scope \"write:logs\""),
                Arguments.of("seed", GUARD, "['write:logs',7]", scp + "[1]: must be a scope string"),
                Arguments.of("seed", false, "['']", scp + "[0]: invalid scope \"\""),
                Arguments.of("seed", GUARD, "{'admin':true}", scp + ": must be a string of space-separated scopes or an array of scopes"),
                Arguments.of("seed", GUARD, "42", scp + ": must be a string of space-separated scopes or an array of scopes"));
    }

    @ParameterizedTest(name = "[{index}] request={0} guard={1} scp={2} -> {3}")
    @MethodSource("scp")
    void scpIsGuardedLikeScope(String request, boolean guard, String value, String expected) {
        DecisionValidator validator = new DecisionValidator(ValidationOptions.defaults().withGuardM2mScope(guard));
        JsonNode payload = request.equals("seed") ? Cases.seedRequest(PRE_M2M_TOKEN_CREATION) : Cases.json(request);
        Validation result = validator.validate(PRE_M2M_TOKEN_CREATION,
                Cases.json(allowWithClaims("{'scp':" + value + "}")), payload);
        assertEquals(expected, Cases.outcome(result));
    }

    /** One row per trigger, so a failure names the trigger. */
    private static Stream<Arguments> row(String claim, String value, String session, String m2m) {
        return Stream.of(Arguments.of(PRE_SESSION_CREATION, claim, value, session),
                Arguments.of(PRE_M2M_TOKEN_CREATION, claim, value, m2m));
    }
}
