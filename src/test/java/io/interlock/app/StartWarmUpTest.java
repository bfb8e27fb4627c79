package io.interlock.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.interlock.testing.Await;
import io.interlock.testing.LogCapture;
import io.interlock.testing.Payloads;
import io.interlock.testing.Servers;
import io.interlock.testing.Signer;
import io.interlock.trigger.Trigger;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 23 item 2: ready means warm. The port opens with the policies loaded; then each chain is
 * tried on its samples and warmed on every context, and only then does readiness turn UP. Meanwhile
 * liveness is UP and calls are answered. The warm-up is held (see {@link HeldWarmUp}) so the state
 * in between is checked as a state.
 */
class StartWarmUpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration BOUND = Duration.ofSeconds(120);

    @RegisterExtension
    final LogCapture log = new LogCapture();
    private EmbeddedServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start(Map<String, Object> settings) {
        Map<String, Object> all = new HashMap<>(Map.of("interlock.warm-up-seconds", 60, "interlock.allow-unsigned", true));
        all.putAll(settings);
        server = Servers.start(all);
    }

    @Test
    void untilTheChainsAreWarmTheServiceAnswersAndLivesButIsNotReady() throws Exception {
        start(Map.of("interlock.test.hold-warm-up", true));
        HeldWarmUp held = server.getApplicationContext().getBean(HeldWarmUp.class);
        assertEquals(1, held.held(), "the warm-up waits for its start, once the port is open");

        HttpResponse<String> readiness = get("/health/readiness");
        assertEquals(503, readiness.statusCode(), readiness.body());
        assertEquals("WARMING_UP", JSON.readTree(readiness.body()).path("status").asText(), readiness.body());
        assertEquals(200, get("/health/liveness").statusCode());
        JsonNode policies = JSON.readTree(get("/health").body()).at("/details/policies");
        assertEquals("WARMING_UP", policies.path("status").asText(), policies.toString());
        assertEquals(false, policies.at("/details/warmed_up").asBoolean(), policies.toString());
        assertEquals(200, intercept().statusCode(), "calls are answered meanwhile, only more slowly");

        held.release();
        Await.until(BOUND, "ready once warm", () -> get("/health/readiness").statusCode() == 200);
        assertTrue(JSON.readTree(get("/health").body()).at("/details/policies/details/warmed_up").asBoolean());
        List<String> lines = log.lines(Level.INFO, "");
        assertTrue(lines.stream().anyMatch(l -> l.matches("warmed up in \\d+\\.\\d s: ready")), lines.toString());
        // every context of every chain: interceptor workers (2 in tests here, one per core) + dry-run workers + a spare
        int contexts = server.getApplicationContext().getBean(io.interlock.config.InterlockConfig.class).workers()
                + server.getApplicationContext().getBean(io.interlock.config.InterlockConfig.class).dryRunWorkers() + 1;
        for (Trigger trigger : Trigger.values()) {
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(trigger.wireName() + ": tried on ")
                    && l.contains(" decided), then " + contexts + " contexts warmed, ")), trigger + ": " + lines);
        }
        assertEquals(1, JSON.readTree(get("/v1/decisions").body()).path("decisions").size(),
                "the call above only: the warm-up records no decision");
    }

    /** A chain that fails on every sample still serves (there is nothing else to serve), and the log says so. */
    @Test
    void aChainThatFailsOnEverySampleIsWarnedAbout() {
        start(Map.of("interlock.policies", "src/test/resources/failing-policies"));
        Await.until(BOUND, "ready once warm", () -> get("/health/readiness").statusCode() == 200);
        List<String> warnings = log.lines(Level.WARN, "PRE_SIGNUP: fails on every sample");
        assertEquals(1, warnings.size(), log.toString());
        assertTrue(warnings.get(0).contains("e.g. the seed payload of PRE_SIGNUP: policy_error ")
                && warnings.get(0).contains("Error: policy bug") && warnings.get(0).endsWith("answered per INTERLOCK_ON_ERROR"),
                warnings.get(0));
    }

    @Test
    void withoutAWarmUpItIsReadyAsSoonAsThePoliciesLoad() {
        start(Map.of("interlock.warm-up-seconds", 0));
        assertEquals(200, get("/health/readiness").statusCode());
        assertEquals(List.of("warm-up off (INTERLOCK_WARM_UP_SECONDS=0): ready; the first calls will be slower"),
                log.lines(Level.INFO, "warm-up off"));
    }

    private HttpResponse<String> get(String path) {
        return Signer.send(HttpRequest.newBuilder(server.getURI().resolve(path)).build());
    }

    private HttpResponse<String> intercept() {
        return Signer.send(HttpRequest.newBuilder(server.getURI().resolve("/v1/intercept")).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Payloads.bytes(Trigger.PRE_SIGNUP))).build());
    }
}
