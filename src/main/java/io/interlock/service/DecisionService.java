package io.interlock.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.interlock.config.InterlockConfig;
import io.interlock.config.OnError;
import io.interlock.decision.TriggerResponse;
import io.interlock.engine.EvaluationProgress;
import io.interlock.engine.EvaluationResult;
import io.interlock.engine.Failure;
import io.interlock.engine.FailureCode;
import io.interlock.engine.Limits;
import io.interlock.engine.PolicyEngine;
import io.interlock.engine.PolicySource;
import io.interlock.policy.PolicyFile;
import io.interlock.policy.PolicyRepository;
import io.interlock.trigger.Trigger;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Runs a trigger's current chain and turns a failure into the configured answer. The end
 * user only ever sees the platform's generic text; the failure itself goes to the log.
 */
public final class DecisionService {

    /** The platform's own text for a denial without a message (seed 000 / DESIGN.md §1). */
    public static final String GENERIC_DENIAL = "The request could not be completed due to a policy restriction.";

    private final PolicyEngine engine;
    private final PolicyRepository policies;
    private final InterlockConfig config;

    public DecisionService(PolicyEngine engine, PolicyRepository policies, InterlockConfig config) {
        this.engine = engine;
        this.policies = policies;
        this.config = config;
    }

    public Decided decide(Trigger trigger, JsonNode payload) {
        return decide(trigger, payload, null);
    }

    /** As {@link #decide(Trigger, JsonNode)}, with the JSON text the payload was parsed from (or null). */
    public Decided decide(Trigger trigger, JsonNode payload, String payloadJson) {
        return decide(trigger, payload, payloadJson, new EvaluationProgress());
    }

    /**
     * Runs the trigger's current chain on {@code pool}, which answers by itself when the chain
     * overruns and refuses to start it when its guard says so (see {@link EvaluationPool}).
     */
    public CompletableFuture<Decided> submit(EvaluationPool pool, Trigger trigger, JsonNode payload, String payloadJson) {
        return pool.submit(new ChainCall(trigger, payload, () -> policies.chain(trigger)
                .map(active -> InputFingerprint.chain(active.files(), active.dataHash())).orElse("none")) {
            @Override
            public Decided run(EvaluationProgress progress) {
                return decide(trigger, payload, payloadJson, progress);
            }
        });
    }

    /**
     * Runs the trigger's shadow chain ({@code <trigger>/shadow/}) on {@code pool}, guarded and
     * answered on overrun as {@link #submit} is, with the trigger's own limits and on-error; empty
     * when the trigger has no shadow chain. A full pool fails the future with {@link Overloaded}.
     */
    public Optional<CompletableFuture<Decided>> submitShadow(EvaluationPool pool, Trigger trigger, JsonNode payload,
            String payloadJson) {
        var shadow = policies.shadowChain(trigger);
        if (shadow.isEmpty()) {
            return Optional.empty();
        }
        var active = shadow.get();
        return Optional.of(pool.submit(new ChainCall(trigger, payload,
                () -> "shadow:" + InputFingerprint.chain(active.files(), active.dataHash())) {
            @Override
            public Decided run(EvaluationProgress progress) {
                EvaluationResult result = engine.evaluate(active.chain(), payload, payloadJson, progress);
                return handle(trigger, result, active.files());
            }

            @Override
            List<PolicyFile> files() {
                return active.files();
            }
        }));
    }

    /** A dry run of draft {@code sources} on {@code pool}, guarded as {@link #submit} is; no file is recorded. */
    public CompletableFuture<Decided> submitDraft(EvaluationPool pool, Trigger trigger, JsonNode payload, List<PolicySource> sources,
            JsonNode data) {
        return pool.submit(new ChainCall(trigger, payload, () -> InputFingerprint.draft(sources)) {
            @Override
            public Decided run(EvaluationProgress progress) {
                return apply(config.onErrorFor(trigger), engine.evaluate(trigger, payload, sources, data,
                        policies.helpers().forDrafts(trigger.folder()), progress), List.of());
            }

            @Override
            List<PolicyFile> files() {
                return List.of();
            }

            @Override
            Optional<io.interlock.policy.ChainVersion> version() {
                return Optional.empty();
            }
        });
    }

    /** One call of a trigger's chain as the pool sees it; answers that do not come from the chain, per on-error. */
    private abstract class ChainCall implements EvaluationPool.Watched<Decided> {
        private final Trigger trigger;
        private final StallGuard.Input input;

        ChainCall(Trigger trigger, JsonNode payload, Supplier<String> chainVersion) {
            this.trigger = trigger;
            this.input = new StallGuard.Input(trigger, chainVersion, () -> InputFingerprint.of(payload));
        }

        @Override
        public Duration answerBy() {
            return DecisionService.this.answerBy(trigger);
        }

        @Override
        public StallGuard.Input input() {
            return input;
        }

        @Override
        public Decided refused(StallGuard.Refusal refusal) {
            return failed(new Failure(FailureCode.POLICY_QUARANTINED, refusal.message(), null, null, null), 0);
        }

        @Override
        public Decided overrun(EvaluationPool.Overrun overrun) {
            return failed(overrunFailure(engine.settings().limitsFor(trigger), answerBy(), overrun), overrun.waitedNanos() / 1_000_000.0);
        }

        List<PolicyFile> files() {
            return policies.chain(trigger).map(c -> c.files()).orElse(List.of());
        }

        Optional<io.interlock.policy.ChainVersion> version() {
            return policies.chain(trigger).map(policies::version);
        }

        private Decided failed(Failure failure, double millis) {
            EvaluationResult result = new EvaluationResult(trigger, Optional.empty(), Optional.of(failure), List.of(),
                    Optional.ofNullable(failure.policy()), millis);
            return apply(config.onErrorFor(trigger), result, files()).madeBy(version());
        }
    }

    private Decided decide(Trigger trigger, JsonNode payload, String payloadJson, EvaluationProgress progress) {
        var active = policies.chain(trigger);
        if (active.isEmpty()) {
            Failure none = new Failure(FailureCode.NO_POLICY,
                    "no loadable chain for " + trigger.wireName() + ": " + policies.state(trigger).problems().stream()
                            .map(p -> p.located()).findFirst().orElse("nothing loaded"), null, null, null);
            EvaluationResult result = new EvaluationResult(trigger, Optional.empty(), Optional.of(none), List.of(),
                    Optional.empty(), 0);
            return handle(trigger, result, List.of());
        }
        EvaluationResult result = engine.evaluate(active.get().chain(), payload, payloadJson, progress);
        return handle(trigger, result, active.get().files()).madeBy(Optional.of(policies.version(active.get())));
    }

    /**
     * When a call whose policies are still running must be answered anyway: their time limit plus
     * a grace for the watchdog's cancellation to take effect, counted from their start (not from
     * the preparation of a context), so only a worker stuck in an operation that cannot be
     * interrupted gets there (at most twice the limit).
     */
    public Duration answerBy(Trigger trigger) {
        Duration limit = engine.settings().limitsFor(trigger).timeout();
        Duration grace = limit.dividedBy(4);
        return limit.plus(grace.compareTo(MIN_GRACE) < 0 ? MIN_GRACE : grace);
    }

    private static final Duration MIN_GRACE = Duration.ofMillis(100);

    /**
     * The failure of a call the pool answered before its evaluation ended: the stuck built-in is
     * blamed only when the watchdog stopped the evaluation and its thread is still inside it.
     */
    static Failure overrunFailure(Limits limits, Duration answerBy, EvaluationPool.Overrun overrun) {
        long limit = limits.timeout().toMillis();
        EvaluationProgress.Snapshot at = overrun.progress();
        return switch (overrun.kind()) {
            case STUCK -> new Failure(at.stoppedAs(), (at.stoppedAs() == FailureCode.POLICY_MEMORY
                    ? "exceeded the memory limit of " + limits.memoryBytes() / (1024 * 1024) + " MB"
                    : "exceeded the time limit of " + limit + " ms")
                    + "; the policy was stopped but its thread is still finishing a built-in operation that cannot be interrupted"
                    + (overrun.quarantine() == null ? "" : " (" + overrun.quarantine() + ")"), at.policy(), null, null);
            case LATE -> new Failure(FailureCode.POLICY_TIMEOUT, "exceeded the time limit of " + limit + " ms, and was still running "
                    + (answerBy.toMillis() - limit) + " ms later (the machine is overloaded)", at.policy(), null, null);
            case PREPARING -> new Failure(FailureCode.POLICY_TIMEOUT, "no policy ran: the sandbox context was still being prepared"
                    + " after " + overrun.waitedNanos() / 1_000_000 + " ms (the machine is overloaded); the policies' own time limit of "
                    + limit + " ms had not started", null, null, null);
        };
    }

    /** Applies the failure handling of {@code onError} to a result. */
    public static Decided apply(OnError onError, EvaluationResult result, List<io.interlock.policy.PolicyFile> files) {
        if (!result.failed()) {
            return new Decided(result, result.response(), Optional.empty(), files);
        }
        Optional<TriggerResponse> answer = switch (onError) {
            case DENY -> Optional.of(TriggerResponse.deny(result.trigger(), GENERIC_DENIAL));
            case ALLOW -> Optional.of(TriggerResponse.allow(result.trigger()));
            case ERROR -> Optional.empty();
        };
        return new Decided(result, answer, Optional.of(onError), files);
    }

    private Decided handle(Trigger trigger, EvaluationResult result, List<io.interlock.policy.PolicyFile> files) {
        return apply(config.onErrorFor(trigger), result, files);
    }
}
