package io.interlock.engine;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.SourceSection;

/**
 * Turns what went wrong inside the guest into {@link Failure} values. This is the only place
 * that reads {@link PolyglotException}; nothing polyglot leaves the engine package.
 */
final class GuestFailures {

    private GuestFailures() {}

    static Failure fromException(PolyglotException e, Watchdog.Verdict verdict, Limits limits, String policy) {
        if (verdict != null) {
            return limitReached(verdict, limits, policy);
        }
        if (isHeapExhaustion(e)) {
            return limitReached(Watchdog.Verdict.MEMORY, limits, policy);
        }
        if (e.isCancelled()) {
            // not the watchdog: the only other canceller is the statement limit
            return Failure.of(FailureCode.POLICY_TIMEOUT, policy, "exceeded the statement limit");
        }
        if (e.isResourceExhausted()) {
            return Failure.of(FailureCode.POLICY_MEMORY, policy, "ran out of a runtime resource: " + firstLine(e.getMessage()));
        }
        if (e.isSyntaxError()) {
            return located(policy, e, "SyntaxError: " + firstLine(stripLocationPrefix(e.getMessage(), policy)));
        }
        if (e.isGuestException() && !e.isInternalError()) {
            return located(policy, e, importHint(firstLine(e.getMessage())));
        }
        return Failure.of(FailureCode.POLICY_ERROR, policy, "internal error while running the policy");
    }

    /** The failure of an evaluation the watchdog stopped (or found past its limit). */
    static Failure limitReached(Watchdog.Verdict verdict, Limits limits, String policy) {
        if (verdict == Watchdog.Verdict.TIMEOUT) {
            return Failure.of(FailureCode.POLICY_TIMEOUT, policy,
                    "exceeded the time limit of " + limits.timeout().toMillis() + " ms");
        }
        return Failure.of(FailureCode.POLICY_MEMORY, policy,
                "exceeded the memory limit of " + limits.memoryBytes() / (1024 * 1024) + " MB");
    }

    /**
     * Preparing a context runs only the engine's own code, under a bound far above what it needs:
     * reaching it says the machine is overloaded, and no policy is to blame.
     */
    static Failure preparationStopped(Watchdog.Verdict verdict, Limits limits) {
        if (verdict == Watchdog.Verdict.TIMEOUT) {
            return Failure.of(FailureCode.POLICY_TIMEOUT, null, "no policy ran: preparing a sandbox context took longer than "
                    + limits.timeout().toMillis() + " ms (the machine is overloaded)");
        }
        return Failure.of(FailureCode.POLICY_MEMORY, null, "no policy ran: preparing a sandbox context exceeded the memory limit of "
                + limits.memoryBytes() / (1024 * 1024) + " MB");
    }

    /**
     * What a policy threw, as reported by the harness, located where the engine saw it created
     * ({@code at}, from {@link ChainContext#thrownAt}); never from the value's own properties,
     * which the policy controls.
     */
    static Failure thrown(String policy, String name, String message, Origin origin) {
        Optional<SourceSection> at = origin.policy();
        String text = (name.isEmpty() && message.isEmpty() ? "threw a value that is not an Error"
                : name.isEmpty() ? message : name + ": " + frozenWrite(name, message))
                + origin.helper().map(h -> " (thrown in the helper at " + h + ")").orElse("");
        return at.map(s -> new Failure(FailureCode.POLICY_ERROR, text, policy, s.getStartLine(), s.getStartColumn()))
                .orElseGet(() -> Failure.of(FailureCode.POLICY_ERROR, policy, text));
    }

    private static final Pattern FROZEN = Pattern.compile(
            "^(Cannot assign to read only property '[^']*'|Cannot add new property \"[^\"]*\"|Cannot redefine property: \\S+"
                    + "|Cannot delete property '[^']*')( (?:of|to) .*)?$", Pattern.DOTALL);

    /**
     * A write to the locked-down realm: GraalJS prints the whole object, unreadable in a log line;
     * say instead what is frozen and what to do.
     */
    private static String frozenWrite(String name, String message) {
        Matcher m = FROZEN.matcher(message);
        if (!"TypeError".equals(name) || !m.matches()) {
            return message;
        }
        return m.group(1) + (m.group(1).startsWith("Cannot add") ? " to" : " of") + " a frozen object (built-in objects and data are frozen in the sandbox:"
                + " use your own objects and variables)";
    }

    /**
     * Points at the policy's own line: where the error was raised, or else the innermost frame in
     * the policy's file (an error raised by engine code the policy called, such as an Action's
     * {@code require}, belongs to the line that made the call).
     */
    private static Failure located(String policy, PolyglotException e, String message) {
        return locationIn(e, policy)
                .map(at -> new Failure(FailureCode.POLICY_ERROR, message, policy, at.getStartLine(), at.getStartColumn()))
                .orElseGet(() -> Failure.of(FailureCode.POLICY_ERROR, policy, message));
    }

    /**
     * Where a thrown value was created: the innermost frame in the policy's file, and, when the
     * innermost guest frame of all is in one of the chain's helpers, that place as {@code file:line:col}.
     */
    record Origin(Optional<SourceSection> policy, Optional<String> helper) {
        static final Origin UNKNOWN = new Origin(Optional.empty(), Optional.empty());
    }

    static Optional<String> helperFrame(PolyglotException e, java.util.List<PreparedChain.Helper> helpers) {
        for (PolyglotException.StackFrame frame : e.getPolyglotStackTrace()) {
            SourceSection at = frame.getSourceLocation();
            if (!frame.isGuestFrame() || at == null || at.getSource() == null) {
                continue;
            }
            for (PreparedChain.Helper helper : helpers) {
                if (helper.name().equals(at.getSource().getName())) {
                    int column = at.getStartLine() == 1 ? Math.max(1, at.getStartColumn() - helper.shift()) : at.getStartColumn();
                    return Optional.of(helper.name() + ":" + at.getStartLine() + ":" + column);
                }
            }
            if (!at.getSource().getName().startsWith("interlock-")) {
                return Optional.empty(); // the innermost frame of the guest's own code is a policy's
            }
        }
        return Optional.empty();
    }

    static Optional<SourceSection> locationIn(PolyglotException e, String policy) {
        SourceSection at = e.getSourceLocation();
        if (inPolicy(at, policy)) {
            return Optional.of(at);
        }
        for (PolyglotException.StackFrame frame : e.getPolyglotStackTrace()) {
            if (frame.isGuestFrame() && inPolicy(frame.getSourceLocation(), policy)) {
                return Optional.of(frame.getSourceLocation());
            }
        }
        return Optional.empty();
    }

    private static boolean inPolicy(SourceSection at, String policy) {
        return at != null && at.getSource() != null && policy != null && policy.equals(at.getSource().getName());
    }

    private static boolean isHeapExhaustion(PolyglotException e) {
        return e.isResourceExhausted() && String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("heap");
    }

    /** GraalJS prefixes syntax errors with {@code name:line:column}; we report the location separately. */
    private static String stripLocationPrefix(String message, String policy) {
        String text = message == null ? "" : message;
        if (text.startsWith("SyntaxError: ")) {
            text = text.substring("SyntaxError: ".length());
        }
        if (policy != null && text.startsWith(policy + ":")) {
            int space = text.indexOf(' ');
            text = space < 0 ? text : text.substring(space + 1);
        }
        return text;
    }

    private static String firstLine(String message) {
        String text = message == null ? "error" : message;
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    /** The sandbox refuses module loading with a terse message; say what a policy author needs. */
    private static String importHint(String message) {
        if (message.startsWith("Error: Operation is not allowed for:")) {
            return "dynamic import() is not available in policies (" + message.substring("Error: ".length())
                    + "); import helpers from policies/lib/ with a static import, and use the data argument for shared data";
        }
        return message;
    }
}
