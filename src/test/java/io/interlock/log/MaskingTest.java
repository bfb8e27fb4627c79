package io.interlock.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interlock.config.LogSettings.Pii;
import io.interlock.json.StrictJson;
import io.interlock.testing.Payloads;
import io.interlock.trigger.Trigger;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** INTERLOCK_LOG_PII applied to emails, IP addresses, free text and kept payloads. */
class MaskingTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(nullValues = "NULL", value = {
            "FULL,   john.doe@acmecorp.com, john.doe@acmecorp.com",
            "MASKED, john.doe@acmecorp.com, j***@acmecorp.com",
            "MASKED, J@x.io,                J***@x.io",
            "MASKED, not-an-email,          ***",
            "MASKED, @acmecorp.com,         ***",
            "NONE,   john.doe@acmecorp.com, NULL",
    })
    void email(Pii mode, String email, String expected) {
        assertEquals(expected, new Masking(mode).email(email));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(nullValues = "NULL", value = {
            "FULL,   203.0.113.24,                          203.0.113.24",
            "MASKED, 203.0.113.24,                          203.0.113.0",
            "MASKED, 10.1.2.255,                            10.1.2.0",
            "MASKED, 2001:db8:85a3:8d3:1319:8a2e:370:7348,  2001:db8:85a3::",
            "MASKED, 2001:0DB8:0001::1,                     2001:db8:1::",
            "MASKED, fe80::1%eth0,                          fe80:0:0::",
            "MASKED, ::ffff:198.51.100.7,                   198.51.100.0",
            "MASKED, 0:0:0:0:0:0:0:1,                       0:0:0::",
            "MASKED, 300.1.2.3,                             NULL",
            "MASKED, example.com,                           NULL",
            "MASKED, 2001:zz::1,                            NULL",
            "NONE,   203.0.113.24,                          NULL",
    })
    void ip(Pii mode, String ip, String expected) {
        assertEquals(expected, new Masking(mode).ip(ip));
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @CsvSource(delimiter = '|', value = {
            "FULL   | sign-up from john.doe@acmecorp.com | sign-up from john.doe@acmecorp.com",
            "MASKED | sign-up from john.doe@acmecorp.com | sign-up from j***@acmecorp.com",
            "MASKED | a@b.co and c.d@e.org.               | a***@b.co and c***@e.org.",
            "MASKED | Only @acmecorp.com may sign up     | Only @acmecorp.com may sign up",
            "MASKED | user@localhost is no address       | user@localhost is no address",
            "MASKED | x@@y.com @ @@                      | x@@y.com @ @@",
            "NONE   | sign-up from john.doe@acmecorp.com | sign-up from [email]",
    })
    void text(Pii mode, String text, String expected) {
        assertEquals(expected.trim(), new Masking(mode).text(text.trim()));
    }

    @Test
    @Timeout(5)
    void textScanStaysLinearOnHostileInput() {
        String hostile = "a".repeat(200_000) + "@" + "b.".repeat(100_000) + "@".repeat(100_000);
        assertTrue(new Masking(Pii.MASKED).text(hostile).startsWith("a***@b.b."));
    }

    static Stream<Arguments> payloads() {
        return Stream.of(
                Arguments.of(Pii.MASKED, "/interceptor_context/user_email", "\"j***@acmecorp.com\""),
                Arguments.of(Pii.MASKED, "/data/user/email", "\"j***@acmecorp.com\""),
                Arguments.of(Pii.MASKED, "/interceptor_context/auth_request/login_hint", "\"j***@example.com\""),
                Arguments.of(Pii.MASKED, "/interceptor_context/ip_address", "\"203.0.113.0\""),
                Arguments.of(Pii.MASKED, "/data/user/name", "\"J***\""),
                Arguments.of(Pii.MASKED, "/data/user/given_name", "\"J***\""),
                Arguments.of(Pii.MASKED, "/data/user/memberships/0/organization_name", "\"Example inc\""),
                Arguments.of(Pii.MASKED, "/interceptor_context/environment_id", "\"env_92561807201272162\""),
                Arguments.of(Pii.NONE, "/interceptor_context/user_email", "null"),
                Arguments.of(Pii.NONE, "/data/user/email", "null"),
                Arguments.of(Pii.NONE, "/interceptor_context/ip_address", "null"),
                Arguments.of(Pii.NONE, "/data/user/family_name", "null"),
                Arguments.of(Pii.NONE, "/data/user/email_verified", "true"),
                Arguments.of(Pii.FULL, "/data/user/email", "\"john.doe@acmecorp.com\""),
                Arguments.of(Pii.FULL, "/interceptor_context/ip_address", "\"203.0.113.24\""));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("payloads")
    void payload(Pii mode, String pointer, String expected) {
        JsonNode original = Payloads.of(Trigger.PRE_SIGNUP);
        String before = original.toString();
        JsonNode masked = new Masking(mode).payload(original);
        assertEquals(expected, masked.at(pointer).toString());
        assertEquals(before, original.toString(), "the caller's payload is never changed");
    }

    @Test
    void maskedPayloadHasNoFullAddressLeft() {
        for (Trigger trigger : Trigger.values()) {
            String masked = new Masking(Pii.MASKED).payload(Payloads.of(trigger)).toString();
            assertFalse(masked.contains("john.doe@"), masked);
            assertFalse(masked.contains("sarah.johnson@"), masked);
            assertFalse(masked.contains("203.0.113.24"), masked);
            // still a payload the playground can replay
            assertTrue(StrictJson.parse(masked.getBytes(StandardCharsets.UTF_8)).node().isPresent());
        }
    }

    /**
     * Whatever the local part holds, none of it stays readable: accents, other scripts, lone
     * surrogates, quotes, emoji, and an address cut by the engine's console bound.
     */
    static Stream<Arguments> hostileLocalParts() {
        return Stream.of(
                Arguments.of(Pii.MASKED, "rené.marchand@acmecorp.com", "r***@acmecorp.com"),
                Arguments.of(Pii.MASKED, "sign-up from rené.marchand@acmecorp.com", "sign-up from r***@acmecorp.com"),
                Arguments.of(Pii.MASKED, "josé.álvarez@acmecorp.com", "j***@acmecorp.com"),
                Arguments.of(Pii.MASKED, "éric@acmecorp.com", "é***@acmecorp.com"),
                Arguments.of(Pii.MASKED, "john\ud800doe@acmecorp.com", "j***@acmecorp.com"),
                Arguments.of(Pii.MASKED, "john\udc00doe@acmecorp.com", "j***@acmecorp.com"),
                Arguments.of(Pii.MASKED, "\ud800john@acmecorp.com", "***@acmecorp.com"),
                Arguments.of(Pii.MASKED, "\ud83d\ude00john@acmecorp.com", "***@acmecorp.com"),
                Arguments.of(Pii.MASKED, "用户名@例子.公司", "用***@例子.公司"),
                Arguments.of(Pii.MASKED, "Δημήτρης@acmecorp.gr", "Δ***@acmecorp.gr"),
                Arguments.of(Pii.MASKED, "john@acmé.com", "j***@acmé.com"),
                Arguments.of(Pii.MASKED, "o'brien+tag@acmecorp.com", "o***@acmecorp.com"),
                Arguments.of(Pii.MASKED, "a!#$%&*/?^~b@acmecorp.com", "a***@acmecorp.com"),
                Arguments.of(Pii.MASKED, "\"john doe\"@acmecorp.com", "***@acmecorp.com"),
                Arguments.of(Pii.MASKED, "to <John.Doe@acmecorp.com>, cc", "to <J***@acmecorp.com>, cc"),
                Arguments.of(Pii.MASKED, "email=john.doe@acmecorp.com;", "email=j***@acmecorp.com;"),
                Arguments.of(Pii.MASKED, "{\"user\":\"rené@acmecorp.com\"}", "{\"user\":\"r***@acmecorp.com\"}"),
                Arguments.of(Pii.MASKED, "x".repeat(20) + " rené.marchand@acmecor…", "x".repeat(20) + " r***@acmecor…"),
                Arguments.of(Pii.MASKED, "last words: john.doe@acme", "last words: j***@acme"),
                Arguments.of(Pii.MASKED, "…hn.doe@acmecorp.com", "…h***@acmecorp.com"),
                Arguments.of(Pii.MASKED, "tab\tjohn@acmecorp.com", "tab\tj***@acmecorp.com"),
                Arguments.of(Pii.MASKED, "nbsp\u00a0john@acmecorp.com", "nbsp\u00a0j***@acmecorp.com"),
                Arguments.of(Pii.NONE, "sign-up from rené.marchand@acmecorp.com", "sign-up from [email]"),
                Arguments.of(Pii.NONE, "john\ud800doe@acmecorp.com", "[email]"),
                Arguments.of(Pii.NONE, "\"john doe\"@acmecorp.com and 用户@例子.公司", "[email] and [email]"));
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @MethodSource("hostileLocalParts")
    void hidesTheWholeLocalPartWhateverItHolds(Pii mode, String text, String expected) {
        Masking masking = new Masking(mode);
        assertEquals(expected, masking.text(text), "free text");
        JsonNode payload = masking.payload(((ObjectNode) Payloads.of(Trigger.PRE_SIGNUP)).put("note", text));
        // (with none, a string that is one address whole is dropped from a payload)
        String kept = mode == Pii.NONE && Masking.isEmail(text) ? null : expected;
        assertEquals(kept, payload.path("note").textValue(), "a string in a kept payload");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "rené.marchand@acmecorp.com | r***@acmecorp.com",
            "john\ud800doe@acmecorp.com | j***@acmecorp.com",
            "\ud800john@acmecorp.com    | ***@acmecorp.com",
            "\"john doe\"@acmecorp.com   | ***@acmecorp.com",
    })
    void theUserEmailFieldKeepsOnlyALetter(String email, String expected) {
        assertEquals(expected, new Masking(Pii.MASKED).email(email));
    }

    @Test
    void anAddressAsAPayloadKeyIsMaskedToo() {
        ObjectNode original = (ObjectNode) Payloads.of(Trigger.PRE_SIGNUP);
        original.putObject("seats").put("rené.marchand@acmecorp.com", 1);
        JsonNode payload = new Masking(Pii.MASKED).payload(original);
        assertEquals("{\"r***@acmecorp.com\":1}", payload.path("seats").toString());
    }

    @Test
    @Timeout(30) // linear: milliseconds; quadratic: many minutes
    void scanStaysLinearOnQuotesAndAts() {
        String hostile = "\"@".repeat(200_000) + "a".repeat(200_000) + "\"" + "b".repeat(100) + "\"@x.io";
        assertTrue(new Masking(Pii.MASKED).text(hostile).endsWith("***@x.io"));
    }
}
