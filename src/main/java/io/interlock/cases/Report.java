package io.interlock.cases;

import io.interlock.policy.LoadProblem;
import java.util.List;

/**
 * Everything a run found, in the order it was found. Load problems (policies, data, payload
 * and cases files that could not be read) are kept apart from failed cases: a failed case is a
 * policy answering differently than expected, a load problem means something could not be tested.
 */
public record Report(List<CaseResult> results, List<LoadProblem> loadErrors, List<Skipped> skipped, List<String> untested,
        List<String> notes, long millis) {

    /** Exit codes of the test command: all passed; a case failed or none ran; something did not load. */
    public static final int PASSED = 0;
    public static final int FAILED = 1;
    public static final int LOAD_ERRORS = 2;

    /** Cases of one file that did not run, and why (the reason is also among the load errors). */
    public record Skipped(String file, int cases, String reason) {}

    public Report {
        results = List.copyOf(results);
        loadErrors = List.copyOf(loadErrors);
        skipped = List.copyOf(skipped);
        untested = List.copyOf(untested);
        notes = List.copyOf(notes);
    }

    /**
     * {@code notes}: {@code policy: interlock: …} lines, each once, where an Auth0 Action read a
     * field or called an api method the platform cannot supply (the run still passes or fails on
     * its cases alone).
     */
    public Report(List<CaseResult> results, List<LoadProblem> loadErrors, List<Skipped> skipped, List<String> untested,
            long millis) {
        this(results, loadErrors, skipped, untested, List.of(), millis);
    }

    public long passed() {
        return results.stream().filter(CaseResult::passed).count();
    }

    public long failed() {
        return results.size() - passed();
    }

    public int notRun() {
        return skipped.stream().mapToInt(Skipped::cases).sum();
    }

    public List<CaseResult> failures() {
        return results.stream().filter(r -> !r.passed()).toList();
    }

    /** Load errors win over failures: a run that could not test everything has not passed, nor one that tested nothing. */
    public int exitCode() {
        if (!loadErrors.isEmpty()) {
            return LOAD_ERRORS;
        }
        return failed() > 0 || results.isEmpty() ? FAILED : PASSED;
    }

    /** {@code N passed, N failed}, then load errors and cases not run when there are any. */
    public String summary() {
        StringBuilder line = new StringBuilder(passed() + " passed, " + failed() + " failed");
        if (!loadErrors.isEmpty()) {
            line.append(", ").append(loadErrors.size()).append(loadErrors.size() == 1 ? " load error" : " load errors");
        }
        if (notRun() > 0) {
            line.append(", ").append(notRun()).append(" not run");
        }
        return line.toString();
    }
}
