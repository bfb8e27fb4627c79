package io.interlock.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interlock.config.Setting;
import io.interlock.config.Settings;
import io.interlock.testing.Servers;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's Set up, as a newcomer follows it: two commands, one that runs the service and one
 * that runs every test; the service as the first configures it, called with the curl that comes
 * next, answers the decision the README shows (not the 401 of a service with no secret).
 */
class FirstTryTest {

    private static final String MARKER = "<!-- first-try:";
    private static final Pattern SETTING = Pattern.compile("\\b([A-Z][A-Z0-9_]+)=(\\S+)");

    @Test
    void theFirstCommandRunsAServiceTheNextBlockIsAnsweredBy() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("README.md"));
        int open = indexOf(lines, "```sh", indexOf(lines, MARKER, 0));
        int close = indexOf(lines, "```", open + 1);
        List<String> setUp = commands(lines.subList(open + 1, close));
        assertEquals(2, setUp.size(), "Set up gives two commands: " + setUp);
        assertTrue(setUp.get(0).contains("bin/interlock"), setUp.get(0));
        assertTrue(setUp.get(1).startsWith(".ci/run"), setUp.get(1));

        try (EmbeddedServer server = Servers.start(settingsOf(setUp.get(0)))) {
            List<String> tryIt = block(lines, close + 1);
            String expected = tryIt.stream().filter(l -> l.startsWith("# {")).findFirst().orElseThrow(
                    () -> new AssertionError("the block after Set up's commands is no call showing its answer: " + tryIt)).substring(2);
            String script = String.join("\n", tryIt).replace("localhost:8080", "localhost:" + server.getPort());
            assertEquals(expected, run(script).strip());
        }
    }

    /** The service's settings the command line sets, as the Micronaut properties they map to. */
    private static Map<String, Object> settingsOf(String command) {
        Map<String, Object> properties = new HashMap<>();
        Matcher setting = SETTING.matcher(command.substring(command.indexOf("&&") + 2));
        while (setting.find()) {
            String env = setting.group(1);
            Setting known = Settings.ALL.stream().filter(s -> s.env().equals(env)).findFirst()
                    .orElseThrow(() -> new AssertionError(env + " is not a setting"));
            properties.put(known.property(), setting.group(2));
        }
        return properties;
    }

    private static List<String> commands(List<String> block) {
        return block.stream().map(l -> l.replaceFirst("\\s+#.*$", "").strip()).filter(l -> !l.isEmpty()).toList();
    }

    /** The lines of the shell block that opens at or after {@code from}. */
    private static List<String> block(List<String> lines, int from) {
        int open = indexOf(lines, "```sh", from);
        return lines.subList(open + 1, indexOf(lines, "```", open + 1));
    }

    private static int indexOf(List<String> lines, String prefix, int from) {
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("README.md has no line starting with " + prefix + " after line " + from);
    }

    private static String run(String script) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the try did not finish");
        return output;
    }
}
