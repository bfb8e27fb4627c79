package io.interlock.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interlock.testing.Payloads;
import io.interlock.testing.RawHttp;
import io.interlock.trigger.Trigger;
import io.interlock.testing.Servers;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Without INTERLOCK_ADMIN_TOKEN the admin API answers a loopback caller only when the Host (and
 * Origin, when sent) name a loopback host too: a DNS-rebinding page connects to 127.0.0.1 under
 * its own name. Requests are written by hand so the Host header is exactly what a browser or an
 * attacker would send.
 */
class LocalAdminTest {

    private static EmbeddedServer server;

    @BeforeAll
    static void start() {
        server = Servers.start(Map.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Arguments> hosts() {
        return Stream.of(
                Arguments.of("Host: localhost:PORT", 200),
                Arguments.of("Host: localhost", 200),
                Arguments.of("Host: LocalHost:PORT", 200),
                Arguments.of("Host: localhost.:PORT", 200),
                Arguments.of("Host: 127.0.0.1:PORT", 200),
                Arguments.of("Host: 127.1.2.3", 200),
                Arguments.of("Host: [::1]:PORT", 200),
                Arguments.of("Host: [0:0:0:0:0:0:0:1]", 200),
                Arguments.of("Host: [::ffff:127.0.0.1]:PORT", 200),
                Arguments.of("Host: attacker.example", 403),
                Arguments.of("Host: attacker.example:PORT", 403),
                Arguments.of("Host: localhost.attacker.example", 403),
                Arguments.of("Host: attacker.localhost", 403),
                Arguments.of("Host: localhost..", 403),
                Arguments.of("Host: 127.0.0.1.attacker.example", 403),
                Arguments.of("Host: 2130706433", 403),
                Arguments.of("Host: 127.0.0.256", 403),
                Arguments.of("Host: 0177.0.0.1", 403),
                Arguments.of("Host: [::2]", 403),
                Arguments.of("Host: ::1", 403),
                Arguments.of("Host: [::1", 403),
                Arguments.of("Host: localhost:80:80", 403),
                Arguments.of("Host: localhost:http", 403),
                Arguments.of("Host: user@localhost", 403),
                Arguments.of("Host: 192.168.1.10:PORT", 403),
                Arguments.of("Host: localhost:PORT\r\nHost: attacker.example", 403),
                Arguments.of("Host: localhost:PORT\r\nOrigin: http://localhost:PORT", 200),
                Arguments.of("Host: localhost:PORT\r\nOrigin: http://attacker.example", 403),
                Arguments.of("Host: localhost:PORT\r\nOrigin: null", 403));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource("hosts")
    void adminApiNeedsALoopbackHost(String headers, int status) {
        for (String path : new String[] {"/v1/policies", "/v1/policies/types", "/v1/decisions"}) {
            RawHttp.Answer answer = get(path, headers);
            assertEquals(status, answer.status(), path + " " + headers);
            if (status == 403 && !headers.contains("Origin")) {
                // (a foreign Origin is refused by Micronaut's CORS filter first, with an empty body)
                assertForbidden(answer);
            }
        }
    }

    @Test
    void dryRunNeedsALoopbackHostToo() {
        String body = "{\"payload\":" + Payloads.of(Trigger.PRE_SIGNUP) + "}";
        RawHttp.Answer foreign = post("/v1/evaluate", "Host: attacker.example:" + port(), body);
        assertEquals(403, foreign.status(), foreign.body());
        assertForbidden(foreign);
        RawHttp.Answer local = post("/v1/evaluate", "Host: localhost:" + port(), body);
        assertEquals(200, local.status(), local.body());
    }

    @Test
    void aMissingHostIsNotLocal() {
        RawHttp.Answer answer = RawHttp.send("127.0.0.1", port(), "GET /v1/policies HTTP/1.0", "");
        assertEquals(403, answer.status(), answer.body());
    }

    @Test
    void thePageAndHealthAnswerAnyHost() {
        assertEquals(200, get("/", "Host: attacker.example").status());
        assertEquals(200, get("/health", "Host: attacker.example").status());
    }

    @Test
    void aCallerOnAnotherAddressIsRefusedWhateverItsHost() {
        Optional<InetAddress> own = nonLoopbackAddress();
        Assumptions.assumeTrue(own.isPresent(), "this machine has no non-loopback IPv4 address");
        RawHttp.Answer answer = RawHttp.send(own.get().getHostAddress(), port(),
                "GET /v1/policies HTTP/1.1\r\nHost: localhost:" + port(), "");
        assertEquals(403, answer.status(), answer.body());
        assertForbidden(answer);
    }

    private static void assertForbidden(RawHttp.Answer answer) {
        assertTrue(answer.head().toLowerCase().contains("content-type: application/json"), answer.head());
        assertTrue(answer.body().contains("\"code\":\"forbidden\""), answer.body());
        assertTrue(answer.body().contains("INTERLOCK_ADMIN_TOKEN"), answer.body());
    }

    private static RawHttp.Answer get(String path, String headers) {
        return RawHttp.send("127.0.0.1", port(), "GET " + path + " HTTP/1.1\r\n" + headers.replace("PORT", "" + port()), "");
    }

    private static RawHttp.Answer post(String path, String headers, String body) {
        return RawHttp.send("127.0.0.1", port(), "POST " + path + " HTTP/1.1\r\n" + headers
                + "\r\nContent-Type: application/json", body);
    }

    private static int port() {
        return server.getPort();
    }

    private static Optional<InetAddress> nonLoopbackAddress() {
        try {
            return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                    .filter(LocalAdminTest::isUp)
                    .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                    .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                    .findFirst();
        } catch (SocketException e) {
            return Optional.empty();
        }
    }

    private static boolean isUp(NetworkInterface i) {
        try {
            return i.isUp() && !i.isLoopback();
        } catch (SocketException e) {
            return false;
        }
    }
}
