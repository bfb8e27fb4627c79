package io.interlock.decision;

import java.util.Optional;

/** The platform's two answers; the wire strings are the constant names, case-sensitive. */
public enum Verdict {
    ALLOW,
    DENY;

    /** Exact match only: "allow" or " ALLOW" from a policy is a mistake to report, not to forgive. */
    public static Optional<Verdict> fromWire(String value) {
        for (Verdict verdict : values()) {
            if (verdict.name().equals(value)) {
                return Optional.of(verdict);
            }
        }
        return Optional.empty();
    }
}
