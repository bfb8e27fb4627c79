package io.interlock.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.interlock.testing.Payloads;
import io.interlock.testing.Signer;
import io.interlock.trigger.Trigger;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A failing policy's answer per INTERLOCK_ON_ERROR, with per-trigger overrides. */
class OnErrorTest {

    static Stream<Arguments> modes() {
        return Stream.of(
                Arguments.of(Map.of(), 200, "{\"decision\":\"DENY\",\"error\":{\"message\":\"The request could not be completed due to a policy restriction.\"}}"),
                Arguments.of(Map.of("interlock.on-error", "deny"), 200, "{\"decision\":\"DENY\",\"error\":{\"message\":\"The request could not be completed due to a policy restriction.\"}}"),
                Arguments.of(Map.of("interlock.on-error", "allow"), 200, "{\"decision\":\"ALLOW\"}"),
                Arguments.of(Map.of("interlock.on-error", "error"), 503, null),
                Arguments.of(Map.of("interlock.on-error", "deny", "interlock.pre-signup.on-error", "allow"), 200, "{\"decision\":\"ALLOW\"}"),
                Arguments.of(Map.of("interlock.on-error", "allow", "interlock.pre-signup.on-error", "error"), 503, null));
    }

    @ParameterizedTest
    @MethodSource("modes")
    void answersAFailingPolicyAsConfigured(Map<String, Object> settings, int status, String body) {
        Map<String, Object> properties = new java.util.HashMap<>(settings);
        properties.put("interlock.policies", "src/test/resources/failing-policies");
        properties.put("interlock.signing-secrets", Signer.SECRET);
        properties.put("micronaut.server.port", -1);
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, properties)) {
            HttpResponse<String> response = Signer.send(new Signer(Signer.SECRET)
                    .signed(server.getURI().resolve("/v1/intercept"), Payloads.bytes(Trigger.PRE_SIGNUP)).build());
            assertEquals(status, response.statusCode(), response.body());
            if (body != null) {
                assertEquals(body, response.body());
            } else {
                assertFalse(response.body().contains("policy bug"), "internal details must not reach the platform");
            }
        }
    }

    @org.junit.jupiter.api.Test
    void aRetriedCallThatGot503IsEvaluatedAgainNotReplayed() {
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "interlock.policies", "src/test/resources/failing-policies", "interlock.on-error", "error",
                "interlock.signing-secrets", Signer.SECRET, "interlock.reload", false, "micronaut.server.port", -1))) {
            java.net.http.HttpRequest call = new Signer(Signer.SECRET)
                    .signed(server.getURI().resolve("/v1/intercept"), Payloads.bytes(Trigger.PRE_SIGNUP)).build();
            HttpResponse<String> first = Signer.send(call);
            HttpResponse<String> retry = Signer.send(call);
            assertEquals(503, first.statusCode());
            assertEquals(503, retry.statusCode());
            org.junit.jupiter.api.Assertions.assertNotEquals(first.headers().firstValue("interlock-decision-id"),
                    retry.headers().firstValue("interlock-decision-id"), "the retry was evaluated, not served from the replay memory");
        }
    }
}
