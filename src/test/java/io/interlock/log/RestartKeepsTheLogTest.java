package io.interlock.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.interlock.config.Store;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The default store, an SQLite file: decisions made before a restart are listed and shown after it. */
@Timeout(300)
class RestartKeepsTheLogTest {

    @TempDir
    Path dir;

    @Test
    void decisionsMadeBeforeARestartAreThereAfterIt() {
        Store.Database database = new Store.Database("jdbc:sqlite:" + dir.resolve("interlock-decisions.db"), Optional.empty(),
                Optional.empty(), Store.Database.DEFAULT_RETENTION_DAYS, Store.Database.DEFAULT_BUFFER);
        List<String> before;
        String cursor;
        try (EmbeddedServer first = ServiceInstances.start(database)) {
            for (int i = 0; i < 3; i++) {
                ServiceInstances.intercept(first);
            }
            before = ServiceInstances.listed(first, "");
            assertEquals(3, before.size());
            JsonNode page = DecisionLogTest.parse(ServiceInstances.get(first, "/v1/decisions?limit=2").body());
            cursor = page.get("next_cursor").asText();
        }
        // closing the context stopped the writer after it had stored everything; a new service on the same file:
        try (EmbeddedServer second = ServiceInstances.start(database)) {
            assertEquals(before, ServiceInstances.listed(second, ""));
            assertEquals(List.of(before.get(2)), ServiceInstances.listed(second, "limit=2&cursor=" + cursor),
                    "a cursor from before the restart still works");
            JsonNode event = DecisionLogTest.parse(ServiceInstances.get(second, "/v1/decisions/" + before.get(0)).body());
            assertEquals(before.get(0), event.get("id").asText());
            assertTrue(event.get("policies").size() > 0, event.toString());
            JsonNode health = ServiceInstances.storeHealth(second);
            assertEquals("UP", health.path("status").asText(), health.toString());
            assertEquals("sqlite", health.at("/details/kind").asText());
            assertEquals(dir.resolve("interlock-decisions.db").toString(), health.at("/details/location").asText());
        }
    }
}
