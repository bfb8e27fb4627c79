package io.interlock.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.core.value.MapPropertyResolver;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** INTERLOCK_STUCK_PER_TRIGGER, INTERLOCK_STUCK_MAX, INTERLOCK_QUARANTINE_SECONDS: defaults from the cores, values, bad values. */
class StallSettingsTest {

    static StallSettings read(Map<String, Object> properties) {
        return InterlockConfig.from(new MapPropertyResolver(new HashMap<>(properties))).stalls();
    }

    @Test
    void defaultsFollowTheCores() {
        int cores = Runtime.getRuntime().availableProcessors();
        assertEquals(new StallSettings(Math.max(2, cores / 2), 2 * cores, Duration.ofSeconds(60)), read(Map.of()));
        assertEquals(new StallSettings(2, 4, Duration.ofSeconds(60)), StallSettings.defaults(2));
        assertEquals(new StallSettings(8, 32, Duration.ofSeconds(60)), StallSettings.defaults(16));
    }

    @Test
    void acceptedValues() {
        assertEquals(new StallSettings(1, 3, Duration.ZERO), read(Map.of("interlock.stuck-per-trigger", "1",
                "interlock.stuck-max", "3", "interlock.quarantine-seconds", "0")));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "interlock.stuck-per-trigger  | 0      | INTERLOCK_STUCK_PER_TRIGGER must be a whole number from 1 to 1000 (got '0')",
            "interlock.stuck-max          | many   | INTERLOCK_STUCK_MAX must be a whole number from 1 to 10000 (got 'many')",
            "interlock.quarantine-seconds | -1     | INTERLOCK_QUARANTINE_SECONDS must be a whole number from 0 to 86400 (got '-1')",
    })
    void aBadValueStopsTheStartNamingTheSetting(String key, String value, String message) {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> read(Map.of(key, value)));
        assertTrue(e.problems().get(0).startsWith(message), e.problems().toString());
    }
}
