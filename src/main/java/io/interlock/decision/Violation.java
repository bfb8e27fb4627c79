package io.interlock.decision;

import java.util.Objects;

/**
 * One broken rule: where in the policy's result ({@code response.claims.exp}) and which rule
 * ({@code reserved claim}). Paths use dots for plain names and {@code ["…"]} for any other
 * name, so a claim called {@code a.b} cannot be mistaken for a nested one.
 */
public record Violation(String path, String rule) {

    public Violation {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(rule, "rule");
    }

    @Override
    public String toString() {
        return path + ": " + rule;
    }
}
