package io.interlock.log;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interlock.config.LogSettings.Pii;
import io.interlock.engine.FailureCode;
import io.interlock.trigger.Trigger;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
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
}
