package io.interlock.decision;

import static io.interlock.decision.Cases.VALID;
import static io.interlock.decision.Cases.allowWithClaims;
import static io.interlock.trigger.Trigger.PRE_M2M_TOKEN_CREATION;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * M2M {@code scope} and {@code aud}. The seed request carries the scopes
 * {@code deploy:applications read:deployments write:logs}.
 * Rows: request ("seed" or JSON), scope guard on, claims JSON, expected.
 */
class M2mScopeRulesTest {
    private static final String SCOPE = "response.claims.scope";
    private static final String AUD = "response.claims.aud";
    private static final boolean GUARD = true;

    static Stream<Arguments> scopeGrammar() {
        return Stream.of(
                Arguments.of("seed", GUARD, "{'scope':'deploy:applications read:deployments'}", VALID),
                Arguments.of("seed", GUARD, "{'scope':'write:logs read:deployments deploy:applications'}", VALID),
                Arguments.of("seed", GUARD, "{'scope':''}", SCOPE + ": must not be empty"),
                Arguments.of("seed", GUARD, "{'scope':42}", SCOPE + ": must be a string of space-separated scopes"),
                Arguments.of("seed", GUARD, "{'scope':['write:logs']}", SCOPE + ": must be a string of space-separated scopes"),
                Arguments.of("seed", GUARD, "{'scope':'write:logs  read:deployments'}", SCOPE + ": scopes must be separated by single spaces"),
                Arguments.of("seed", GUARD, "{'scope':' write:logs'}", SCOPE + ": scopes must be separated by single spaces"),
                Arguments.of("seed", GUARD, "{'scope':'write:logs\\tread:deployments'}", SCOPE + ": invalid scope \"write:logs\\u0009read:deployments\""),
                Arguments.of("seed", GUARD, "{'scope':'write:logs write:logs'}", SCOPE + ": duplicate scope \"write:logs\""));
    }

    static Stream<Arguments> scopeGuard() {
        String scopeStringOnly = "{'data':{'m2m_token_claims':{'claims':{'scope':'read:a write:b'}}}}";
        return Stream.of(
                Arguments.of("seed", GUARD, "{'scope':'admin:all'}", SCOPE + ": widens requested scopes (admin:all)"),
                Arguments.of("seed", GUARD, "{'scope':'read:deployments admin:all root'}", SCOPE + ": widens requested scopes (admin:all root)"),
                Arguments.of("seed", false, "{'scope':'admin:all'}", VALID),
                Arguments.of(scopeStringOnly, GUARD, "{'scope':'write:b'}", VALID),
                Arguments.of(scopeStringOnly, GUARD, "{'scope':'write:b admin'}", SCOPE + ": widens requested scopes (admin)"),
                Arguments.of("{'data':{}}", GUARD, "{'scope':'read:a'}", SCOPE + ": widens requested scopes (read:a)"),
                Arguments.of("null", GUARD, "{'scope':'read:a'}", SCOPE + ": widens requested scopes (read:a)"),
                Arguments.of("null", GUARD, "{'rate_limit':'1000'}", VALID));
    }

    static Stream<Arguments> audience() {
        return Stream.of(
                Arguments.of("seed", GUARD, "{'aud':'https://api.acmecorp.com'}", VALID),
                Arguments.of("seed", GUARD, "{'aud':['https://a.example','https://b.example']}", VALID),
                Arguments.of("seed", GUARD, "{'aud':''}", AUD + ": must not be empty"),
                Arguments.of("seed", GUARD, "{'aud':[]}", AUD + ": must not be empty"),
                Arguments.of("seed", GUARD, "{'aud':{'url':'x'}}", AUD + ": must be a string or an array of strings"),
                Arguments.of("seed", GUARD, "{'aud':['ok',1,'']}",
                        AUD + "[1]: must be a non-empty string | " + AUD + "[2]: must be a non-empty string"));
    }

    /** {@code scp}: the same scopes under another name, as a string or an array, guarded like {@code scope}. */
    static Stream<Arguments> scp() {
        String scp = "response.claims.scp";
        String stringOnly = "{'data':{'m2m_token_claims':{'claims':{'scope':'read:a write:b'}}}}";
        return Stream.of(
                Arguments.of("seed", GUARD, "{'scp':'deploy:applications read:deployments'}", VALID),
                Arguments.of("seed", GUARD, "{'scp':['write:logs','read:deployments']}", VALID),
                Arguments.of("seed", GUARD, "{'scp':'admin'}", scp + ": widens requested scopes (admin)"),
                Arguments.of("seed", GUARD, "{'scp':['admin']}", scp + ": widens requested scopes (admin)"),
                Arguments.of("seed", GUARD, "{'scp':['read:deployments','admin','root']}", scp + ": widens requested scopes (admin root)"),
                Arguments.of("seed", false, "{'scp':['admin']}", VALID),
                Arguments.of(stringOnly, GUARD, "{'scp':['write:b']}", VALID),
                Arguments.of(stringOnly, GUARD, "{'scp':['write:b','admin']}", scp + ": widens requested scopes (admin)"),
                Arguments.of("null", GUARD, "{'scp':['read:a']}", scp + ": widens requested scopes (read:a)"),
                Arguments.of("seed", GUARD, "{'scp':''}", scp + ": must not be empty"),
                Arguments.of("seed", GUARD, "{'scp':[]}", scp + ": must not be empty"),
                Arguments.of("seed", GUARD, "{'scp':'write:logs  read:deployments'}", scp + ": scopes must be separated by single spaces"),
                Arguments.of("seed", GUARD, "{'scp':['write:logs read:deployments']}", scp + "[0]: invalid scope \"write:logs read:deployments\""),
                Arguments.of("seed", GUARD, "{'scp':['write:logs','write:logs']}", scp + "[1]: duplicate scope \"write:logs\""),
                Arguments.of("seed", GUARD, "{'scp':['write:logs',7]}", scp + "[1]: must be a scope string"),
                Arguments.of("seed", false, "{'scp':['']}", scp + "[0]: invalid scope \"\""),
                Arguments.of("seed", GUARD, "{'scp':{'admin':true}}", scp + ": must be a string of space-separated scopes or an array of scopes"),
                Arguments.of("seed", GUARD, "{'scp':42}", scp + ": must be a string of space-separated scopes or an array of scopes"));
    }

    @ParameterizedTest(name = "[{index}] request={0} guard={1} {2} -> {3}")
    @MethodSource({"scopeGrammar", "scopeGuard", "audience", "scp"})
    void validates(String request, boolean guard, String claims, String expected) {
        DecisionValidator validator = new DecisionValidator(ValidationOptions.defaults().withGuardM2mScope(guard));
        JsonNode payload = request.equals("seed") ? Cases.seedRequest(PRE_M2M_TOKEN_CREATION) : Cases.json(request);
        Validation result = validator.validate(PRE_M2M_TOKEN_CREATION, Cases.json(allowWithClaims(claims)), payload);
        assertEquals(expected, Cases.outcome(result));
    }
}
