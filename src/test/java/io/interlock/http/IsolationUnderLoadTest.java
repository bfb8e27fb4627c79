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
import org.junit.jupiter.api.Test;

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
}
