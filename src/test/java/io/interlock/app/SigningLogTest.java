package io.interlock.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import io.interlock.testing.LogCapture;
import io.interlock.testing.Servers;
import io.interlock.testing.Signer;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Issue 23 item 8: the start log says how /v1/intercept checks signatures, in every mode, the good one too. */
class SigningLogTest {

    @ParameterizedTest(name = "unsigned allowed {0}, {1} secrets: {2}")
    @CsvSource(delimiter = '|', value = {
            "false | 2 | INFO | signing: calls to /v1/intercept must be signed with one of the 2 secrets of INTERLOCK_SIGNING_SECRETS",
            "false | 1 | INFO | signing: calls to /v1/intercept must be signed with one of the 1 secret of",
            "false | 0 | WARN | signing: no secret configured: /v1/intercept answers 401 to every call",
            "true  | 0 | WARN | signing: INTERLOCK_ALLOW_UNSIGNED=true: unsigned calls to /v1/intercept are accepted. Development only.",
            "true  | 3 | WARN | signing: INTERLOCK_ALLOW_UNSIGNED=true: unsigned calls to /v1/intercept are accepted (signed ones are checked against the 3 secrets"})
    void everyModeIsSaid(boolean allowUnsigned, int secrets, String level, String start) {
        Startup.LogLine line = Startup.signing(allowUnsigned, secrets);
        assertEquals(level.equals("WARN"), line.warn(), line.text());
        assertTrue(line.text().startsWith(start), line.text());
    }

    @RegisterExtension
    final LogCapture log = new LogCapture();

    @Test
    void aServiceWithSecretsSaysHowManyWhenItStarts() {
        try (EmbeddedServer server = Servers.start(Map.of("interlock.signing-secrets", Signer.SECRET + "," + Signer.SECRET))) {
            List<String> lines = log.lines(Level.INFO, "signing: ");
            assertEquals(1, lines.size(), "one line: " + log);
            assertTrue(lines.get(0).contains("one of the 2 secrets"), lines.get(0));
        }
    }
}
