package io.interlock.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.interlock.config.InterlockConfig;
import io.interlock.config.OnError;
import io.interlock.decision.TriggerResponse;
import io.interlock.engine.EvaluationResult;
import io.interlock.engine.Failure;
import io.interlock.engine.FailureCode;
import io.interlock.engine.PolicyEngine;
import io.interlock.policy.PolicyRepository;
import io.interlock.trigger.Trigger;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

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
        var active = policies.chain(trigger);
        if (active.isEmpty()) {
            Failure none = new Failure(FailureCode.NO_POLICY,
                    "no loadable chain for " + trigger.wireName() + ": " + policies.state(trigger).problems().stream()
                            .map(p -> p.located()).findFirst().orElse("nothing loaded"), null, null, null);
            EvaluationResult result = new EvaluationResult(trigger, Optional.empty(), Optional.of(none), List.of(),
                    Optional.empty(), 0);
            return handle(trigger, result, List.of());
        }
        EvaluationResult result = payloadJson == null ? engine.evaluate(active.get().chain(), payload)
                : engine.evaluate(active.get().chain(), payload, payloadJson);
        return handle(trigger, result, active.get().files());
    }

    /**
     * When a call still running must be answered anyway: its time limit plus a grace for the
     * watchdog's cancellation to take effect, so only a worker stuck in an operation that cannot
     * be interrupted gets there (at most twice the limit).
     */
    public Duration answerBy(Trigger trigger) {
        Duration limit = engine.settings().limitsFor(trigger).timeout();
        Duration grace = limit.dividedBy(4);
        return limit.plus(grace.compareTo(MIN_GRACE) < 0 ? MIN_GRACE : grace);
    }

    private static final Duration MIN_GRACE = Duration.ofMillis(100);

    /** The answer for a call whose worker is stuck past {@link #answerBy}: a timeout, per on-error. */
    public Decided stuck(Trigger trigger) {
        long limit = engine.settings().limitsFor(trigger).timeout().toMillis();
        Failure timeout = new Failure(FailureCode.POLICY_TIMEOUT, "exceeded the time limit of " + limit + " ms; the policy was"
                + " stopped but its thread is still finishing a built-in operation that cannot be interrupted", null, null, null);
        EvaluationResult result = new EvaluationResult(trigger, Optional.empty(), Optional.of(timeout), List.of(),
                Optional.empty(), answerBy(trigger).toNanos() / 1_000_000.0);
        return handle(trigger, result, policies.chain(trigger).map(c -> c.files()).orElse(List.of()));
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
