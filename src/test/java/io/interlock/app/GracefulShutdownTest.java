package io.interlock.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
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

    /**
     * Busy for 2 s of wall-clock time for the "slow" caller (not for the warm-up's sample payload),
     * so the close below starts while the call is evaluated even when the test thread is starved
     * for a while. It reads the clock only every 10,000 loop turns: each interpreted Date.now()
     * allocates, and the memory budget counts allocation.
     */
    private static final String SLOW = "export default (ctx) => { if (!ctx.interceptor_context.user_email.startsWith('slow@')) {"
            + " return { decision: 'ALLOW' }; } const end = Date.now() + 2000; let turns = 0;"
            + " while (Date.now() < end) { for (let i = 0; i < 10000; i++) { turns++; } }"
            + " return { decision: 'DENY', error: { message: 'slow no' } }; };";
    /** Bounds for work that must finish: they only cost time when the test fails anyway. */
    private static final long MUST_FINISH_S = 60;

    @TempDir
    Path folder;

    @Test
    void callInFlightFinishesAndNewCallsAreRefused() throws Exception {
        Files.createDirectories(folder.resolve("pre-signup"));
        Files.writeString(folder.resolve("pre-signup/10-slow.js"), SLOW);
        // The time limit and the grace period far beyond the 2 s the policy takes, however busy the machine.
        EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of("interlock.policies", folder.toString(),
                "interlock.allow-unsigned", true, "interlock.reload", false, "interlock.timeout-ms", 30_000,
                "micronaut.lifecycle.graceful-shutdown.grace-period", "60s", "micronaut.server.port", -1));
        URI intercept = server.getURI().resolve("/v1/intercept");
        EvaluationPool pool = server.getApplicationContext().getBean(EvaluationPool.class);
        HttpClient client = HttpClient.newHttpClient();

        CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(request(intercept),
                HttpResponse.BodyHandlers.ofString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(MUST_FINISH_S);
        while (pool.active() == 0 && !inFlight.isDone() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertTrue(pool.active() > 0, "the call is being evaluated (done before it was seen: " + inFlight.isDone() + ")");

        CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> server.getApplicationContext().close());
        HttpResponse<String> answer = inFlight.get(MUST_FINISH_S, TimeUnit.SECONDS);
        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("slow no"), answer.body());
        closing.get(MUST_FINISH_S, TimeUnit.SECONDS);

        HttpClient fresh = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        assertThrows(IOException.class, () -> fresh.send(request(intercept), HttpResponse.BodyHandlers.ofString()));
    }

    private static HttpRequest request(URI uri) {
        ObjectNode payload = Payloads.of(Trigger.PRE_SIGNUP).deepCopy();
        ((ObjectNode) payload.get("interceptor_context")).put("user_email", "slow@acmecorp.com");
        return HttpRequest.newBuilder(uri).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(payload.toString())).build();
    }
}
