package io.interlock.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.interlock.config.InterlockConfig;
import io.interlock.config.LogSettings;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The premise of every server test: a server started from a test, with no settings of its own,
 * runs with application-test.yml (Micronaut's "test" environment, found from the JUnit caller),
 * so its time limit is 30 s, not the service's 500 ms that a busy machine can make a fast policy
 * miss, it takes a free port, and it does not print a line per decision.
 */
class TestServersTest {

    @Test
    void aServerStartedFromATestGetsTheTestSettings() {
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class,
                Map.of("interlock.policies", "policies", "interlock.reload", false))) {
            InterlockConfig config = server.getApplicationContext().getBean(InterlockConfig.class);
            assertEquals(Duration.ofSeconds(30), config.limits().timeout());
            assertEquals(LogSettings.Sink.NONE, config.log().sink());
            assertNotEquals(8080, server.getPort());
        }
    }
}
