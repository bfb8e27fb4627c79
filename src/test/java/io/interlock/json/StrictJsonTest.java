package io.interlock.json;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What a client reads when its body is not acceptable JSON: the reason and where, never Jackson's internals. */
class StrictJsonTest {

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("{\"trigger_point\":\"PRE_SIGNUP\"", "unexpected end-of-input", "opened at line 1, column 1"),
                Arguments.of("[1,\n2,", "unexpected end-of-input", "line 2, column 3"),
                Arguments.of("{\"a\":1,\"a\":2}", "duplicate field 'a'", "line 1"),
                Arguments.of("{\"a\":tru}", "unrecognized token 'tru'", "line 1"),
                Arguments.of("{\"a\" 1}", "was expecting a colon", "line 1"),
                Arguments.of("{} {}", "more data after the end of the json value", "line 1"),
                Arguments.of("[".repeat(1_001) + "]".repeat(1_001), "nesting depth", "maximum allowed (64)"));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void namesTheReasonAndPlaceOnly(String body, String reason, String place) {
        String error = StrictJson.parse(body).error().orElseThrow();

        String lower = error.toLowerCase(java.util.Locale.ROOT);
        assertTrue(lower.startsWith("invalid json: ") && lower.contains(reason) && lower.contains(place), error);
        for (String internal : new String[] {"Source", "REDACTED", "StreamRead", "com.fasterxml", "`", "\n"}) {
            assertFalse(error.contains(internal), () -> internal + " in: " + error);
        }
    }
}
