package io.interlock.log;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.HashMap;
import java.util.Map;

/** The decision log's API, unchanged, on PostgreSQL. */
@MicronautTest
class DecisionsApiPostgresTest extends DecisionsApiTest {

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(super.getProperties());
        properties.putAll(ServiceInstances.properties(TestDatabases.fresh(TestDatabases.Kind.POSTGRESQL, null)));
        return properties;
    }
}
