package io.interlock.cases;

import io.interlock.engine.Failure;
import io.interlock.engine.PolicyTrace;
import io.interlock.policy.LoadProblem;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * The test command's output: a line per case, details under a failed one, the load errors, and
 * the summary line last so a terminal or CI log ends with the verdict.
 */
public final class ReportPrinter {

    private static final String DETAIL = "      ";
    /** After a case that passed or failed only on its second run, with more time (see CaseRunner). */
    static final String RETRIED = "  (slow: ran again after exceeding the time limit)";

    /** What to do when a run found nothing to test. */
    static final String NO_CASES = "add <policy>.cases.json or cases.json beside the policies (see policies/README.md); "
            + "a run that tests nothing does not pass";

    private ReportPrinter() {}

    public static void print(Report report, PrintWriter out) {
        for (CaseResult result : report.results()) {
            out.println((result.passed() ? "PASS  " : "FAIL  ") + result.file() + " › " + result.name()
                    + (result.retried() ? RETRIED : ""));
            if (!result.passed()) {
                details(result, out);
            }
        }
        for (Report.Skipped skipped : report.skipped()) {
            out.println("SKIP  " + skipped.file() + ": " + skipped.cases() + (skipped.cases() == 1 ? " case" : " cases")
                    + " not run, " + skipped.reason());
        }
        for (LoadProblem problem : report.loadErrors()) {
            out.println("ERROR " + problem.located());
        }
        for (String policy : report.untested()) {
            out.println("NOTE  " + policy + ": no cases test it (add " + policy.replaceFirst("\\.js$", ".cases.json")
                    + " or a cases.json for the chain)");
        }
        for (String note : report.notes()) {
            out.println("NOTE  " + note);
        }
        if (report.results().isEmpty() && report.loadErrors().isEmpty()) {
            out.println("no cases found: " + NO_CASES);
        }
        out.println(String.format(Locale.ROOT, "%d cases in %.1f s", report.results().size(), report.millis() / 1000.0));
        out.println(report.summary());
        out.flush();
    }

    private static void details(CaseResult result, PrintWriter out) {
        detail(out, "expected", result.testCase().expect().asWritten().toString());
        detail(out, "actual", result.actual().toString());
        for (String mismatch : result.mismatches()) {
            detail(out, "mismatch", mismatch);
        }
        result.failure().map(ReportPrinter::describe).ifPresent(f -> detail(out, "failure", f));
        for (PolicyTrace trace : result.trace()) {
            for (String line : trace.console()) {
                detail(out, "console", trace.policy() + ": " + line);
            }
            for (io.interlock.fetch.FetchCall call : trace.fetches()) {
                detail(out, "fetch", trace.policy() + ": " + call.summary());
            }
        }
    }

    private static String describe(Failure failure) {
        return failure.code().code() + ": " + failure.located();
    }

    private static void detail(PrintWriter out, String label, String text) {
        String indented = text.replace("\n", "\n" + DETAIL + " ".repeat(10));
        out.println(DETAIL + String.format(Locale.ROOT, "%-10s", label) + indented);
    }
}
