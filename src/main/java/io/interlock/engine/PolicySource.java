package io.interlock.engine;

import java.util.Objects;

/**
 * One policy file: the name used in errors and traces (for folder policies the path, e.g.
 * {@code policies/pre-signup/10-domains.js}) and its JavaScript module source.
 */
public record PolicySource(String name, String source) {
    public PolicySource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
    }
}
