package io.interlock.signature;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interlock.signature.Verification.Rejected;
import io.interlock.signature.Verification.Verified;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class SignatureVerifierTest {

    static final String SECRET = "whsec_9vx5xtFNxQMZFcjLLGporL6TGkcSRNHb";
    static final String OTHER_SECRET = "whsec_" + "b3RoZXItc2VjcmV0LWtleS0yNC1ieXRlcw==";
    static final String ID = "msg_2o3NaedIm6pL62OQ544VzM1cIYo";
    static final long TS = 1700000000L;
    static final byte[] BODY = "{\"test\":\"payload\"}".getBytes(UTF_8);
    static final String SIG = "v1,TSE7lPYa7Zl05s26fJp2ezy29ayqZx9yZ5LUqcfBXuQ=";
    /** Right length, right alphabet, wrong MAC. */
    static final String WRONG = "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

    static SignatureVerifier verifierAt(long epochSeconds, String... secrets) {
        List<SigningSecret> parsed = SigningSecret.parseList(String.join(",", secrets));
        Clock clock = Clock.fixed(Instant.ofEpochSecond(epochSeconds), ZoneOffset.UTC);
        return new SignatureVerifier(parsed, SignatureVerifier.DEFAULT_TOLERANCE, clock);
    }

    static Map<String, String> headers(String family, String id, String timestamp, String signature) {
        Map<String, String> h = new HashMap<>();
        h.put(family + "-id", id);
        h.put(family + "-timestamp", timestamp);
        h.put(family + "-signature", signature);
        h.values().removeIf(v -> v == null);
        return h;
    }

    static Verification verify(Map<String, String> headers, byte[] body) {
        return verifierAt(TS, SECRET).verify(HeaderLookup.ofMap(headers), body);
    }

    static Verification verify(String id, String timestamp, String signature) {
        return verify(headers("interceptor", id, timestamp, signature), BODY);
    }

    static void assertRejected(RejectReason reason, Verification result) {
        Rejected rejected = assertInstanceOf(Rejected.class, result);
        assertEquals(reason, rejected.reason(), rejected.detail());
        assertFalse(rejected.detail().contains(SECRET.substring(6)), rejected.detail());
    }

    @Test
    void publishedVectorVerifies() {
        assertEquals(new Verified(ID, TS), verify(ID, Long.toString(TS), SIG));
    }

    @Test
    void signProducesThePublishedVector() {
        assertEquals(SIG, verifierAt(TS, SECRET).sign(ID, TS, BODY));
    }

    @Test
    void signUsesTheFirstSecret() {
        String signed = verifierAt(TS, OTHER_SECRET, SECRET).sign(ID, TS, BODY);
        assertFalse(signed.equals(SIG));
        assertInstanceOf(Verified.class,
                verifierAt(TS, OTHER_SECRET).verify(HeaderLookup.ofMap(headers("interceptor", ID, "" + TS, signed)), BODY));
    }

    @ParameterizedTest(name = "[{index}] secrets={0} header={1}")
    @CsvSource(delimiter = '|', value = {
        "first        | good",
        "second       | good",
        "first        | wrong good",
        "second       | wrong good",
        "first        | unknown good",
        "second       | good wrong unknown",
    })
    void rotationAnySecretAnyEntry(String secretOrder, String entries) {
        String[] secrets = secretOrder.equals("first") ? new String[] {SECRET, OTHER_SECRET} : new String[] {OTHER_SECRET, SECRET};
        String header = entries.replace("unknown", "v1a,TSE7lPYa7Zl05s26fJp2ezy29ayqZx9yZ5LUqcfBXuQ=")
                .replace("wrong", WRONG).replace("good", SIG);
        Verification result = verifierAt(TS, secrets).verify(HeaderLookup.ofMap(headers("interceptor", ID, "" + TS, header)), BODY);
        assertEquals(new Verified(ID, TS), result);
    }

    @Test
    void onlyUnknownVersionsDoNotMatch() {
        assertRejected(RejectReason.NO_MATCHING_SIGNATURE, verify(ID, "" + TS, SIG.replace("v1,", "v2,")));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource
    void headerFamilies(String name, Map<String, String> headers, RejectReason expected) {
        Verification result = verify(headers, BODY);
        if (expected == null) {
            assertEquals(new Verified(ID, TS), result);
        } else {
            assertRejected(expected, result);
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource
    void missingHeadersAreNamed(String name, Map<String, String> headers, String detail) {
        Rejected rejected = assertInstanceOf(Rejected.class, verify(headers, BODY));
        assertEquals(RejectReason.MISSING_HEADERS, rejected.reason());
        assertEquals(detail, rejected.detail());
    }

    static Stream<Arguments> missingHeadersAreNamed() {
        return Stream.of(
                Arguments.of("no signing header at all", Map.of(),
                        "missing interceptor-id, interceptor-timestamp, interceptor-signature "
                                + "(or webhook-id, webhook-timestamp, webhook-signature)"),
                Arguments.of("interceptor family without a signature", headers("interceptor", ID, "" + TS, null),
                        "missing interceptor-signature"),
                Arguments.of("webhook family without an id", headers("webhook", null, "" + TS, SIG),
                        "missing webhook-id"));
    }

    static Stream<Arguments> headerFamilies() {
        Map<String, String> mixedCase = Map.of("Interceptor-ID", ID, "INTERCEPTOR-TIMESTAMP", "" + TS, "Interceptor-Signature", SIG);
        Map<String, String> webhookMixedCase = Map.of("Webhook-Id", ID, "WEBHOOK-TIMESTAMP", "" + TS, "webhook-SIGNATURE", SIG);
        Map<String, String> idFromOneFamily = new HashMap<>(headers("webhook", null, "" + TS, SIG));
        idFromOneFamily.put("interceptor-id", ID);
        Map<String, String> bothComplete = new HashMap<>(headers("webhook", ID, "" + TS, SIG));
        bothComplete.putAll(headers("interceptor", ID, "" + TS, WRONG));
        Map<String, String> emptyInterceptorHeader = new HashMap<>(headers("webhook", ID, "" + TS, SIG));
        emptyInterceptorHeader.put("interceptor-signature", "");
        return Stream.of(
                Arguments.of("interceptor family", headers("interceptor", ID, "" + TS, SIG), null),
                Arguments.of("webhook family", headers("webhook", ID, "" + TS, SIG), null),
                Arguments.of("interceptor names in mixed case", mixedCase, null),
                Arguments.of("webhook names in mixed case", webhookMixedCase, null),
                Arguments.of("values padded with whitespace", headers("interceptor", " " + ID + " ", " " + TS, SIG + " "), null),
                Arguments.of("interceptor-id with webhook-timestamp/signature is not mixed", idFromOneFamily, RejectReason.MISSING_HEADERS),
                Arguments.of("interceptor family wins when both are present", bothComplete, RejectReason.NO_MATCHING_SIGNATURE),
                Arguments.of("an empty interceptor header still selects its family", emptyInterceptorHeader, RejectReason.MISSING_HEADERS),
                Arguments.of("no headers", Map.of(), RejectReason.MISSING_HEADERS));
    }

    @Test
    void mapAdapterIsCaseInsensitive() {
        HeaderLookup lookup = HeaderLookup.ofMap(Map.of("Interceptor-Signature", "x"));
        assertEquals("x", lookup.get("interceptor-signature"));
        assertEquals(null, lookup.get("interceptor-id"));
    }

    @ParameterizedTest(name = "[{index}] now = ts {0} s -> {1}")
    @CsvSource({
        "-301, timestamp_in_future",
        "-300, ok",
        "-299, ok",
        "0,    ok",
        "299,  ok",
        "300,  ok",
        "301,  timestamp_too_old",
        "-100000, timestamp_in_future",
        "100000,  timestamp_too_old",
    })
    void timestampTolerance(long nowMinusTs, String expected) {
        Verification result = verifierAt(TS + nowMinusTs, SECRET)
                .verify(HeaderLookup.ofMap(headers("interceptor", ID, "" + TS, SIG)), BODY);
        assertOutcome(expected, result);
    }

    @Test
    void toleranceIsConfigurable() {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(TS + 61), ZoneOffset.UTC);
        SignatureVerifier strict = new SignatureVerifier(SigningSecret.parseList(SECRET), Duration.ofSeconds(60), clock);
        assertRejected(RejectReason.TIMESTAMP_TOO_OLD,
                strict.verify(HeaderLookup.ofMap(headers("interceptor", ID, "" + TS, SIG)), BODY));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource
    void tampering(String name, String id, String timestamp, byte[] body) {
        assertRejected(RejectReason.NO_MATCHING_SIGNATURE, verify(headers("interceptor", id, timestamp, SIG), body));
    }

    static Stream<Arguments> tampering() {
        return Stream.of(
                Arguments.of("body changed", ID, "" + TS, "{\"test\":\"payloaD\"}".getBytes(UTF_8)),
                Arguments.of("body re-serialised", ID, "" + TS, "{\"test\": \"payload\"}".getBytes(UTF_8)),
                Arguments.of("body extended", ID, "" + TS, "{\"test\":\"payload\"}\n".getBytes(UTF_8)),
                Arguments.of("body empty", ID, "" + TS, new byte[0]),
                Arguments.of("id changed", ID + "x", "" + TS, BODY),
                Arguments.of("timestamp changed", ID, "" + (TS + 1), BODY),
                Arguments.of("timestamp with leading zero", ID, "0" + TS, BODY));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource
    void malformedHeaders(String name, String id, String timestamp, String signature, String expected) {
        assertOutcome(expected, verify(id, timestamp, signature));
    }

    static Stream<Arguments> malformedHeaders() {
        String ts = "" + TS;
        return Stream.of(
                Arguments.of("no id", null, ts, SIG, "missing_headers"),
                Arguments.of("no timestamp", ID, null, SIG, "missing_headers"),
                Arguments.of("no signature", ID, ts, null, "missing_headers"),
                Arguments.of("blank id", "  ", ts, SIG, "missing_headers"),
                Arguments.of("non-digit timestamp", ID, "17e8", SIG, "malformed_timestamp"),
                Arguments.of("negative timestamp", ID, "-" + ts, SIG, "malformed_timestamp"),
                Arguments.of("fractional timestamp", ID, ts + ".5", SIG, "malformed_timestamp"),
                Arguments.of("ISO timestamp", ID, "2023-11-14T22:13:20Z", SIG, "malformed_timestamp"),
                Arguments.of("non-ASCII digits", ID, "١٧٠٠٠٠٠٠٠٠", SIG, "malformed_timestamp"),
                Arguments.of("huge timestamp", ID, "99999999999999999999", SIG, "malformed_timestamp"),
                Arguments.of("12-digit timestamp is far future", ID, "999999999999", SIG, "timestamp_in_future"),
                Arguments.of("entry without comma", ID, ts, SIG.replace(",", ""), "malformed_signature"),
                Arguments.of("entry with empty value", ID, ts, "v1,", "malformed_signature"),
                Arguments.of("entry with empty version", ID, ts, SIG.substring(2), "malformed_signature"),
                Arguments.of("broken entry beside a good one", ID, ts, SIG + " v1", "malformed_signature"),
                Arguments.of("extra spaces between entries", ID, ts, WRONG + "   " + SIG, "ok"),
                Arguments.of("bad base64", ID, ts, "v1,TSE7lPYa7Zl05s26fJp2ezy29ayqZx9yZ5LUqcfBX*Q=", "no_matching_signature"),
                Arguments.of("short MAC", ID, ts, "v1,TSE7lPYa7Zl05s26fJp2ezy29ayqZx9yZ5LUqcfB", "no_matching_signature"),
                Arguments.of("unpadded MAC", ID, ts, SIG.substring(0, SIG.length() - 1), "ok"),
                Arguments.of("good MAC followed by bad base64", ID, ts, "v1,!!! " + SIG, "ok"),
                Arguments.of("10 entries, last good", ID, ts, entries(9, SIG), "ok"),
                Arguments.of("11 entries, last good", ID, ts, entries(10, SIG), "too_many_signatures"),
                Arguments.of("oversized signature header", ID, ts, SIG + " " + "v9,x".repeat(600), "header_too_large"),
                Arguments.of("oversized id", "m".repeat(257), ts, SIG, "header_too_large"),
                Arguments.of("id with inner space", "msg 1", ts, SIG, "malformed_id"),
                Arguments.of("id with control character", "msg\u00011", ts, SIG, "malformed_id"),
                Arguments.of("non-ASCII id", "msg_é", ts, SIG, "malformed_id"));
    }

    @Test
    void longestAllowedIdVerifies() {
        String id = "m".repeat(SignatureVerifier.MAX_ID_LENGTH);
        String signature = verifierAt(TS, SECRET).sign(id, TS, BODY);
        assertEquals(new Verified(id, TS), verify(id, "" + TS, signature));
    }

    @Test
    void noSecretConfigured() {
        SignatureVerifier none = verifierAt(TS);
        Verification result = none.verify(HeaderLookup.ofMap(headers("interceptor", ID, "" + TS, SIG)), BODY);
        assertRejected(RejectReason.NO_SECRET_CONFIGURED, result);
        assertTrue(((Rejected) result).detail().contains("INTERLOCK_SIGNING_SECRETS"));
        assertThrows(IllegalStateException.class, () -> none.sign(ID, TS, BODY));
    }

    @Test
    void reusedAcrossThreads() {
        SignatureVerifier verifier = verifierAt(TS, OTHER_SECRET, SECRET);
        long verified = IntStream.range(0, 2_000).parallel()
                .mapToObj(i -> verifier.verify(HeaderLookup.ofMap(headers("interceptor", ID, "" + TS, i % 2 == 0 ? SIG : WRONG)), BODY))
                .filter(Verified.class::isInstance)
                .count();
        assertEquals(1_000, verified);
    }

    @ParameterizedTest
    @EnumSource(RejectReason.class)
    void codesAreStableSnakeCase(RejectReason reason) {
        assertEquals(reason.name().toLowerCase(), reason.code());
    }

    private static String entries(int wrongOnes, String last) {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < wrongOnes; i++) {
            all.add(WRONG);
        }
        all.add(last);
        return String.join(" ", all);
    }

    private static void assertOutcome(String expected, Verification result) {
        if (expected.equals("ok")) {
            assertInstanceOf(Verified.class, result, result::toString);
        } else {
            Rejected rejected = assertInstanceOf(Rejected.class, result);
            assertEquals(expected, rejected.reason().code(), rejected.detail());
        }
    }
}
