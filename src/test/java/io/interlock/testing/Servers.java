package io.interlock.testing;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.HashMap;
import java.util.Map;

/** A real Interlock server for a test: the shipped policies, no hot reload, a free port; plus the test's own settings. */
public final class Servers {
    private Servers() {}

    /** {@code settings} are Micronaut properties ({@code interlock.workers}, ...); they win over the defaults. */
    public static EmbeddedServer start(Map<String, Object> settings) {
        Map<String, Object> properties = new HashMap<>(Map.of("interlock.policies", "policies", "interlock.reload", false,
                "micronaut.server.port", -1));
        properties.putAll(settings);
        return ApplicationContext.run(EmbeddedServer.class, properties);
    }
}
