package io.interlock.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interlock.testing.Payloads;
import io.interlock.testing.Signer;
import io.interlock.trigger.Trigger;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The interceptor URL over real HTTP with the shipped example policies and signed calls. */
@MicronautTest
@Property(name = "interlock.policies", value = "policies")
@Property(name = "interlock.signing-secrets", value = Signer.OTHER_SECRET + "," + Signer.SECRET)
@Property(name = "interlock.max-body-kb", value = "16")
class InterceptControllerTest {

    @Inject
    EmbeddedServer server;

    final Signer signer = new Signer(Signer.SECRET);

    URI url() {
        return server.getURI().resolve("/v1/intercept");
    }

    HttpResponse<String> post(byte[] body) {
        return Signer.send(signer.signed(url(), body).build());
    }

    HttpResponse<String> post(String body) {
        return post(body.getBytes(StandardCharsets.UTF_8));
    }

    static Stream<Arguments> seeds() {
        return Stream.of(
                Arguments.of(Trigger.PRE_SIGNUP, "{\"decision\":\"ALLOW\",\"response\":{\"create_organization_membership\":{\"organization_id\":\"org_93731871904672153\",\"roles\":[\"admin\",\"member\"]}}}"),
                Arguments.of(Trigger.PRE_SESSION_CREATION, "{\"decision\":\"ALLOW\",\"response\":{\"claims\":{\"subscription_tier\":\"enterprise\",\"data_region\":\"us-west-2\",\"feature_flags\":[\"analytics_dashboard\",\"api_access\",\"custom_branding\"],\"account_manager\":\"jane.smith@acmecorp.com\"}}}"),
                Arguments.of(Trigger.PRE_USER_INVITATION, "{\"decision\":\"DENY\",\"error\":{\"message\":\"Cannot invite users from external domains. Please use @acmecorp.com email addresses.\"}}"),
                Arguments.of(Trigger.PRE_M2M_TOKEN_CREATION, "{\"decision\":\"ALLOW\",\"response\":{\"claims\":{\"scope\":\"deploy:applications read:deployments\",\"aud\":\"https://api.acmecorp.com\",\"rate_limit\":\"1000\",\"environment\":\"production\"}}}"));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void answersEachSeedPayloadWithTheExamplePolicies(Trigger trigger, String expected) {
        HttpResponse<String> response = post(Payloads.bytes(trigger));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(expected, response.body());
        assertTrue(response.headers().firstValue("interlock-decision-id").orElse("").startsWith("dec_"));
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("application/json"));
    }

    @Test
    void pathTriggerMustAgreeWithTheBody() {
        byte[] body = Payloads.bytes(Trigger.PRE_SIGNUP);
        assertEquals(200, Signer.send(signer.signed(server.getURI().resolve("/v1/intercept/PRE_SIGNUP"), body).build()).statusCode());
        assertEquals(200, Signer.send(signer.signed(server.getURI().resolve("/v1/intercept/pre-signup"), body).build()).statusCode());
        HttpResponse<String> mismatch = Signer.send(signer.signed(server.getURI().resolve("/v1/intercept/PRE_SESSION_CREATION"), body).build());
        assertEquals(400, mismatch.statusCode());
        assertTrue(mismatch.body().contains("trigger_point"), mismatch.body());
    }

    static Stream<Arguments> badBodies() {
        String seed = new String(Payloads.bytes(Trigger.PRE_SIGNUP), StandardCharsets.UTF_8);
        return Stream.of(
                Arguments.of("", "body is empty"),
                Arguments.of("{\"trigger_point\": ", "invalid JSON"),
                Arguments.of(seed + " {}", "invalid JSON: more data after the end of the JSON value"),
                Arguments.of("{\"trigger_point\":\"PRE_SIGNUP\",\"trigger_point\":\"PRE_SIGNUP\"}", "Duplicate field"),
                Arguments.of("[]", "body: must be a JSON object"),
                Arguments.of("null", "body: must be a JSON object"),
                Arguments.of("\"x\"", "body: must be a JSON object"),
                Arguments.of("{}", "trigger_point: required"),
                Arguments.of("{\"trigger_point\": 7}", "trigger_point: must be a string"),
                Arguments.of("{\"trigger_point\": \"pre_signup\"}", "trigger_point: unsupported trigger"),
                Arguments.of("{\"trigger_point\": \"POST_USER_AUTHENTICATION\"}", "unsupported trigger"),
                Arguments.of("{\"trigger_point\": \"PRE_SIGNUP\"}", "interceptor_context: required"),
                Arguments.of("{\"trigger_point\": \"PRE_SIGNUP\", \"interceptor_context\": {}}", "interceptor_context.user_email: required"),
                Arguments.of("{\"trigger_point\": \"PRE_SIGNUP\", \"interceptor_context\": {\"user_email\": 5}}", "interceptor_context.user_email: must be a string"),
                Arguments.of(seed.replace("\"memberships\": [", "\"memberships\": [1, "), "data.user.memberships: must be an array of objects"),
                Arguments.of("{\"trigger_point\": \"PRE_M2M_TOKEN_CREATION\", \"interceptor_context\": {\"client_id\": \"c\"}, \"data\": {\"m2m_token_claims\": {\"claims\": {\"scopes\": \"a b\"}}}}",
                        "data.m2m_token_claims.claims.scopes: must be an array of strings"),
                Arguments.of("{\"a\":" + "[".repeat(200) + "]".repeat(200) + "}", "invalid JSON"));
    }

    @ParameterizedTest
    @MethodSource("badBodies")
    void refusesMalformedBodiesWith400NamingTheProblem(String body, String fragment) {
        HttpResponse<String> response = post(body);
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().contains(fragment), response.body());
        assertTrue(response.body().startsWith("{\"error\":{\"code\":\"bad_request\""), response.body());
        assertFalse(response.body().contains("Exception"), response.body());
    }

    @Test
    void refusesInvalidUtf8() {
        byte[] body = "{\"trigger_point\":\"PRE_SIGNUP\",\"x\":\"\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        HttpResponse<String> response = post(body);
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().contains("UTF-8") || response.body().contains("Invalid"), response.body());
    }

    @Test
    void toleratesUnknownFieldsFromThePlatform() {
        String seed = new String(Payloads.bytes(Trigger.PRE_USER_INVITATION), StandardCharsets.UTF_8);
        String extended = seed.replaceFirst("\\{", "{\"new_platform_field\": {\"x\": [1, 2]}, ");
        HttpResponse<String> response = post(extended);
        assertEquals(200, response.statusCode(), response.body());
    }

    @Test
    void refusesOversizedBodiesWith413() {
        String big = "{\"trigger_point\":\"PRE_SIGNUP\",\"pad\":\"" + "x".repeat(20_000) + "\"}";
        HttpResponse<String> response = post(big);
        assertEquals(413, response.statusCode(), response.body());
        assertTrue(response.body().contains("payload_too_large"), response.body());
    }

    @Test
    void refusesOtherMediaTypesWith415() {
        byte[] body = Payloads.bytes(Trigger.PRE_SIGNUP);
        HttpRequest request = signer.signed(url(), body).setHeader("content-type", "text/plain").build();
        HttpResponse<String> response = Signer.send(request);
        assertEquals(415, response.statusCode(), response.body());
        assertTrue(response.body().contains("unsupported_media_type"), response.body());
    }

    @Test
    void anUnsignedEmptyBodyIsASignatureProblemFirst() {
        HttpResponse<String> response = Signer.send(HttpRequest.newBuilder(url()).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(401, response.statusCode(), response.body());
    }

    @Test
    void refusesOtherMethodsWith405() {
        HttpResponse<String> response = Signer.send(HttpRequest.newBuilder(url()).GET().build());
        assertEquals(405, response.statusCode(), response.body());
        assertTrue(response.body().contains("method_not_allowed"), response.body());
    }

    /**
     * Skews stay a minute away from the ±300 s window where the clock's running could carry them
     * across it (a call that starts at x.999 s is checked in a later second); the exact boundaries
     * are SignatureVerifierTest's, on a fixed clock. Only ageing is safe at the edge: -301 s only
     * gets older.
     */
    static Stream<Arguments> badSignatures() {
        return Stream.of(
                Arguments.of("missing", 0L, false),
                Arguments.of("tampered", 0L, false),
                Arguments.of("old", -301L, false),
                Arguments.of("future", 360L, false),
                Arguments.of("skew-ok", -240L, true),
                Arguments.of("malformed", 0L, false),
                Arguments.of("too-many", 0L, false),
                Arguments.of("rotated-second-entry", 0L, true),
                Arguments.of("webhook-headers", 0L, true),
                Arguments.of("upper-case-headers", 0L, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSignatures")
    void verifiesSignatures(String kind, long skew, boolean accepted) {
        byte[] body = Payloads.bytes(Trigger.PRE_SIGNUP);
        String id = "msg_" + kind + System.nanoTime();
        long ts = System.currentTimeMillis() / 1000 + skew;
        String good = signer.sign(id, ts, body);
        HttpRequest.Builder b = HttpRequest.newBuilder(url()).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        String prefix = kind.equals("webhook-headers") ? "webhook-" : kind.equals("upper-case-headers") ? "Interceptor-" : "interceptor-";
        if (!kind.equals("missing")) {
            b.header(prefix + "id", id).header(prefix + "timestamp", Long.toString(ts));
            String signature = switch (kind) {
                case "tampered" -> new Signer(Signer.SECRET).sign(id + "x", ts, body);
                case "malformed" -> "v1 " + good.substring(3);
                case "too-many" -> (good + " ").repeat(11).trim();
                case "rotated-second-entry" -> "v1,AAAA" + " " + new Signer(Signer.OTHER_SECRET).sign(id, ts, body);
                default -> good;
            };
            b.header(prefix + "signature", signature);
        }
        HttpResponse<String> response = Signer.send(b.build());
        assertEquals(accepted ? 200 : 401, response.statusCode(), response.body());
        if (!accepted) {
            assertEquals("{\"error\":{\"code\":\"unauthorized\",\"message\":\"invalid or missing request signature\"}}", response.body());
        }
    }

    @Test
    void aReplayedIdGetsTheSameAnswerAndADifferentBodyIsRefused() {
        byte[] body = Payloads.bytes(Trigger.PRE_SIGNUP);
        HttpRequest first = signer.signed(url(), body).build();
        HttpResponse<String> a = Signer.send(first);
        HttpResponse<String> b = Signer.send(first);
        assertEquals(200, b.statusCode());
        assertEquals(a.body(), b.body());
        assertEquals(a.headers().firstValue("interlock-decision-id"), b.headers().firstValue("interlock-decision-id"));

        String id = first.headers().firstValue("interceptor-id").orElseThrow();
        long ts = Long.parseLong(first.headers().firstValue("interceptor-timestamp").orElseThrow());
        byte[] other = Payloads.bytes(Trigger.PRE_USER_INVITATION);
        HttpRequest replay = HttpRequest.newBuilder(url()).header("content-type", "application/json")
                .header("interceptor-id", id).header("interceptor-timestamp", Long.toString(ts))
                .header("interceptor-signature", signer.sign(id, ts, other))
                .POST(HttpRequest.BodyPublishers.ofByteArray(other)).build();
        assertEquals(401, Signer.send(replay).statusCode());
    }
}
