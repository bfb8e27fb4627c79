package io.interlock.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interlock.testing.Signer;
import io.interlock.testing.Servers;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's signed curl example, run as written (bash, openssl, curl) against a server that
 * checks signatures: it must be answered, and the same call with {@code --data} must not, for
 * the reason the README gives.
 */
class SignedCurlExampleTest {

    private static final String MARKER = "<!-- signed-call:";
    private static EmbeddedServer server;

    @BeforeAll
    static void start() {
        server = Servers.start(Map.of("interlock.signing-secrets", Signer.SECRET));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theReadmeExampleIsAnswered() throws Exception {
        String output = run(example());
        assertTrue(output.startsWith("{\"decision\":\"ALLOW\""), output);
        assertEquals(expectedOutput(), output.strip());
    }

    @Test
    void withDataInsteadOfDataBinaryItIsRefused() throws Exception {
        String output = run(example().replace("--data-binary", "--data"));
        assertTrue(output.contains("\"unauthorized\""), output);
    }

    /** The shell block after the marker, pointed at the test server. */
    private static String example() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("README.md"));
        int marker = indexOf(lines, MARKER, 0);
        int open = indexOf(lines, "```sh", marker);
        int close = indexOf(lines, "```", open + 1);
        return String.join("\n", lines.subList(open + 1, close))
                .replace("localhost:8080", "localhost:" + server.getPort());
    }

    private static String expectedOutput() throws IOException {
        return example().lines().filter(l -> l.startsWith("# {")).findFirst().orElseThrow().substring(2);
    }

    private static int indexOf(List<String> lines, String prefix, int from) {
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("README.md has no line starting with " + prefix + " after line " + from);
    }

    private static String run(String script) throws Exception {
        for (String tool : new String[] {"bash", "curl", "openssl", "base64", "od"}) {
            Assumptions.assumeTrue(onPath(tool), tool + " is not installed");
        }
        ProcessBuilder builder = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script).redirectErrorStream(true);
        builder.environment().put("INTERLOCK_SIGNING_SECRETS", Signer.SECRET);
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the example did not finish");
        return output;
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
