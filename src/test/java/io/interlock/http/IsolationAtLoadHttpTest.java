package io.interlock.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interlock.testing.Payloads;
import io.interlock.testing.Servers;
import io.interlock.testing.Signer;
import io.interlock.trigger.Trigger;
import io.micronaut.runtime.server.EmbeddedServer;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 22's items 4 and 5 through the service with one worker, as the platform calls it: what
 * an Action makes the host keep stays bounded over 1,000 calls, and a policy that reads
 * differently as a module and as the factory the engine derives is refused at load, so the
 * module's DENY never turns into the factory's ALLOW.
 */
class IsolationAtLoadHttpTest {

    static final long MB = 1024 * 1024;

    @TempDir
    Path policies;

    @Test
    void anActionRequiringAFreshNameOnEveryCallKeepsTheServiceMemoryFlat() throws Exception {
        write("pre-signup/10-fresh-names.js", """
                exports.onExecutePreUserRegistration = async (event, api) => {
                  try { require('x'.repeat(256 * 1024) + Math.random()); } catch (e) { return; }
                  api.access.deny('required');
                };
                """);
        try (EmbeddedServer server = start()) {
            Signer signer = new Signer(Signer.SECRET);
            call(server, signer, 20);
            long before = retainedHeap();
            call(server, signer, 1_000);
            long after = retainedHeap();
            // kept as before, each call's name would be ~1 MB of the heap: 1 GB after 1,000 calls
            assertTrue(after - before < 100 * MB, "retained heap grew by " + (after - before) / MB + " MB over 1,000 calls");
        }
    }

    static Stream<Arguments> constructsReadDifferently() {
        String deny = "{decision: 'DENY', error: {message: 'module'}}";
        String allow = "{decision: 'ALLOW'}";
        return Stream.of(
                Arguments.of("export default () => { let y = 1; return (0 <!--y\n) ? " + deny + " : " + allow + " }", "1:45", "<!--"),
                Arguments.of("const n = typeof arguments;\nexport default () => n === 'undefined' ? " + deny + " : " + allow, "1:18",
                        "arguments"),
                Arguments.of("#!/usr/bin/env node\u2028export default () => (" + deny + ")", null, null));
    }

    /**
     * Each is refused at load naming the construct, so the service does not start on it (and a
     * hot reload keeps the last good chain); the hashbang, read now as a module reads it, loads
     * and answers the module's DENY.
     */
    @ParameterizedTest
    @MethodSource("constructsReadDifferently")
    void aPolicyTheFactoryWouldReadDifferentlyNeverAnswersAsTheFactory(String source, String at, String construct) throws Exception {
        write("pre-signup/10-policy.js", source);
        if (construct != null) {
            Exception refused = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, this::start);
            String reason = java.util.stream.Stream.iterate((Throwable) refused, t -> t != null, Throwable::getCause)
                    .map(Throwable::getMessage).filter(m -> m != null && m.contains("10-policy.js:" + at + ": ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no cause names 10-policy.js:" + at, refused));
            assertTrue(reason.contains(construct), reason);
            return;
        }
        try (EmbeddedServer server = start()) {
            HttpResponse<String> answer = Signer.send(new Signer(Signer.SECRET)
                    .signed(server.getURI().resolve("/v1/intercept"), Payloads.bytes(Trigger.PRE_SIGNUP)).build());
            assertEquals("200 {\"decision\":\"DENY\",\"error\":{\"message\":\"module\"}}", answer.statusCode() + " " + answer.body());
        }
    }

    private EmbeddedServer start() {
        return Servers.start(Map.of("interlock.policies", policies.toString(), "interlock.signing-secrets", Signer.SECRET,
                "interlock.workers", 1, "interlock.timeout-ms", 10_000));
    }

    private void write(String path, String source) throws Exception {
        Files.createDirectories(policies.resolve(path).getParent());
        Files.writeString(policies.resolve(path), source);
    }

    private static void call(EmbeddedServer server, Signer signer, int times) {
        for (int i = 0; i < times; i++) {
            HttpResponse<String> response = Signer.send(signer.signed(server.getURI().resolve("/v1/intercept"),
                    Payloads.bytes(Trigger.PRE_SIGNUP)).build());
            assertEquals("200 {\"decision\":\"ALLOW\"}", response.statusCode() + " " + response.body());
        }
    }

    private static long retainedHeap() {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            least = Math.min(least, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return least;
    }
}
