package io.interlock.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.interlock.testing.Payloads;
import io.interlock.testing.Signer;
import io.interlock.trigger.Trigger;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot reload against a running server: edits, a broken version, renames, deletes and data
 * changes, driven by calling the watcher's check directly (deterministic), plus one run on the
 * real timer. How soon the timer applies a change depends on the machine's load, so that run
 * checks that it happens, not how fast.
 */
class PolicyReloadTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALLOW = "export default () => ({ decision: 'ALLOW' });\n";
    private static final String DENY = "export default () => ({ decision: 'DENY', error: { message: 'closed' } });\n";
    private static final String FROM_DATA =
            "export default (ctx, data) => ({ decision: data.gate.open ? 'ALLOW' : 'DENY' });\n";

    /** Bounds for work that must finish: they only cost time when the test fails anyway. */
    private static final long MUST_FINISH_S = 60;

    @TempDir
    Path folder;
    private EmbeddedServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private PolicyWatcher start(boolean reload) throws IOException {
        Files.createDirectories(folder.resolve("pre-signup"));
        write("pre-signup/10-gate.js", ALLOW);
        server = ApplicationContext.run(EmbeddedServer.class, Map.of("interlock.policies", folder.toString(),
                "interlock.allow-unsigned", true, "interlock.reload", reload, "micronaut.server.port", -1));
        return server.getApplicationContext().getBean(PolicyWatcher.class);
    }

    @Test
    void editsBrokenVersionsRenamesAndDeletesTakeEffect() throws Exception {
        PolicyWatcher watcher = start(false);
        assertEquals("ALLOW", decision());

        write("pre-signup/10-gate.js", DENY);
        watcher.check();
        assertEquals("DENY", decision());

        write("pre-signup/10-gate.js", "export default () => ({ decision: 'ALLOW' ");
        watcher.check();
        assertEquals("DENY", decision(), "a version that does not load is refused; the last good one serves");
        JsonNode trigger = policies().path("triggers").get(0);
        String located = trigger.path("errors").get(0).path("located").asText();
        assertTrue(located.matches(".*10-gate\\.js:\\d+:\\d+: SyntaxError.*"), located);

        write("pre-signup/10-gate.js", ALLOW);
        watcher.check();
        assertEquals("ALLOW", decision(), "recovers as soon as the file is fixed");
        assertEquals(0, policies().path("triggers").get(0).path("errors").size());

        Files.move(folder.resolve("pre-signup/10-gate.js"), folder.resolve("pre-signup/20-renamed.js"));
        write("pre-signup/10-first.js", DENY);
        watcher.check();
        JsonNode files = policies().path("triggers").get(0).path("files");
        assertEquals(List.of("10-first.js", "20-renamed.js"), List.of(files.get(0).path("name").asText(), files.get(1).path("name").asText()));
        assertTrue(files.get(0).path("hash").asText().startsWith("sha256:"));
        assertTrue(files.get(0).has("loaded_at"));
        assertEquals("DENY", decision());

        Files.delete(folder.resolve("pre-signup/10-first.js"));
        Files.delete(folder.resolve("pre-signup/20-renamed.js"));
        watcher.check();
        assertEquals("ALLOW", decision(), "no policy files: ALLOW with nothing added");
    }

    @Test
    void dataFilesAreReloadedWithThePolicies() throws Exception {
        PolicyWatcher watcher = start(false);
        Files.createDirectories(folder.resolve("data"));
        write("data/gate.json", "{\"open\": false}");
        write("pre-signup/10-gate.js", FROM_DATA);
        watcher.check();
        assertEquals("DENY", decision());
        write("data/gate.json", "{\"open\": true}");
        watcher.check();
        assertEquals("ALLOW", decision());
    }

    @Test
    void callsInFlightDuringReloadsAllGetAValidAnswer() throws Exception {
        PolicyWatcher watcher = start(false);
        AtomicBoolean running = new AtomicBoolean(true);
        Set<String> seen = ConcurrentHashMap.newKeySet();
        List<String> failures = new ArrayList<>();
        ExecutorService callers = Executors.newFixedThreadPool(4);
        CountDownLatch started = new CountDownLatch(4);
        List<Future<?>> work = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            work.add(callers.submit(() -> {
                started.countDown();
                while (running.get()) {
                    var response = send();
                    if (response.statusCode() != 200) {
                        synchronized (failures) {
                            failures.add(response.statusCode() + " " + response.body());
                        }
                    }
                    seen.add(response.body());
                }
                return null;
            }));
        }
        started.await();
        // At least 20 reloads, and on until the callers have been answered by both versions: a
        // starved caller may not get a call in while the first 20 run.
        Set<String> both = Set.of("{\"decision\":\"ALLOW\"}", "{\"decision\":\"DENY\",\"error\":{\"message\":\"closed\"}}");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(MUST_FINISH_S);
        for (int i = 0; i < 20 || !seen.containsAll(both); i++) {
            assertTrue(System.nanoTime() < deadline, "callers answered only with " + seen + " after " + i + " reloads");
            write("pre-signup/10-gate.js", i % 2 == 0 ? DENY : ALLOW);
            watcher.check();
        }
        running.set(false);
        for (Future<?> f : work) {
            f.get(MUST_FINISH_S, TimeUnit.SECONDS);
        }
        callers.shutdown();
        assertEquals(List.of(), failures);
        assertEquals(both, seen);
    }

    /** The timer ticks every 500 ms; a reload on a starved machine can still take seconds. */
    @Test
    void theTimerAppliesAChangeByItself() throws Exception {
        PolicyWatcher watcher = start(true);
        var change = watcher.nextChange();
        write("pre-signup/10-gate.js", DENY);
        change.get(MUST_FINISH_S, TimeUnit.SECONDS);
        assertEquals("DENY", decision());
    }

    /** Written beside and moved into place, so the timer never reads a half-written file. */
    private void write(String path, String content) throws IOException {
        Path staged = Files.writeString(folder.resolve(path + ".staged"), content);
        Files.move(staged, folder.resolve(path), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private String decision() throws IOException {
        var response = send();
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body()).path("decision").asText();
    }

    private java.net.http.HttpResponse<String> send() {
        return Signer.send(HttpRequest.newBuilder(server.getURI().resolve("/v1/intercept"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Payloads.bytes(Trigger.PRE_SIGNUP))).build());
    }

    private JsonNode policies() throws IOException {
        return JSON.readTree(Signer.send(HttpRequest.newBuilder(server.getURI().resolve("/v1/policies")).build()).body());
    }
}
