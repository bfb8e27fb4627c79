package io.interlock.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * https to the address that was checked: the connection goes to the loopback address the name
 * resolved to, and the TLS handshake still names (SNI) and verifies the host the policy asked
 * for. The server's certificate (made with the JDK's keytool) is for api.example.test only.
 */
class TlsTest {

    @TempDir
    static Path dir;
    static HttpsServer server;
    static SSLContext client;

    @BeforeAll
    static void start() throws Exception {
        Path keystore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=api.example.test",
                "-ext", "SAN=dns:api.example.test", "-validity", "2", "-keystore", keystore.toString(),
                "-storepass", "changeit", "-storetype", "PKCS12").redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, output);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "changeit".toCharArray());
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        server.createContext("/", exchange -> {
            byte[] body = ("{\"host\":\"" + exchange.getRequestHeaders().getFirst("Host") + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();

        Certificate certificate = keys.getCertificate("server");
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("server", certificate);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    static InetAddress[] loopback(String host) throws UnknownHostException {
        return new InetAddress[] {InetAddress.getLoopbackAddress()};
    }

    static FetchResult get(String host) {
        int port = server.getAddress().getPort();
        FetchSettings settings = FetchSettings.defaults().withAllow(Allowlist.parse(host + ":" + port))
                .withResolver(TlsTest::loopback).withTls(client);
        try (NetworkOutbound outbound = new NetworkOutbound(settings)) {
            String json = "{\"url\":\"https://" + host + ":" + port + "/\",\"method\":\"GET\",\"headers\":[],\"body\":null}";
            FetchRequest request = FetchRequest.parse(json, 1024).request();
            return outbound.send(request, new Outbound.Budget(Duration.ofSeconds(60), false));
        }
    }

    @Test
    void theHandshakeVerifiesTheNameWhileTheConnectionGoesToTheCheckedAddress() {
        FetchResult.Response response = (FetchResult.Response) get("api.example.test");
        assertEquals(200, response.status());
        assertEquals("{\"host\":\"api.example.test:" + server.getAddress().getPort() + "\"}",
                new String(response.body(), StandardCharsets.UTF_8));
    }

    @Test
    void aCertificateForAnotherNameIsRefused() {
        FetchResult.Failed failed = (FetchResult.Failed) get("other.example.test");
        assertEquals(FetchError.CONNECT, failed.error());
        assertTrue(failed.message().startsWith("fetch GET other.example.test:" + server.getAddress().getPort()
                + ": could not connect: TLS: "), failed.message());
    }

    @Test
    void theSystemTrustStoreDoesNotTrustTheTestCertificate() {
        int port = server.getAddress().getPort();
        FetchSettings settings = FetchSettings.defaults().withAllow(Allowlist.parse("api.example.test:" + port))
                .withResolver(TlsTest::loopback);
        try (NetworkOutbound outbound = new NetworkOutbound(settings)) {
            String json = "{\"url\":\"https://api.example.test:" + port + "/\",\"method\":\"GET\",\"headers\":[],\"body\":null}";
            FetchResult result = outbound.send(FetchRequest.parse(json, 1024).request(), new Outbound.Budget(Duration.ofSeconds(60), false));
            assertEquals(List.of(FetchError.CONNECT), List.of(((FetchResult.Failed) result).error()), result.toString());
        }
    }
}
