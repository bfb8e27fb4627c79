package io.interlock.decision;

import static io.interlock.decision.Cases.VALID;
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

/** The response bodies of seed 000, comments removed, against the seed requests. */
class SeedExamplesTest {
    private static final String MEMBERSHIP = "'create_organization_membership':{"
            + "'external_organization_id':'ext_B6YycAGRaPmnuxAFPT5KI4HBHxr4qWX',"
            + "'organization_id':'org_102953846317318346','roles':['admin','viewer']}";

    /** The doc combines DENY with a membership naming both ids, for illustration only. */
    static final String SIGNUP_DOC = "{'decision':'DENY',"
            + "'error':{'message':'Only @acmecorp.com email addresses are allowed to sign up'},"
            + "'response':{" + MEMBERSHIP + "}}";

    static final String SIGNUP_ALLOW = "{'decision':'ALLOW','response':{'create_organization_membership':{"
            + "'organization_id':'org_102953846317318346','roles':['admin','viewer']}}}";

    static final String SIGNUP_DENY = "{'decision':'DENY',"
            + "'error':{'message':'Only @acmecorp.com email addresses are allowed to sign up'}}";

    static final String SESSION = "{'decision':'ALLOW','response':{'claims':{"
            + "'subscription_tier':'enterprise','data_region':'us-west-2',"
            + "'feature_flags':['analytics_dashboard','api_access','custom_branding'],"
            + "'account_manager':'jane.smith@acmecorp.com'}}}";

    static final String INVITATION = "{'decision':'DENY','error':{'message':"
            + "'Cannot invite users from external domains. Please use @acmecorp.com email addresses.'}}";

    static final String M2M = "{'decision':'ALLOW','response':{'claims':{"
            + "'scope':'deploy:applications read:deployments','aud':'https://api.acmecorp.com',"
            + "'rate_limit':'1000','environment':'production'}}}";

    static Stream<Arguments> examples() {
        return Stream.of(
                row(PRE_SIGNUP, SIGNUP_DOC, "response: only allowed with ALLOW | response.create_organization_membership:"
                        + " exactly one of organization_id, external_organization_id required"),
                row(PRE_SIGNUP, SIGNUP_ALLOW, VALID),
                row(PRE_SIGNUP, SIGNUP_DENY, VALID),
                row(PRE_SESSION_CREATION, SESSION, VALID),
                row(PRE_USER_INVITATION, INVITATION, VALID),
                row(PRE_M2M_TOKEN_CREATION, M2M, VALID),
                row(PRE_USER_INVITATION, SESSION, "response: not allowed for PRE_USER_INVITATION"),
                row(PRE_SIGNUP, M2M,
                        "response.claims: only for PRE_SESSION_CREATION and PRE_M2M_TOKEN_CREATION"),
                row(PRE_SESSION_CREATION, M2M,
                        "response.claims.scope: reserved claim | response.claims.aud: reserved claim"),
                row(PRE_M2M_TOKEN_CREATION, SESSION, VALID));
    }

    @ParameterizedTest(name = "[{index}] {0} {1} -> {2}")
    @MethodSource("examples")
    void validates(Trigger trigger, String snapshot, String expected) {
        assertEquals(expected, Cases.outcome(Cases.validate(trigger, snapshot)));
    }
}
