package io.interlock.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.interlock.fetch.FetchSettings;
import io.micronaut.core.value.MapPropertyResolver;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** INTERLOCK_FETCH_*: defaults, accepted values, and a start that names the bad setting. */
class FetchSettingsTest {

    static FetchSettings read(Map<String, Object> properties) {
        return InterlockConfig.from(new MapPropertyResolver(new HashMap<>(properties))).fetch();
    }

    @Test
    void nothingIsAllowedByDefault() {
        FetchSettings fetch = read(Map.of());
        assertEquals(List.of(), fetch.allow().entries());
        assertEquals(List.of(Duration.ofMillis(300), 1_048_576L, 5), List.of(fetch.timeout(), fetch.maxBytes(), fetch.maxCalls()));
    }

    @Test
    void acceptedValues() {
        FetchSettings fetch = read(Map.of("interlock.fetch-allow", "api.example.com, *.acmecorp.com:8443",
                "interlock.fetch-timeout-ms", "1500", "interlock.fetch-max-bytes", "4096", "interlock.fetch-max-calls", "2"));
        assertEquals("INTERLOCK_FETCH_ALLOW: api.example.com, *.acmecorp.com:8443", fetch.allow().describe());
        assertEquals(List.of(Duration.ofMillis(1500), 4096L, 2), List.of(fetch.timeout(), fetch.maxBytes(), fetch.maxCalls()));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "interlock.fetch-allow       | https://api.example.com | INTERLOCK_FETCH_ALLOW: 'https://api.example.com' is not host[:port] or *.domain[:port]",
            "interlock.fetch-allow       | *                       | INTERLOCK_FETCH_ALLOW: '*' is not host[:port] or *.domain[:port]: a wildcard may only be a leading *.",
            "interlock.fetch-timeout-ms  | 0                       | INTERLOCK_FETCH_TIMEOUT_MS must be a whole number from 10 to 60000 (got '0')",
            "interlock.fetch-max-bytes   | 10                      | INTERLOCK_FETCH_MAX_BYTES must be a whole number from 1024 to 67108864 (got '10')",
            "interlock.fetch-max-calls   | 1000                    | INTERLOCK_FETCH_MAX_CALLS must be a whole number from 1 to 100 (got '1000')",
    })
    void aBadValueStopsTheStartNamingTheSetting(String key, String value, String message) {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> read(Map.of(key, value)));
        assertEquals(true, e.problems().get(0).startsWith(message), e.problems().toString());
    }
}
