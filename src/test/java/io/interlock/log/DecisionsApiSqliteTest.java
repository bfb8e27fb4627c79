package io.interlock.log;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

/** The decision log's API, unchanged, on the default store: an SQLite file. */
@MicronautTest
class DecisionsApiSqliteTest extends DecisionsApiTest {

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(super.getProperties());
        try {
            properties.put("interlock.decision-db",
                    "jdbc:sqlite:" + Files.createTempDirectory("interlock-api").resolve("interlock-decisions.db"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
