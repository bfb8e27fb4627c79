package io.interlock.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interlock.testing.Signer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** With INTERLOCK_ADMIN_TOKEN set, the admin API needs it; the interceptor URL and page do not. */
class AdminGuardTest {

    private static final String TOKEN = "s3cret-admin-token";
    private static EmbeddedServer server;

    @BeforeAll
    static void start() {
        server = ApplicationContext.run(EmbeddedServer.class, Map.of("interlock.policies", "policies",
                "interlock.admin-token", TOKEN, "interlock.reload", false, "micronaut.server.port", -1));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Arguments> calls() {
        return Stream.of(
                Arguments.of("GET", "/v1/policies", null, 401),
                Arguments.of("GET", "/v1/policies", "Bearer wrong", 401),
                Arguments.of("GET", "/v1/policies", "Basic " + TOKEN, 401),
                Arguments.of("GET", "/v1/policies", "Bearer " + TOKEN, 200),
                Arguments.of("GET", "/v1/policies/types", null, 401),
                Arguments.of("GET", "/v1/policies/types", "bearer " + TOKEN, 200),
                Arguments.of("POST", "/v1/evaluate", null, 401),
                Arguments.of("POST", "/v1/evaluate", "Bearer " + TOKEN, 400),
                Arguments.of("GET", "/v1/decisions", null, 401),
                Arguments.of("GET", "/v1/decisions/stats", null, 401),
                Arguments.of("GET", "/v1/decisions/stats", "Bearer " + TOKEN, 200),
                Arguments.of("GET", "/", null, 200),
                Arguments.of("GET", "/health", null, 200));
    }

    @ParameterizedTest
    @MethodSource("calls")
    void adminEndpointsNeedTheToken(String method, String path, String authorization, int status) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.getURI().resolve(path))
                .method(method, "POST".equals(method) ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody())
                .header("content-type", "application/json");
        if (authorization != null) {
            request.header("authorization", authorization);
        }
        HttpResponse<String> response = Signer.send(request.build());
        assertEquals(status, response.statusCode(), response.body());
        if (status == 401) {
            assertTrue(response.body().contains("\"unauthorized\""), response.body());
            assertEquals("Bearer", response.headers().firstValue("www-authenticate").orElse(""));
        }
    }
}
