package io.interlock.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.interlock.decision.DecisionValidator;
import io.interlock.decision.PreM2mTokenCreationResponse;
import io.interlock.decision.TriggerResponse;
import io.interlock.decision.Validation;
import io.interlock.decision.Verdict;
import io.interlock.decision.Violation;
import io.interlock.trigger.Trigger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;

/**
 * One evaluation of a prepared chain in one fresh context: load each module, call its default
 * export through the harness, validate the snapshot on the host, stop at the first DENY, merge
 * the ALLOWs. Every way this can go wrong ends as a {@link Failure}, and the context is closed
 * whatever happens, so no state reaches the next evaluation.
 */
final class ChainRun {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ChainRun.class);

    private final SandboxFactory sandbox;
    private final Watchdog watchdog;
    private final DecisionValidator validator;
    private final EngineSettings settings;
    private final Ticker ticker;

    private final List<PolicyTrace> trace = new ArrayList<>();
    private final List<TriggerResponse> allows = new ArrayList<>();
    private TriggerResponse deny;
    private Failure failure;
    private String current;
    private String decidedBy;

    ChainRun(SandboxFactory sandbox, Watchdog watchdog, DecisionValidator validator, EngineSettings settings) {
        this.sandbox = sandbox;
        this.watchdog = watchdog;
        this.validator = validator;
        this.settings = settings;
        this.ticker = settings.ticker();
    }

    EvaluationResult run(PreparedChain chain, JsonNode payload, String payloadJson, Limits limits) {
        long start = ticker.read();
        Context context = sandbox.newContext();
        Watchdog.Watch watch = watchdog.watch(context, limits);
        long policyStart = start;
        try {
            Value harness = context.eval(sandbox.harness())
                    .execute(chain.dataJson(), settings.maxConsoleLines(), settings.maxConsoleLineLength());
            Value run = harness.getMember("run");
            Value poll = harness.getMember("poll");
            // After the harness and before any policy code, so it captures pristine intrinsics too.
            Value adapter = chain.hasActions()
                    ? context.eval(sandbox.auth0Adapter()).execute(chain.trigger().wireName(), settings.secrets().json(),
                            harness.getMember("deepFreeze"), chain.modules())
                    : null;
            for (PreparedChain.Compiled policy : chain.policies()) {
                current = policy.policy().name();
                policyStart = ticker.read();
                if (deny != null || failure != null) {
                    trace.add(new PolicyTrace(current, PolicyTrace.Outcome.SKIPPED, 0, List.of()));
                    continue;
                }
                GuestOutcome outcome = policy.action()
                        ? callAction(context, chain.trigger(), policy, adapter, run, poll, payloadJson)
                        : call(context, policy, run, poll, payloadJson);
                judge(chain.trigger(), outcome, payload, millisSince(policyStart));
            }
        } catch (PolyglotException e) {
            failure = GuestFailures.fromException(e, watch.verdict, limits, current);
            trace.add(new PolicyTrace(current, PolicyTrace.Outcome.ERROR, millisSince(policyStart), List.of()));
        } catch (RuntimeException e) {
            // An engine bug must still be a failure value: the caller answers per on-error, never a 500.
            LOG.error("evaluation of {} failed inside the engine", current, e);
            failure = Failure.of(FailureCode.POLICY_ERROR, current, "internal error while running the policy");
            trace.add(new PolicyTrace(current, PolicyTrace.Outcome.ERROR, millisSince(policyStart), List.of()));
        } finally {
            watchdog.release(watch);
            closeQuietly(context);
        }
        failure = chain.relocate(failure);
        return redacted(result(chain.trigger(), millisSince(start)));
    }

    private GuestOutcome call(Context context, PreparedChain.Compiled policy, Value run, Value poll, String payloadJson) {
        Value exports = context.eval(policy.module());
        if (!completed(exports)) {
            return new GuestOutcome("module_pending", null, List.of());
        }
        run.executeVoid(exports.getMember("default"), payloadJson);
        return GuestOutcome.parse(poll.execute().asString());
    }

    /**
     * Runs the Action's CommonJS top level, then its handler for this trigger through the adapter,
     * which turns what the handler did with {@code api} into a decision for the harness to snapshot.
     */
    private GuestOutcome callAction(Context context, Trigger trigger, PreparedChain.Compiled policy, Value adapter,
            Value run, Value poll, String payloadJson) {
        Value wrapper = context.eval(policy.module());
        Value handler = adapter.invokeMember("load", wrapper, Auth0Action.handlerFor(trigger).orElseThrow(), chainScope());
        if (handler.isString()) {
            // Checked at prepare time; only an Action whose exports depend on something else gets here.
            return new GuestOutcome("no_handler", null, List.of());
        }
        run.executeVoid(handler, payloadJson);
        return GuestOutcome.parse(poll.execute().asString());
    }

    /**
     * The M2M scope the chain has settled on so far, or null: an Action's addScope/removeScope
     * start from it, so removing one scope does not bring back one an earlier policy took away.
     */
    private String chainScope() {
        String scope = null;
        for (TriggerResponse allow : allows) {
            if (allow instanceof PreM2mTokenCreationResponse m2m && m2m.claims().containsKey("scope")
                    && m2m.claims().get("scope").isTextual()) {
                scope = m2m.claims().get("scope").textValue();
            }
        }
        return scope;
    }

    /** A module suspended in top-level await has its completion marker still uninitialised. */
    private static boolean completed(Value exports) {
        try {
            Value marker = exports.getMember(SandboxFactory.LOADED_MARKER);
            return marker != null && marker.isBoolean() && marker.asBoolean();
        } catch (PolyglotException uninitialised) {
            if (uninitialised.isCancelled() || uninitialised.isResourceExhausted()) {
                throw uninitialised;
            }
            return false;
        }
    }

    private void judge(Trigger trigger, GuestOutcome outcome, JsonNode payload, double millis) {
        Failure problem = switch (outcome.status()) {
            case "ok" -> accept(trigger, outcome.body().get("value"), payload);
            case "undefined" -> invalid("returned undefined; a policy must return a decision such as {decision: \"ALLOW\"}");
            case "refused" -> invalid(pathOf(outcome.text("path")) + ": " + outcome.text("reason"));
            case "thrown" -> GuestFailures.thrown(current, outcome.text("name"), outcome.text("message"), outcome.text("stack"));
            case "pending" -> error("the promise returned by the policy never settled");
            case "module_pending" -> error("the module never finished loading (top-level await still pending)");
            case "no_default" -> error("the module has no default export function");
            case "no_handler" -> error("the Auth0 Action no longer exports the handler this trigger runs");
            case "oversized" -> invalid("the result (or a thrown error) is too large: strings over 1,000,000 characters "
                    + "or nesting deeper than " + io.interlock.json.StrictJson.MAX_DEPTH + " levels");
            default -> error("unexpected harness status " + outcome.status());
        };
        if (problem != null) {
            failure = problem;
        }
        PolicyTrace.Outcome verdict = problem != null ? PolicyTrace.Outcome.ERROR
                : deny != null ? PolicyTrace.Outcome.DENY : PolicyTrace.Outcome.ALLOW;
        trace.add(new PolicyTrace(current, verdict, millis, outcome.console()));
    }

    private Failure accept(Trigger trigger, JsonNode snapshot, JsonNode payload) {
        Validation validation = validator.validate(trigger, snapshot, payload);
        if (validation instanceof Validation.Invalid invalid) {
            return invalid(describe(invalid.violations()));
        }
        TriggerResponse response = ((Validation.Valid) validation).response();
        if (response.verdict() == Verdict.DENY) {
            deny = response;
            decidedBy = current;
        } else {
            allows.add(response);
        }
        return null;
    }

    private EvaluationResult result(Trigger trigger, double millis) {
        if (failure == null && deny == null) {
            Validation merged = validator.merge(trigger, allows);
            if (merged instanceof Validation.Invalid invalid) {
                failure = new Failure(io.interlock.engine.FailureCode.INVALID_DECISION,
                        "the chain's results conflict: " + describe(invalid.violations()), null, null, null);
            } else {
                decidedBy = trace.isEmpty() ? null : trace.get(trace.size() - 1).policy();
                return done(trigger, ((Validation.Valid) merged).response(), millis);
            }
        }
        if (failure != null) {
            return new EvaluationResult(trigger, Optional.empty(), Optional.of(failure), List.copyOf(trace),
                    Optional.ofNullable(failure.policy()), millis);
        }
        return done(trigger, deny, millis);
    }

    private EvaluationResult done(Trigger trigger, TriggerResponse response, double millis) {
        return new EvaluationResult(trigger, Optional.of(response), Optional.empty(), List.copyOf(trace),
                Optional.ofNullable(decidedBy), millis);
    }

    /**
     * Secrets reach the guest only as event.secrets; whatever an Action prints or throws is
     * scrubbed of them before it can reach a trace, a log or a dry-run answer.
     */
    private EvaluationResult redacted(EvaluationResult result) {
        ActionSecrets secrets = settings.secrets();
        if (secrets.isEmpty()) {
            return result;
        }
        List<PolicyTrace> scrubbed = result.trace().stream()
                .map(t -> new PolicyTrace(t.policy(), t.outcome(), t.durationMs(),
                        t.console().stream().map(secrets::redact).toList()))
                .toList();
        Optional<Failure> fail = result.failure().map(f -> new Failure(f.code(), secrets.redact(f.message()),
                f.policy(), f.line(), f.column()));
        Optional<TriggerResponse> response = result.response().map(r -> scrubDenial(r, secrets));
        return new EvaluationResult(result.trigger(), response, fail, scrubbed, result.decidedBy(), result.durationMs());
    }

    /** A DENY message is shown to the end user and logged: never with a secret in it. */
    private static TriggerResponse scrubDenial(TriggerResponse response, ActionSecrets secrets) {
        if (response.verdict() != Verdict.DENY || response.errorMessage().isEmpty()) {
            return response;
        }
        String message = response.errorMessage().get();
        String clean = secrets.redact(message);
        return clean.equals(message) ? response : TriggerResponse.deny(response.trigger(), clean);
    }

    private Failure invalid(String message) {
        return Failure.of(FailureCode.INVALID_DECISION, current, message);
    }

    private Failure error(String message) {
        return Failure.of(FailureCode.POLICY_ERROR, current, message);
    }

    private static String pathOf(String path) {
        return path.isEmpty() ? "(root)" : path;
    }

    private static String describe(List<Violation> violations) {
        return violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
    }

    private double millisSince(long startNanos) {
        return (ticker.read() - startNanos) / 1_000_000.0;
    }

    private static void closeQuietly(Context context) {
        try {
            context.close(true);
        } catch (PolyglotException | IllegalStateException alreadyClosed) {
            // Cancelled by the watchdog; the context is gone either way.
        }
    }
}
