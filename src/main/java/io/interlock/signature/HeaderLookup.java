package io.interlock.signature;

import java.util.Map;
import java.util.TreeMap;

/**
 * Reads one request header. Callers pass lower-case names; implementations must match names
 * case-insensitively (HTTP header names are) and return the first value, or {@code null} when
 * the header is absent. Micronaut's {@code HttpHeaders::get} already behaves this way.
 */
@FunctionalInterface
public interface HeaderLookup {

    String get(String lowerCaseName);

    /** Adapts a plain map (tools, tests, other servers) whose keys may be in any case. */
    static HeaderLookup ofMap(Map<String, String> headers) {
        Map<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, value) -> byName.putIfAbsent(name, value));
        return byName::get;
    }
}
