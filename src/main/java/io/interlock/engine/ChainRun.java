package io.interlock.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.interlock.decision.ActionClaims;
import io.interlock.decision.DecisionValidator;
import io.interlock.decision.PreM2mTokenCreationResponse;
import io.interlock.decision.TriggerResponse;
import io.interlock.decision.Validation;
import io.interlock.decision.Verdict;
import io.interlock.decision.Violation;
import io.interlock.fetch.FetchCall;
import io.interlock.fetch.Outbound;
import io.interlock.trigger.Trigger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.graalvm.polyglot.PolyglotException;

/**
 * One evaluation of a prepared chain on one of its prepared contexts: each policy runs on a fresh
 * instance through the harness, its snapshot is validated on the host, the first DENY ends the
 * chain and the ALLOWs merge. Every way this can go wrong ends as a {@link Failure}; a context that
 * hit a limit or saw an engine error is retired, never reused.
 */
final class ChainRun {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ChainRun.class);

    private final Watchdog watchdog;
    private final DecisionValidator validator;
    private final EngineSettings settings;
    private final Ticker ticker;
    /** Where this evaluation's fetch() calls go: the network, a test's declared answers, or nowhere. */
    private final Outbound outbound;
    /** The payload fields whose reads replay notes, or null (every other evaluation). */
    private FieldWatch fieldWatch;

    private final List<PolicyTrace> trace = new ArrayList<>();
    private final List<TriggerResponse> allows = new ArrayList<>();
    private TriggerResponse deny;
    private Failure failure;
    private PreparedChain.Policy current;
    /** The chain's helpers, where a thrown value may have been created. */
    private List<PreparedChain.Helper> helpers = List.of();
    /** The last policy the guest ran: a change to globalThis found after the chain is its. */
    private PreparedChain.Policy lastRan;
    private String decidedBy;

    /** Notes reads of {@code watch}'s fields in this run (replay's masked fields). */
    ChainRun watching(FieldWatch watch) {
        this.fieldWatch = watch;
        return this;
    }

    ChainRun(Watchdog watchdog, DecisionValidator validator, EngineSettings settings, Outbound outbound) {
        this.watchdog = watchdog;
        this.validator = validator;
        this.settings = settings;
        this.ticker = settings.ticker();
        this.outbound = outbound;
    }

    /**
     * Runs the chain on a context from its pool; {@code payloadJson} null only checks that each policy
     * loads. {@code progress} tells another thread how far it got: the policies' limit counts from
     * when they start, never from before a context was ready.
     */
    EvaluationResult run(PreparedChain chain, JsonNode payload, String payloadJson, Limits limits, EvaluationProgress progress) {
        long start = ticker.read();
        ChainContext context;
        try {
            context = chain.contexts().borrow();
        } catch (ContextPreparationFailed e) {
            return new EvaluationResult(chain.trigger(), Optional.empty(), Optional.of(e.failure()), List.of(),
                    Optional.ofNullable(e.failure().policy()), millisSince(start));
        }
        boolean healthy = run(chain, context, payload, payloadJson, limits, start, progress);
        chain.contexts().giveBack(context, healthy);
        failure = chain.relocate(failure);
        return redacted(chain, result(chain.trigger(), millisSince(start)));
    }

    /** An evaluation on a context the caller holds, and whether that context may serve again. */
    record OnContext(EvaluationResult result, boolean healthy) {}

    /**
     * Runs the chain on {@code context}, which the caller borrowed and gives back: the warm-up holds
     * every context of the pool so that each one runs the samples.
     */
    OnContext runOn(PreparedChain chain, ChainContext context, JsonNode payload, String payloadJson, Limits limits) {
        long start = ticker.read();
        boolean healthy = run(chain, context, payload, payloadJson, limits, start, new EvaluationProgress());
        failure = chain.relocate(failure);
        return new OnContext(redacted(chain, result(chain.trigger(), millisSince(start))), healthy);
    }

    /** Returns whether the context may serve again: no limit, cancellation or engine error. */
    private boolean run(PreparedChain chain, ChainContext context, JsonNode payload, String payloadJson, Limits limits,
            long start, EvaluationProgress progress) {
        helpers = chain.helpers();
        Watchdog.Watch watch = watchdog.watch(context.context(), limits);
        progress.started(watch);
        FetchSession fetches = new FetchSession(outbound, settings.fetch(), ticker, watch.deadlineNanos,
                () -> watchdog.expire(watch));
        long policyStart = start;
        boolean healthy = false;
        try {
            context.begin(fetches);
            PayloadShapes.Handed handed = payloadJson == null || fieldWatch != null
                    ? new PayloadShapes.Handed(payloadJson, null, null) : chain.payloadShapes().hand(payload, payloadJson);
            List<PreparedChain.Policy> policies = chain.policies();
            for (int i = 0; i < policies.size(); i++) {
                current = policies.get(i);
                progress.running(current.name());
                policyStart = ticker.read();
                if (deny != null || failure != null) {
                    trace.add(new PolicyTrace(current.name(), PolicyTrace.Outcome.SKIPPED, 0, List.of(), List.of()));
                    continue;
                }
                GuestOutcome outcome = context.run(i, handed, chainScope(),
                        fieldWatch == null ? null : fieldWatch.json());
                if (fieldWatch != null && outcome.body() != null) {
                    fieldWatch.read(current.name(), outcome.body().get("reads"));
                }
                if (outcome.status().equals("global_changed")) {
                    // found before this policy began: the one that ran before made the change
                    blame(policies.get(i - 1), outcome.text("change"));
                    trace.add(new PolicyTrace(current.name(), PolicyTrace.Outcome.SKIPPED, 0, List.of(), List.of()));
                    continue;
                }
                lastRan = current;
                judge(chain.trigger(), outcome, payload, context, millisSince(policyStart), fetches.drain());
            }
            String change = context.sweep();
            healthy = change.isEmpty();
            if (!healthy && failure == null && lastRan != null) {
                blame(lastRan, change);
            }
            if (watch.verdict != null && failure == null) {
                // The limit was reached while the policy finished (a fetch() cut short by the
                // deadline returns just before the watchdog's cancellation lands): the evaluation
                // still ended at its limit, whatever the policy made of the interrupted call.
                failure = GuestFailures.limitReached(watch.verdict, limits, nameOf(current));
            }
        } catch (PolyglotException e) {
            if (current == null && watch.verdict == null) {
                // no policy ran: the prepared context itself was unusable (it is retired below)
                LOG.error("a prepared context of {} failed before its first policy", chain.trigger().wireName(), e);
                failure = Failure.of(FailureCode.POLICY_ERROR, null, "internal error: the prepared context failed before the first policy");
            } else {
                failure = GuestFailures.fromException(e, watch.verdict, limits, nameOf(current));
            }
            traceError(chain.policies(), policyStart, fetches);
        } catch (RuntimeException e) {
            // An engine bug must still be a failure value: the caller answers per on-error, never a 500.
            LOG.error("evaluation of {} failed inside the engine", nameOf(current), e);
            failure = Failure.of(FailureCode.POLICY_ERROR, nameOf(current), "internal error while running the policy");
            traceError(chain.policies(), policyStart, fetches);
        } finally {
            context.end();
            context.served(watchdog.release(watch));
            progress.done();
        }
        return healthy && watch.verdict == null;
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

    private void judge(Trigger trigger, GuestOutcome outcome, JsonNode payload, ChainContext context, double millis,
            List<FetchCall> calls) {
        List<String> notes = new ArrayList<>();
        Failure problem = switch (outcome.status()) {
            case "ok" -> accept(trigger, actionResult(trigger, outcome.body().get("value"), notes), payload);
            case "loaded" -> null;
            case "undefined" -> invalid("returned undefined; a policy must return a decision such as {decision: \"ALLOW\"}");
            case "refused" -> invalid(pathOf(outcome.text("path")) + ": " + outcome.text("reason"));
            case "thrown" -> GuestFailures.thrown(current.name(), outcome.text("name"), outcome.text("message"),
                    outcome.body().path("locatable").asBoolean() ? context.thrownAt(current.name(), helpers)
                    : GuestFailures.Origin.UNKNOWN);
            case "pending" -> error("the promise returned by the policy never settled");
            case "module_pending" -> error("the module never finished loading (top-level await still pending)");
            case "no_default" -> error("no default export function; write `export default function (ctx, data) { ... }`");
            case "no_handler" -> Auth0Action.missingHandler(trigger, current.name(), outcome.text("exported"));
            case "oversized" -> invalid("the result (or a thrown error) is too large: strings over 1,000,000 characters "
                    + "or nesting deeper than " + io.interlock.json.StrictJson.MAX_DEPTH + " levels");
            default -> error("unexpected harness status " + outcome.status());
        };
        if (problem != null) {
            failure = problem;
        }
        PolicyTrace.Outcome verdict = problem != null ? PolicyTrace.Outcome.ERROR
                : deny != null ? PolicyTrace.Outcome.DENY : PolicyTrace.Outcome.ALLOW;
        List<String> console = new ArrayList<>(shown(outcome.console()));
        console.addAll(notes);
        trace.add(new PolicyTrace(current.name(), verdict, millis, console, calls));
    }

    /**
     * An Action's claims with a reserved name are left out, as Auth0 leaves out a claim it
     * restricts and goes on (issue 24); each is noted. A plain policy's result is validated as it is.
     */
    private JsonNode actionResult(Trigger trigger, JsonNode result, List<String> notes) {
        if (current.kind() != PolicyCompiler.Kind.ACTION) {
            return result;
        }
        ActionClaims.Dropped dropped = ActionClaims.withoutReserved(trigger, result);
        dropped.names().forEach(name -> notes.add(CLAIM_NOTE.formatted(name, name)));
        return dropped.result();
    }

    private static final String CLAIM_NOTE = "interlock: the claim \"%s\" was not added: the platform reserves that name (Auth0"
            + " leaves out claims it restricts too); the login goes on without it. Use a namespaced name such as"
            + " https://example.com/%s";

    /** Console lines as they may leave the engine: secrets removed from the whole line, then cut. */
    private List<String> shown(List<String> console) {
        int raw = ChainContext.rawLineLength(settings);
        ActionSecrets secrets = current.secrets();
        return console.stream().map(line -> secrets.redactAndCut(line, raw, settings.maxConsoleLineLength())).toList();
    }

    private Failure accept(Trigger trigger, JsonNode snapshot, JsonNode payload) {
        Validation validation = validator.validate(trigger, snapshot, payload);
        if (validation instanceof Validation.Invalid invalid) {
            return invalid(describe(invalid.violations()));
        }
        TriggerResponse response = ((Validation.Valid) validation).response();
        if (response.verdict() == Verdict.DENY) {
            deny = response;
            decidedBy = current.name();
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
     * Secrets reach the guest only as event.secrets; whatever an Action prints, throws, denies
     * with or calls out with is scrubbed of them before it can reach a trace, a log or a dry-run
     * answer: of the secrets that Action sees, never of another's.
     */
    private EvaluationResult redacted(PreparedChain chain, EvaluationResult result) {
        return Redaction.of(result, name -> chain.secretsOf(name, settings.secrets()));
    }

    /**
     * Fails the chain for what {@code policy} did to globalThis ({@code change}), which no later
     * policy or evaluation may see; its trace entry, already written, becomes an error.
     */
    private void blame(PreparedChain.Policy policy, String change) {
        failure = Failure.of(FailureCode.POLICY_ERROR, policy.name(), change);
        for (int i = trace.size() - 1; i >= 0; i--) {
            PolicyTrace entry = trace.get(i);
            if (entry.policy().equals(policy.name())) {
                trace.set(i, new PolicyTrace(entry.policy(), PolicyTrace.Outcome.ERROR, entry.durationMs(), entry.console(),
                        entry.fetches()));
                return;
            }
        }
    }

    private Failure invalid(String message) {
        return Failure.of(FailureCode.INVALID_DECISION, current.name(), message);
    }

    private Failure error(String message) {
        return Failure.of(FailureCode.POLICY_ERROR, current.name(), message);
    }

    /**
     * The failed policy's trace entry, and the policies after it as skipped; none for the failed
     * one when the chain stopped before its first policy began.
     */
    private void traceError(List<PreparedChain.Policy> policies, long policyStart, FetchSession fetches) {
        if (current != null) {
            trace.add(new PolicyTrace(current.name(), PolicyTrace.Outcome.ERROR, millisSince(policyStart), List.of(),
                    fetches.drain()));
        }
        // indexOf(null) throws on an immutable list; a chain that stopped before its first policy skips them all
        for (int i = current == null ? 0 : policies.indexOf(current) + 1; i < policies.size(); i++) {
            trace.add(new PolicyTrace(policies.get(i).name(), PolicyTrace.Outcome.SKIPPED, 0, List.of()));
        }
    }

    private static String nameOf(PreparedChain.Policy policy) {
        return policy == null ? null : policy.name();
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

}
