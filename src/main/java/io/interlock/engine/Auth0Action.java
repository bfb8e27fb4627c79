package io.interlock.engine;

import io.interlock.trigger.Trigger;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.graalvm.polyglot.Source;

/**
 * A policy file that is an Auth0 Action: CommonJS assigning {@code exports.onExecute…} (or
 * {@code module.exports = {…}}) instead of an ES module with a default export.
 *
 * <p>It is compiled the way Node loads CommonJS: the file's text inside a function taking
 * {@code exports, require, module, __filename, __dirname}, evaluated as a script, so it keeps Node's non-strict mode and
 * may {@code return} at top level. The wrapper's head shares the first line with the author's
 * code and adds no newline, so every line number is the author's; only columns on line 1 shift,
 * and {@link #relocate} shifts them back.
 */
final class Auth0Action {

    /**
     * The outer function takes the per-evaluation object of Node's globals (Buffer, URL, process,
     * …; see auth0-adapter.js): through {@code with} each is made only when the code names it, and
     * the file's own declarations shadow it, as a real global would be.
     */
    static final String PREFIX = "(function (node) { with (node) return function (exports, require, module, __filename, __dirname) {";
    /** On its own line, so a trailing line comment in the file cannot swallow it. */
    static final String SUFFIX = "\n}; })";

    /** Which Auth0 trigger's handler each interceptor point runs. */
    private static final Map<Trigger, String> HANDLERS = Map.of(
            Trigger.PRE_SIGNUP, "onExecutePreUserRegistration",
            Trigger.PRE_SESSION_CREATION, "onExecutePostLogin",
            Trigger.PRE_M2M_TOKEN_CREATION, "onExecuteCredentialsExchange");

    /** An ES module statement at the start of a line: such a file is an Interlock policy. */
    private static final Pattern ES_MODULE = Pattern.compile("(?m)^[ \\t]*(export\\b|import[ \\t]*[\\w{*'\"])");
    private static final Pattern COMMON_JS = Pattern.compile("\\b(exports|module\\.exports)\\b");
    private static final Pattern HANDLER = Pattern.compile("\\bonExecute[A-Z]\\w*");

    private Auth0Action() {}

    /**
     * Told from the text, before anything runs: no ES {@code import}/{@code export} statement,
     * a CommonJS export and an Auth0 handler name. Whether the handler this trigger needs is
     * really exported is checked when the file is loaded.
     */
    static boolean isAction(String source) {
        return !ES_MODULE.matcher(source).find()
                && COMMON_JS.matcher(source).find()
                && HANDLER.matcher(source).find();
    }

    /** The Auth0 handler this trigger runs, or empty where Auth0 has no matching trigger. */
    static Optional<String> handlerFor(Trigger trigger) {
        return Optional.ofNullable(HANDLERS.get(trigger));
    }

    /** The trigger whose folder an Action exporting {@code handler} belongs in, if any. */
    static Optional<Trigger> triggerOf(String handler) {
        return HANDLERS.entrySet().stream().filter(e -> e.getValue().equals(handler)).map(Map.Entry::getKey).findFirst();
    }

    static Source wrapped(PolicySource policy) {
        return Source.newBuilder("js", PREFIX + policy.source() + SUFFIX, policy.name())
                .cached(true)
                .buildLiteral();
    }

    /** Moves a line-1 column of an error in the wrapped source back to the author's column. */
    static Failure relocate(Failure failure) {
        if (failure.line() == null || failure.line() != 1 || failure.column() == null) {
            return failure;
        }
        int column = Math.max(1, failure.column() - PREFIX.length());
        return new Failure(failure.code(), failure.message(), failure.policy(), failure.line(), column);
    }
}
