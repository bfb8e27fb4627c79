package io.interlock.decision;

import static io.interlock.trigger.Trigger.PRE_M2M_TOKEN_CREATION;
import static io.interlock.trigger.Trigger.PRE_SESSION_CREATION;
import static io.interlock.trigger.Trigger.PRE_SIGNUP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How violations are reported for inputs a table cannot spell: huge, deep, or not JSON at all. */
class ViolationReportingTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Test
    void capsTheReportAndCountsTheRest() {
        ObjectNode snapshot = NODES.objectNode().put("decision", "ALLOW");
        for (int i = 0; i < Violations.MAX_REPORTED + 50; i++) {
            snapshot.put("extra" + i, i);
        }
        List<Violation> violations = invalid(Cases.VALIDATOR.validate(PRE_SIGNUP, snapshot, null));
        assertEquals(Violations.MAX_REPORTED + 1, violations.size());
        assertEquals("extra0: unknown field", violations.get(0).toString());
        assertEquals("(truncated): 50 more violations not reported", violations.get(violations.size() - 1).toString());
    }

    @Test
    void aMissingSnapshotIsNotAnObject() {
        assertEquals("(root): must be an object", Cases.outcome(Cases.VALIDATOR.validate(PRE_SIGNUP, null, null)));
    }

    /** Deeper than any parser allows: a snapshot built in memory must not overflow the stack. */
    @Test
    void measuresDepthWithoutWalkingTheWholeTree() {
        ArrayNode deep = NODES.arrayNode();
        ArrayNode innermost = deep;
        for (int i = 0; i < 200_000; i++) {
            innermost = innermost.addArray();
        }
        ObjectNode snapshot = NODES.objectNode().put("decision", "ALLOW");
        snapshot.putObject("response").putObject("claims").set("deep", deep);
        assertEquals("response.claims.deep: nested deeper than 8 levels",
                Cases.outcome(Cases.VALIDATOR.validate(PRE_M2M_TOKEN_CREATION, snapshot, null)));
    }

    @Test
    void boundsComeFromTheOptions() {
        ValidationOptions tight = new ValidationOptions(true, 10, 1, 64, 1, 4, 1, 4, 4);
        DecisionValidator validator = new DecisionValidator(tight);
        JsonNode deny = Cases.json(Cases.denyWithMessage("'eleven char'"));
        JsonNode claims = Cases.json(Cases.allowWithClaims("{'tier':[[1]],'b':1}"));
        assertEquals("error.message: longer than 10 characters", Cases.outcome(validator.validate(PRE_SIGNUP, deny, null)));
        assertEquals("response.claims.tier: nested deeper than 1 levels | response.claims: more than 1 claims",
                Cases.outcome(validator.validate(PRE_SESSION_CREATION, claims, null)));
    }

    @Test
    void optionsMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new ValidationOptions(true, 0, 1, 1, 1, 1, 1, 1, 1));
        assertEquals(false, ValidationOptions.defaults().withGuardM2mScope(false).guardM2mScope());
    }

    private static List<Violation> invalid(Validation validation) {
        return assertInstanceOf(Validation.Invalid.class, validation).violations();
    }
}
