package io.interlock.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interlock.testing.Signer;
import io.interlock.testing.Servers;
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

/**
 * Every response, page or API, success or error, carries the Content-Security-Policy, nosniff and
 * frame protection (the browser test checks the page works under them).
 */
class SecurityHeadersTest {

    private static EmbeddedServer server;

    @BeforeAll
    static void start() {
        server = Servers.start(Map.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Arguments> responses() {
        return Stream.of(
                Arguments.of("GET", "/", 200),
                Arguments.of("GET", "/js/main.js", 200),
                Arguments.of("GET", "/app.css", 200),
                Arguments.of("GET", "/webjars/monaco-editor/0.52.2/min/vs/base/worker/workerMain.js", 200),
                Arguments.of("GET", "/v1/policies", 200),
                Arguments.of("GET", "/health", 200),
                Arguments.of("GET", "/metrics", 200),
                Arguments.of("GET", "/no-such-page", 404),
                Arguments.of("POST", "/v1/intercept", 401),
                Arguments.of("PUT", "/v1/intercept", 405));
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @MethodSource("responses")
    void everyResponseCarriesTheHeaders(String method, String path, int status) {
        HttpResponse<String> response = Signer.send(HttpRequest.newBuilder(server.getURI().resolve(path))
                .method(method, HttpRequest.BodyPublishers.ofString(method.equals("GET") ? "" : "{}"))
                .header("content-type", "application/json").build());
        assertEquals(status, response.statusCode());
        var headers = response.headers();
        assertEquals(SecurityHeaders.CONTENT_SECURITY_POLICY, headers.firstValue("content-security-policy").orElse(""));
        assertTrue(SecurityHeaders.CONTENT_SECURITY_POLICY.contains("frame-ancestors 'none'"));
        assertTrue(SecurityHeaders.CONTENT_SECURITY_POLICY.contains("script-src 'self';"), "no inline script, no eval");
        assertEquals("nosniff", headers.firstValue("x-content-type-options").orElse(""));
        assertEquals("DENY", headers.firstValue("x-frame-options").orElse(""));
        assertEquals(1, headers.allValues("content-security-policy").size(), "one policy, not two");
    }
}
