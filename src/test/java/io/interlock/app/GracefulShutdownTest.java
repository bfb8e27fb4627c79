package io.interlock.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interlock.service.EvaluationPool;
import io.interlock.testing.Payloads;
import io.interlock.trigger.Trigger;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Closing the service (what SIGTERM does) lets a call in flight finish and refuses new ones. */
class GracefulShutdownTest {

    private static final String SLOW = "export default () => { const end = Date.now() + 700; "
            + "while (Date.now() < end) {} return { decision: 'DENY', error: { message: 'slow no' } }; };";

    @TempDir
    Path folder;

    @Test
    void callInFlightFinishesAndNewCallsAreRefused() throws Exception {
        Files.createDirectories(folder.resolve("pre-signup"));
        Files.writeString(folder.resolve("pre-signup/10-slow.js"), SLOW);
        EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of("interlock.policies", folder.toString(),
                "interlock.allow-unsigned", true, "interlock.reload", false, "interlock.timeout-ms", 5000,
                "micronaut.server.port", -1));
        URI intercept = server.getURI().resolve("/v1/intercept");
        EvaluationPool pool = server.getApplicationContext().getBean(EvaluationPool.class);
        HttpClient client = HttpClient.newHttpClient();

        CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(request(intercept),
                HttpResponse.BodyHandlers.ofString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pool.active() == 0 && !inFlight.isDone() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertTrue(pool.active() > 0, "the call is being evaluated");

        CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> server.getApplicationContext().close());
        HttpResponse<String> answer = inFlight.get(10, TimeUnit.SECONDS);
        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("slow no"), answer.body());
        closing.get(15, TimeUnit.SECONDS);

        HttpClient fresh = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        assertThrows(IOException.class, () -> fresh.send(request(intercept), HttpResponse.BodyHandlers.ofString()));
    }

    private static HttpRequest request(URI uri) {
        return HttpRequest.newBuilder(uri).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Payloads.bytes(Trigger.PRE_SIGNUP))).build();
    }
}
