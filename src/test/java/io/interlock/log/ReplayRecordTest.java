package io.interlock.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.interlock.config.LogSettings.Pii;
import io.interlock.testing.Payloads;
import io.interlock.trigger.Trigger;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The replay record's masked fields: the JSON pointer of every payload value (or key) masking changed, and only those. */
class ReplayRecordTest {

    static final List<String> SEED_PII = List.of("/interceptor_context/user_email", "/interceptor_context/auth_request/login_hint",
            "/interceptor_context/ip_address", "/data/user/name", "/data/user/email", "/data/user/given_name",
            "/data/user/family_name");

    static Stream<Arguments> payloads() throws Exception {
        ObjectMapper json = new ObjectMapper();
        return Stream.of(
                Arguments.of(Payloads.of(Trigger.PRE_SIGNUP), Pii.MASKED, SEED_PII),
                Arguments.of(Payloads.of(Trigger.PRE_SIGNUP), Pii.NONE, SEED_PII),
                Arguments.of(Payloads.of(Trigger.PRE_SIGNUP), Pii.FULL, List.of()),
                // an address as a key, one inside text, a list item; a path part with '/' or '~' escaped
                Arguments.of(json.readTree("{\"by\": {\"ann@x.example\": 1}, \"note\": \"from bob@y.example\", \"cc\": [\"a\", \"c@z.example\"],"
                        + " \"a/b~\": {\"ip\": \"203.0.113.9\"}}"), Pii.MASKED,
                        List.of("/by/a***@x.example", "/note", "/cc/1", "/a~1b~0/ip")));
    }

    @ParameterizedTest
    @MethodSource("payloads")
    void theMaskedFieldsAreThoseMaskingChanged(JsonNode payload, Pii pii, List<String> expected) {
        List<String> pointers = new ArrayList<>();
        ReplayRecord.changed(payload, new Masking(pii).payload(payload), "", pointers);
        assertEquals(expected.stream().sorted().toList(), pointers.stream().sorted().toList());
    }
}
