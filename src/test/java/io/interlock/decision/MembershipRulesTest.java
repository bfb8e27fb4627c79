package io.interlock.decision;

import static io.interlock.decision.Cases.VALID;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.interlock.trigger.Trigger;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code response.create_organization_membership} on PRE_SIGNUP. Rows: membership JSON, expected. */
class MembershipRulesTest {
    private static final String AT = "response.create_organization_membership";
    private static final String EXACTLY_ONE =
            AT + ": exactly one of organization_id, external_organization_id required";
    private static final String CHARSET = "only letters, digits and _ . : @ / + = | ~ - allowed";

    static Stream<Arguments> organization() {
        return Stream.of(
                Arguments.of("{'organization_id':'org_102953846317318346','roles':['admin']}", VALID),
                Arguments.of("{'external_organization_id':'ext_B6YycAGRaPmnuxAFPT5KI4HBHxr4qWX','roles':['viewer']}", VALID),
                Arguments.of("{'external_organization_id':'urn:acme:tenant/42','roles':['a']}", VALID),
                Arguments.of("{'organization_id':null,'external_organization_id':'acme-corp','roles':['a']}", VALID),
                Arguments.of("{'organization_id':'org_1','external_organization_id':'ext_1','roles':['a']}", EXACTLY_ONE),
                Arguments.of("{'roles':['a']}", EXACTLY_ONE),
                Arguments.of("{'organization_id':'','roles':['a']}", AT + ".organization_id: must not be empty"),
                Arguments.of("{'organization_id':42,'roles':['a']}", AT + ".organization_id: must be a string"),
                Arguments.of(org("o".repeat(256)), VALID),
                Arguments.of(org("o".repeat(257)), AT + ".organization_id: longer than 256 characters"),
                Arguments.of(org("org 1"), AT + ".organization_id: " + CHARSET),
                Arguments.of(org("org_1\\u0000"), AT + ".organization_id: " + CHARSET),
                Arguments.of("{'external_organization_id':'<script>','roles':['a']}",
                        AT + ".external_organization_id: " + CHARSET));
    }

    static Stream<Arguments> roles() {
        return Stream.of(
                Arguments.of(roles("'admin','viewer'"), VALID),
                Arguments.of("{'organization_id':'org_1'}", AT + ".roles: required"),
                Arguments.of("{'organization_id':'org_1','roles':null}", AT + ".roles: required"),
                Arguments.of(roles(""), AT + ".roles: must not be empty"),
                Arguments.of("{'organization_id':'org_1','roles':'admin'}", AT + ".roles: must be an array of strings"),
                Arguments.of(roles("1"), AT + ".roles[0]: must be a string"),
                Arguments.of(roles("''"), AT + ".roles[0]: must not be empty"),
                Arguments.of(roles("'admin','viewer','admin'"), AT + ".roles[2]: duplicate role \"admin\""),
                Arguments.of(roles(numbered(50)), VALID),
                Arguments.of(roles(numbered(51)), AT + ".roles: more than 50 roles"),
                Arguments.of(roles("'" + "r".repeat(128) + "'"), VALID),
                Arguments.of(roles("'" + "r".repeat(129) + "'"), AT + ".roles[0]: longer than 128 characters"),
                Arguments.of(roles("'Org Admin'"), AT + ".roles[0]: " + CHARSET));
    }

    static Stream<Arguments> shape() {
        return Stream.of(
                Arguments.of("null", VALID),
                Arguments.of("'org_1'", AT + ": must be an object"),
                Arguments.of("[]", AT + ": must be an object"),
                Arguments.of("{'organization_id':'org_1','role':['a']}", AT + ".role: unknown field | " + AT + ".roles: required"),
                Arguments.of("{'organization_id':'','external_organization_id':'e','roles':['a','a',3]}",
                        EXACTLY_ONE + " | " + AT + ".organization_id: must not be empty | "
                                + AT + ".roles[1]: duplicate role \"a\" | " + AT + ".roles[2]: must be a string"));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource({"organization", "roles", "shape"})
    void validates(String membership, String expected) {
        String snapshot = "{'decision':'ALLOW','response':{'create_organization_membership':" + membership + "}}";
        assertEquals(expected, Cases.outcome(Cases.validate(Trigger.PRE_SIGNUP, snapshot)));
    }

    private static String org(String id) {
        return "{'organization_id':'" + id + "','roles':['member']}";
    }

    private static String roles(String list) {
        return "{'organization_id':'org_1','roles':[" + list + "]}";
    }

    /** {@code 'r0','r1',…} — distinct role names. */
    private static String numbered(int count) {
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < count; i++) {
            list.append(i == 0 ? "" : ",").append("'r").append(i).append("'");
        }
        return list.toString();
    }
}
