package io.interlock.config;

import java.util.Locale;
import java.util.Optional;

/**
 * One operator setting: its environment variable, the Micronaut property it maps to, its default
 * as the help shows it, a one-line meaning, and for a number the range it must be in. What the
 * configuration's messages and {@code interlock help} both read, so a name or range is written once.
 */
public record Setting(String env, String property, String fallback, String meaning, Optional<Range> range) {

    /** The inclusive bounds of a whole-number setting. */
    public record Range(long min, long max) {
        boolean contains(long value) {
            return value >= min && value <= max;
        }
    }

    /** A setting whose property is the variable's name after {@code INTERLOCK_}: INTERLOCK_TIMEOUT_MS is interlock.timeout-ms. */
    static Setting of(String env, String fallback, String meaning) {
        return new Setting(env, propertyOf(env), fallback, meaning, Optional.empty());
    }

    static Setting number(String env, long min, long max, String fallback, String meaning) {
        return new Setting(env, propertyOf(env), fallback, meaning, Optional.of(new Range(min, max)));
    }

    /** Micronaut's own setting: MICRONAUT_SERVER_PORT is micronaut.server.port. */
    static Setting micronaut(String env, String fallback, String meaning) {
        return new Setting(env, env.toLowerCase(Locale.ROOT).replace('_', '.'), fallback, meaning, Optional.empty());
    }

    /** Read by bin/interlock before the JVM starts; the service never sees it as a property. */
    static Setting launcher(String env, String fallback, String meaning) {
        return new Setting(env, "", fallback, meaning, Optional.empty());
    }

    /** The same setting under another name and property (a trigger's override of a global one). */
    Setting renamed(String otherEnv, String otherProperty) {
        return new Setting(otherEnv, otherProperty, fallback, meaning, range);
    }

    /** The property without its {@code interlock.} prefix, as the configuration reader takes it. */
    String key() {
        return property.startsWith(PREFIX) ? property.substring(PREFIX.length()) : property;
    }

    /** What the help prints for the range: {@code 10-60000, }, or nothing. */
    String rangeText() {
        return range.map(r -> r.min() + "-" + r.max() + ", ").orElse("");
    }

    private static final String PREFIX = "interlock.";

    private static String propertyOf(String env) {
        return PREFIX + env.substring("INTERLOCK_".length()).toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
