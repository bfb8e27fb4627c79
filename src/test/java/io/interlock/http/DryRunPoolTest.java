package io.interlock.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.interlock.service.DryRunPool;
import io.interlock.testing.Payloads;
import io.interlock.testing.Signer;
import io.interlock.trigger.Trigger;
import io.interlock.testing.Servers;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Dry runs have workers of their own. With every dry-run worker and queue slot held by a slow
 * dry run (blocked on a latch, not on the clock), another dry run gets 503 at once and the
 * interceptor URL still answers: it never waits behind the playground.
 */
class DryRunPoolTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Only a bound for a broken build, where the call would wait for the latch forever. */
    private static final Duration HANG = Duration.ofSeconds(60);

    private EmbeddedServer server;
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() {
        server = Servers.start(Map.of("interlock.allow-unsigned", true, "interlock.workers", 1, "interlock.queue", 0,
                "interlock.dry-run-workers", 1, "interlock.dry-run-queue", 1));
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.close();
    }

    @Test
    void aFloodOfDryRunsLeavesTheInterceptorItsWorkers() throws Exception {
        saturateDryRuns();

        HttpResponse<String> dryRun = Signer.send(HttpRequest.newBuilder(server.getURI().resolve("/v1/evaluate"))
                .timeout(HANG).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"payload\":" + Payloads.of(Trigger.PRE_SIGNUP) + "}")).build());
        assertEquals(503, dryRun.statusCode(), dryRun.body());
        JsonNode error = JSON.readTree(dryRun.body()).path("error");
        assertEquals("overloaded", error.path("code").asText());
        assertTrue(error.path("message").asText().contains("INTERLOCK_DRY_RUN_WORKERS"), dryRun.body());

        HttpResponse<String> intercept = Signer.send(HttpRequest.newBuilder(server.getURI().resolve("/v1/intercept"))
                .timeout(HANG).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Payloads.bytes(Trigger.PRE_SIGNUP))).build());
        assertEquals(200, intercept.statusCode(), intercept.body());
        assertEquals("ALLOW", JSON.readTree(intercept.body()).path("decision").asText());
    }

    @Test
    void healthShowsTheDryRunPoolApart() throws Exception {
        saturateDryRuns();
        HttpResponse<String> health = Signer.send(HttpRequest.newBuilder(server.getURI().resolve("/health")).build());
        JsonNode details = JSON.readTree(health.body()).path("details").path("interceptor").path("details");
        assertEquals(1.0, details.path("dry_run_pool").path("saturation").asDouble(), health.body());
        assertEquals(0.0, details.path("pool").path("saturation").asDouble(), health.body());
    }

    /** One dry run running (known to have started) and one queued, both held until {@link #release}. */
    private void saturateDryRuns() throws InterruptedException {
        DryRunPool dryRuns = server.getApplicationContext().getBean(DryRunPool.class);
        CountDownLatch running = new CountDownLatch(1);
        CompletableFuture<Void> first = dryRuns.pool().submit(() -> {
            running.countDown();
            awaitRelease();
            return null;
        });
        assertTrue(running.await(HANG.toSeconds(), TimeUnit.SECONDS), "the dry-run worker never started");
        CompletableFuture<Void> queued = dryRuns.pool().submit(() -> {
            awaitRelease();
            return null;
        });
        assertTrue(!first.isCompletedExceptionally() && !queued.isCompletedExceptionally(), "the pool refused the slow runs");
    }

    private Void awaitRelease() {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }
}
