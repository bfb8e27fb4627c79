package io.interlock.config;

import io.micronaut.core.value.PropertyResolver;
import java.util.Optional;

/**
 * INTERLOCK_POLICIES_VERSION: the label an operator gives the policies being served (the git
 * commit the folder was deployed from), recorded with every decision. Checked with the other
 * settings so a value no one could read back in a decision stops the start; read apart from
 * {@link InterlockConfig} because only the decision log and the metrics need it.
 */
public final class PoliciesVersion {

    /** Longest label; the folder's VERSION file is cut to the same. */
    public static final int MAX_LENGTH = 200;

    private PoliciesVersion() {}

    static void check(InterlockConfig.Reader r) {
        r.string(Settings.POLICIES_VERSION).filter(s -> !s.isEmpty()).flatMap(PoliciesVersion::problem).ifPresent(r::problem);
    }

    static Optional<String> problem(String text) {
        if (text.length() <= MAX_LENGTH && text.chars().noneMatch(Character::isISOControl)) {
            return Optional.empty();
        }
        return Optional.of(Settings.POLICIES_VERSION.env() + " must be one line of at most " + MAX_LENGTH
                + " printable characters, e.g. the git commit the policies were deployed from (got "
                + text.length() + " characters)");
    }

    /** The label set, if any (a start with a bad one never gets this far). */
    public static Optional<String> of(PropertyResolver properties) {
        return properties.getProperty(Settings.POLICIES_VERSION.property(), String.class).map(String::trim)
                .filter(s -> !s.isEmpty());
    }
}
