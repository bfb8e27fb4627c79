package io.interlock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interlock.config.Setting;
import io.interlock.config.Settings;
import io.interlock.testing.ConfigurationTable;
import io.interlock.testing.MainProcess;
import io.interlock.testing.Servers;
import io.micronaut.runtime.server.EmbeddedServer;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The jar's command line: no argument serves; a command runs; anything else is a usage error
 * (exit 2, usage on stderr) and starts nothing. And the start log names the address bound.
 */
class CommandLineTest {

    static Stream<Arguments> arguments() {
        return Stream.of(
                Arguments.of(List.of("tset"), 2, "", "Unmatched argument at index 0: 'tset'"),
                Arguments.of(List.of("tset"), 2, "", "Usage: interlock"),
                Arguments.of(List.of("serve"), 2, "", "Unmatched argument"),
                Arguments.of(List.of("--port=9000"), 2, "", "Unknown option: '--port=9000'"),
                Arguments.of(List.of("-micronaut.server.port=9000"), 2, "", "Unknown option"),
                Arguments.of(List.of("test", "a", "b"), 2, "", "Unmatched argument"),
                Arguments.of(List.of("--version"), 0, "interlock ", ""),
                Arguments.of(List.of("-V"), 0, "interlock ", ""),
                Arguments.of(List.of("version"), 0, "interlock ", ""),
                Arguments.of(List.of("help"), 0, "Usage: interlock [-hV] [COMMAND]", ""),
                Arguments.of(List.of("--help"), 0, "version  print the version and exit", ""));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource("arguments")
    void commandsAndMistakes(List<String> args, int exit, String out, String err) {
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        int status = Cli.run(args.toArray(String[]::new), new PrintWriter(stdout, true), new PrintWriter(stderr, true));
        assertEquals(exit, status, stderr.toString());
        assertTrue(stdout.toString().contains(out), stdout.toString());
        assertTrue(stderr.toString().contains(err), stderr.toString());
        if (exit == 2) {
            assertEquals("", stdout.toString(), "a usage error writes to stderr only");
        }
    }

    /** The help lists the settings from their catalog; the README's table is held to the same catalog. */
    @Test
    void helpListsEverySettingOfTheReadme() {
        StringWriter stdout = new StringWriter();
        assertEquals(0, Cli.run(new String[] {"help"}, new PrintWriter(stdout, true), new PrintWriter(new StringWriter(), true)));
        List<String> listed = stdout.toString().lines().filter(l -> l.startsWith("  INTERLOCK_") || l.startsWith("  MICRONAUT_"))
                .map(l -> l.strip().split(" ")[0]).toList();
        assertEquals(ConfigurationTable.settings(), listed, "the README's settings, in its order, as `interlock help` lists them");
        assertEquals(Settings.ALL.stream().map(Setting::env).toList(), listed);
        assertTrue(stdout.toString().contains("  INTERLOCK_TIMEOUT_MS (10-60000, default: 500)\n"
                + "      time limit of one evaluation of a chain, ms\n"), stdout.toString());
    }

    /** The real entry point in its own JVM: a typo exits 2 and binds nothing. */
    @Test
    void aTypoStartsNoServer() {
        // were it to serve anyway, on a free port rather than someone's 8080
        try (MainProcess typo = MainProcess.main(Path.of("."), Map.of("MICRONAUT_SERVER_PORT", "-1"), "tset")) {
            assertEquals(Optional.of(2), typo.exit(), "interlock tset is still running: it started a server");
            assertTrue(typo.err().contains("Unmatched argument at index 0: 'tset'"), typo.err());
            assertTrue(!typo.out().contains("listening on"), typo.out());
        }
    }

    static Stream<Arguments> hosts() {
        return Stream.of(
                Arguments.of(null, "http://0.0.0.0:PORT (every interface; MICRONAUT_SERVER_HOST=127.0.0.1 listens on this machine only)"),
                Arguments.of("127.0.0.1", "http://127.0.0.1:PORT"),
                Arguments.of("::1", "http://[::1]:PORT"));
    }

    @ParameterizedTest(name = "[{index}] host {0}")
    @MethodSource("hosts")
    void theStartLogNamesTheAddressBound(String host, String expected) {
        try (EmbeddedServer server = Servers.start(host == null ? Map.of() : Map.of("micronaut.server.host", host))) {
            assertEquals(expected.replace("PORT", Integer.toString(server.getPort())), Main.listenAddress(server));
        }
    }
}
