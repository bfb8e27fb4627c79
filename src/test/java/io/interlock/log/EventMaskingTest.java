package io.interlock.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interlock.config.LogSettings.Pii;
import io.interlock.engine.FailureCode;
import io.interlock.trigger.Trigger;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Masking reaches every place an event keeps text: the user's email, console lines (also one cut
 * by the event's own bound in the middle of an address), the failure message and the kept
 * payload, as stored and as written to the log line.
 */
class EventMaskingTest {

    static Stream<Arguments> addresses() {
        return Stream.of(
                Arguments.of("rené.marchand@acmecorp.com", "rené", "marchand"),
                Arguments.of("john\ud800doe@acmecorp.com", "john", "doe"),
                Arguments.of("Δημήτρης.Παπάς@acmecorp.gr", "ημήτρης", "Παπάς"),
                Arguments.of("\"john doe\"@acmecorp.com", "john", "doe"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("addresses")
    void noPartOfTheLocalPartIsKeptAnywhere(String email, String first, String last) {
        DecisionLog log = DecisionLogTest.log(Pii.MASKED, 10, true);
        String straddling = "x".repeat(Events.MAX_CONSOLE_LINE_LENGTH - first.length() - 1) + " " + email;
        log.record(Calls.decided("d", "intercept", Trigger.PRE_SIGNUP, Calls.payload(Trigger.PRE_SIGNUP, email), "ALLOW",
                "10-a.js", List.of("sign-up from " + email, straddling)));
        log.record(Calls.failed("f", Trigger.PRE_SIGNUP, Calls.payload(Trigger.PRE_SIGNUP, email),
                FailureCode.POLICY_ERROR, "Error: no seat for " + email));
        for (String id : new String[] {"d", "f"}) {
            String line = EventJson.line(log.find(id).orElseThrow());
            assertFalse(line.contains(first), id + " keeps '" + first + "': " + line);
            assertFalse(line.contains(last), id + " keeps '" + last + "': " + line);
            assertFalse(line.contains("\\ud800"), id + " keeps a lone surrogate: " + line);
            assertTrue(line.contains("***@acmecorp."), line);
        }
    }

    /** Whether masking changed the kept payload is in the event, for the playground's replay note. */
    @ParameterizedTest(name = "[{index}] {0} {1} -> {2}")
    @CsvSource({
            "MASKED, PRE_SIGNUP,             true",
            "NONE,   PRE_SESSION_CREATION,   true",
            "FULL,   PRE_SIGNUP,             false",
            "MASKED, PRE_M2M_TOKEN_CREATION, false",
    })
    void eventSaysWhetherItsPayloadWasMasked(Pii pii, Trigger trigger, boolean masked) {
        DecisionLog log = DecisionLogTest.log(pii, 10, true);
        log.record(Calls.decided("d", "intercept", trigger, Calls.payload(trigger, null), "ALLOW", "10-a.js", List.of()));
        ObjectNode event = EventJson.full(log.find("d").orElseThrow());
        assertTrue(event.hasNonNull("payload"), event.toString());
        assertEquals(masked, event.get("payload_masked").asBoolean(), event.toString());
    }
}
