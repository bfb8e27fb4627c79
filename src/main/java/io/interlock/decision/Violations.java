package io.interlock.decision;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects violations in the order they are found. Reporting stops growing after a cap so a
 * result with a hundred thousand bad claims cannot flood the decision log; the count of the
 * rest is still reported.
 */
final class Violations {
    static final int MAX_REPORTED = 100;

    private final List<Violation> reported = new ArrayList<>();
    private int total;

    void add(String path, String rule) {
        total++;
        if (reported.size() < MAX_REPORTED) {
            reported.add(new Violation(path, rule));
        }
    }

    /** Changes whenever a violation is added; compare before and after a check. */
    int count() {
        return total;
    }

    boolean isEmpty() {
        return total == 0;
    }

    List<Violation> list() {
        if (total <= reported.size()) {
            return List.copyOf(reported);
        }
        List<Violation> all = new ArrayList<>(reported);
        all.add(new Violation("(truncated)", (total - reported.size()) + " more violations not reported"));
        return List.copyOf(all);
    }
}
