package io.interlock.engine;

import io.interlock.trigger.Trigger;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A policy file that is an Auth0 Action: CommonJS assigning {@code exports.onExecute…} (or
 * {@code module.exports = {…}}) instead of an ES module with a default export.
 *
 * <p>It is compiled the way Node loads CommonJS (see {@link PolicyCompiler}): the file's text is the
 * body of a function taking {@code exports, require, module}, so it keeps Node's non-strict mode
 * and may {@code return} at top level, and each evaluation runs its top level afresh.
 */
final class Auth0Action {

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

    /** The load error of an Action that does not export the handler {@code trigger} runs. */
    static Failure missingHandler(Trigger trigger, String name, String exported) {
        String needed = handlerFor(trigger).orElseThrow();
        String wanted = trigger.wireName() + " (policies/" + trigger.folder() + "/) runs " + needed;
        if (exported.isEmpty()) {
            return Failure.of(FailureCode.POLICY_ERROR, name,
                    "is an Auth0 Action but exports no Auth0 handler function; " + wanted);
        }
        String first = exported.split(", ")[0];
        String move = triggerOf(first)
                .map(t -> "; move it to policies/" + t.folder() + "/ (" + t.wireName() + ")")
                .orElse("; Interlock runs only onExecutePreUserRegistration, onExecutePostLogin and onExecuteCredentialsExchange");
        return Failure.of(FailureCode.POLICY_ERROR, name,
                "is an Auth0 Action exporting " + exported + ", but " + wanted + move);
    }

    /** Where Auth0 has no trigger like this interceptor point, an Action cannot run there. */
    static Failure noSuchTrigger(Trigger trigger, String name) {
        return Failure.of(FailureCode.POLICY_ERROR, name, "is an Auth0 Action, but Auth0 has no trigger"
                + " like " + trigger.wireName() + "; write it as an Interlock policy: export default function (ctx) { ... }");
    }

}
