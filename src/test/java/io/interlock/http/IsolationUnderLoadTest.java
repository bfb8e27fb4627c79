package io.interlock.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.interlock.testing.Payloads;
import io.interlock.testing.Signer;
import io.interlock.trigger.Trigger;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import io.interlock.testing.IsolationProbes;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Strict isolation under concurrent load in one server process: a policy that pollutes
 * everything it can (module state, globals, prototypes, builtins, shared data) is called by
 * many clients at once, and every call must find a pristine realm.
 */
class IsolationUnderLoadTest {

    private static final int CLIENTS = 8;
    private static final int CALLS_EACH = 60;

    @Test
    void noCallSeesAnotherCallsState() throws Exception {
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "interlock.policies", "src/test/resources/polluting-policies", "interlock.signing-secrets", Signer.SECRET,
                "interlock.reload", false, "micronaut.server.port", -1))) {
            Signer signer = new Signer(Signer.SECRET);
            Map<String, Integer> answers = new ConcurrentHashMap<>();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> work = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                work.add(clients.submit(() -> {
                    for (int i = 0; i < CALLS_EACH; i++) {
                        HttpResponse<String> response = Signer.send(signer.signed(server.getURI().resolve("/v1/intercept"),
                                Payloads.bytes(Trigger.PRE_SIGNUP)).build());
                        answers.merge(response.statusCode() + " " + response.body(), 1, Integer::sum);
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get(120, TimeUnit.SECONDS);
            }
            clients.shutdown();
            assertEquals(Map.of("200 {\"decision\":\"ALLOW\"}", CLIENTS * CALLS_EACH), answers);
        }
    }

    /**
     * Every isolation probe through the interceptor URL on one worker, so calls reuse its
     * contexts: a policy that detects then pollutes, and a chain whose first policy pollutes and
     * whose second detects. Every answer must be a clean ALLOW.
     */
    @Test
    void everyProbeFindsAPristineRealmThroughTheInterceptorUrl(@TempDir Path policies) throws Exception {
        Files.createDirectories(policies.resolve("pre-signup"));
        Files.createDirectories(policies.resolve("pre-session-creation"));
        Files.writeString(policies.resolve("pre-signup/10-probes.js"), IsolationProbes.detectThenPolluteAll());
        Files.writeString(policies.resolve("pre-session-creation/10-polluter.js"), IsolationProbes.polluter(IsolationProbes.withinOneChain()));
        Files.writeString(policies.resolve("pre-session-creation/20-detector.js"), IsolationProbes.detector(IsolationProbes.withinOneChain()));
        Files.createDirectories(policies.resolve("data"));
        Files.writeString(policies.resolve("data/list.json"), "[\"a\"]");
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "interlock.policies", policies.toString(), "interlock.signing-secrets", Signer.SECRET,
                "interlock.reload", false, "interlock.timeout-ms", 10_000, "interlock.workers", 1,
                "micronaut.server.port", -1))) {
            Signer signer = new Signer(Signer.SECRET);
            List<String> answers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                for (Trigger trigger : List.of(Trigger.PRE_SIGNUP, Trigger.PRE_SESSION_CREATION)) {
                    HttpResponse<String> response = Signer.send(signer.signed(server.getURI().resolve("/v1/intercept"),
                            Payloads.bytes(trigger)).build());
                    answers.add(response.statusCode() + " " + response.body());
                }
            }
            assertEquals(java.util.Collections.nCopies(12, "200 {\"decision\":\"ALLOW\"}"), answers);
        }
    }
}
