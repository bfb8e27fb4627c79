package io.interlock.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interlock.log.DecisionLog;
import io.interlock.testing.Payloads;
import io.interlock.testing.Servers;
import io.interlock.testing.Upstream;
import io.interlock.trigger.Trigger;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An Auth0 Action that puts its secret everywhere it can (as a fetch() method, in a URL path and
 * a header, on the console, in its denial), called through /v1/intercept with one worker: the
 * secret reaches the upstream only where the Action sent it on purpose, never as a method, and
 * nothing Interlock answers or records holds it: the answer, the decision log line, the
 * database, /v1/decisions, the dry run's trace.
 */
class SecretsNotRecordedTest {

    static final String SECRET = "sk_live_4eC39HqLyjWDarjtT1zdp7dc";

    @TempDir
    Path folder;

    @Test
    void nothingRecordedHoldsTheSecret() throws Exception {
        Files.createDirectories(folder.resolve("policies/pre-m2m-token-creation"));
        Files.createDirectories(folder.resolve("db"));
        Files.writeString(folder.resolve("secrets.json"), "{\"API_KEY\": \"" + SECRET + "\"}");
        try (Upstream upstream = new Upstream()) {
            Files.writeString(folder.resolve("policies/pre-m2m-token-creation/10-leaky.js"), """
                    exports.onExecuteCredentialsExchange = async (event, api) => {
                      const key = event.secrets.API_KEY;
                      console.log('key', key);
                      try { await fetch('%1$s/echo', {method: key}); } catch (e) { console.log(e.message); }
                      await fetch(`%1$s/echo/${key}`, {headers: {authorization: `Bearer ${key}`}});
                      api.access.deny('invalid_request', `refused with ${key}`);
                    };
                    """.formatted(upstream.base()));
            Path log = folder.resolve("decisions.log");
            try (EmbeddedServer server = Servers.start(Map.of(
                    "interlock.policies", folder.resolve("policies").toString(),
                    "interlock.secrets-file", folder.resolve("secrets.json").toString(),
                    "interlock.allow-unsigned", true,
                    "interlock.workers", 1,
                    "interlock.fetch-allow", "127.0.0.1:" + upstream.port(),
                    "interlock.log-sink", "file",
                    "interlock.log-file", log.toString(),
                    "interlock.decision-db", "jdbc:sqlite:" + folder.resolve("db/decisions.db")))) {
                int warmUp = upstream.seen().size(); // loading and warming up send nothing, but say so if they did
                HttpResponse<String> answer = post(server, "/v1/intercept", Payloads.bytes(Trigger.PRE_M2M_TOKEN_CREATION));
                assertEquals("{\"decision\":\"DENY\",\"error\":{\"message\":\"refused with [secret API_KEY]\"}}", answer.body());
                String id = answer.headers().firstValue("interlock-decision-id").orElseThrow();
                HttpResponse<String> dryRun = post(server, "/v1/evaluate", ("{\"payload\": "
                        + new String(Payloads.bytes(Trigger.PRE_M2M_TOKEN_CREATION), StandardCharsets.UTF_8) + "}")
                        .getBytes(StandardCharsets.UTF_8));
                assertTrue(server.getApplicationContext().getBean(DecisionLog.class).flush(Duration.ofSeconds(60)));
                String stored = get(server, "/v1/decisions/" + id);

                assertEquals(List.of("GET /echo/" + SECRET, "GET /echo/" + SECRET),
                        upstream.seen().stream().skip(warmUp).map(s -> s.method() + " " + s.path()).toList(),
                        "sent in the path where the Action put it, twice (intercept, dry run), never as a method");
                assertTrue(stored.contains("\"method\":\"?\"") && stored.contains("[secret API_KEY]"), stored);
                assertTrue(dryRun.body().contains("the method must be one of"), dryRun.body());
                for (String text : List.of(answer.body(), dryRun.body(), stored)) {
                    assertFalse(text.contains(SECRET), text);
                }
                assertFalse(Files.readString(log).isEmpty());
                try (Stream<Path> files = Stream.concat(Stream.of(log), Files.list(folder.resolve("db")))) {
                    for (Path file : files.toList()) {
                        String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                        assertFalse(bytes.contains(SECRET), () -> file + " holds the secret");
                    }
                }
            }
        }
    }

    private static HttpResponse<String> post(EmbeddedServer server, String path, byte[] body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.getURI().resolve(path))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String get(EmbeddedServer server, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.getURI().resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
