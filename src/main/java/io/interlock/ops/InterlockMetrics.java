package io.interlock.ops;

import io.interlock.config.InterlockConfig;
import io.interlock.config.OnError;
import io.interlock.engine.EvaluationResult;
import io.interlock.engine.FailureCode;
import io.interlock.engine.PolicyEngine;
import io.interlock.engine.PolicyTrace;
import io.interlock.fetch.Allowlist;
import io.interlock.fetch.FetchCall;
import io.interlock.fetch.FetchError;
import io.interlock.log.FailureCodes;
import io.interlock.service.EvaluationPool;
import io.interlock.service.ShadowPool;
import io.interlock.service.StallGuard;
import io.interlock.trigger.Trigger;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Interlock's own meters, named so the Prometheus registry renders them by convention:
 * {@code interlock.decisions} becomes {@code interlock_decisions_total}, timers become
 * {@code _seconds} histograms. Tags stay low-cardinality (trigger, decision, failure code,
 * status), never user data.
 *
 * <p>Every counter an alert watches exists from the start at 0, with each label set it can
 * have under this configuration: {@code increase()} over a series that appears with its first
 * event at 1 sees no increase, so the first timeout, memory kill, load error or refusal would
 * go unnoticed. Label sets that cannot occur are not registered: a series that stays at 0
 * whatever happens only makes a scrape longer and a dashboard wrong.
 *
 * <p>Dry runs ({@code /v1/evaluate}) are counted in {@code interlock_decisions_total} with
 * {@code source="evaluate"} and nowhere else: a draft that times out in the playground must not
 * fire an alert written for the interceptor's traffic.
 *
 * <p>Latencies are histograms with a handful of fixed buckets ({@link LatencyBuckets}), not
 * Micrometer's 69 percentile buckets per series.
 */
@Singleton
public final class InterlockMetrics {

    /** The refusals the README lists for the interceptor URL. */
    static final List<Integer> REJECTED_STATUSES = List.of(400, 401, 405, 413, 415, 503);

    private final MeterRegistry registry;
    private final LatencyBuckets buckets;
    /**
     * The meters every call moves, looked up once per label set: a Micrometer builder's register()
     * builds the id, merges the histogram's configuration and searches the registry each time,
     * which cost a few microseconds per call on the interceptor's hot path. The label sets are
     * bounded (statuses, triggers, decisions, failure codes), so are these maps.
     */
    private final Map<Integer, Timer> requestTimers = new ConcurrentHashMap<>();
    private final Map<Trigger, Timer> evaluationTimers = new ConcurrentHashMap<>();
    private final Map<DecisionLabels, Counter> decisionCounters = new ConcurrentHashMap<>();

    private record DecisionLabels(String source, Trigger trigger, String decision, String failure) {}

    InterlockMetrics(MeterRegistry registry, EvaluationPool pool, InterlockConfig config, PolicyEngine engine,
            ShadowPool shadows) {
        this.registry = registry;
        this.buckets = LatencyBuckets.of(config);
        BuildInfo build = BuildInfo.current(engine.compiling());
        Gauge.builder("interlock.build.info", () -> 1).description("What is running: version, commit, Java, JIT on or off")
                .tag("version", build.version()).tag("commit", build.commit()).tag("java", build.java())
                .tag("jit", build.jit() ? "on" : "off").register(registry);
        Gauge.builder("interlock.pool.queue.depth", pool, EvaluationPool::queued)
                .description("Calls waiting for an evaluation worker").register(registry);
        Gauge.builder("interlock.pool.active", pool, EvaluationPool::active)
                .description("Evaluation workers busy").register(registry);
        Gauge.builder("interlock.pool.workers", pool, EvaluationPool::workers)
                .description("Evaluation workers configured").register(registry);
        Gauge.builder("interlock.pool.stuck", pool, EvaluationPool::stuck)
                .description("Workers still finishing a built-in that cannot be interrupted, replaced meanwhile").register(registry);
        FunctionCounter.builder("interlock.evaluations.stuck", pool, EvaluationPool::stuckTotal)
                .description("Calls answered at their deadline while their worker was stuck in a built-in").register(registry);
        this.policiesVersion = MultiGauge.builder("interlock.policies.version.info")
                .description("The policies version each trigger serves: the operator's label and the chain's content hash")
                .register(registry);
        registerStalls(pool.guard());
        registerAtZero(config);
        registerShadows(shadows);
    }

    /**
     * Shadow chains ({@code <trigger>/shadow/}): how often their answer agreed with the live one, and
     * the runs skipped because the shadow pool was full. Every trigger at 0 from the start: a
     * shadow chain can appear with a reload.
     */
    private void registerShadows(ShadowPool shadows) {
        for (Trigger trigger : Trigger.values()) {
            shadow(trigger, true);
            shadow(trigger, false);
            FunctionCounter.builder("interlock.shadow.skipped", shadows, s -> s.skipped(trigger)).tag("trigger", trigger.wireName())
                    .description("Shadow runs not made because the shadow workers and queue were full (INTERLOCK_SHADOW_WORKERS,"
                            + " INTERLOCK_SHADOW_QUEUE)").register(registry);
        }
    }

    /** One interceptor call's shadow run: its answer agreed with the live one or not. */
    void shadowRun(Trigger trigger, boolean agrees) {
        shadow(trigger, agrees).increment();
    }

    private Counter shadow(Trigger trigger, boolean agrees) {
        return Counter.builder("interlock.shadow").description("Shadow chains' runs on interceptor calls, by whether their answer"
                        + " agreed with the live one").tag("trigger", trigger.wireName()).tag("outcome", agrees ? "agree" : "disagree")
                .register(registry);
    }

    /**
     * {@code interlock_policies_version_info{trigger,label,chain} 1} per trigger serving a chain
     * (issue 28): a dashboard sees when a new version went live. Rewritten from what serves now,
     * so a replaced version's series goes away; a version with no label has {@code label=""}.
     */
    private final MultiGauge policiesVersion;

    public void servingVersions(java.util.Map<Trigger, io.interlock.policy.ChainVersion> serving) {
        policiesVersion.register(serving.entrySet().stream().map(e -> MultiGauge.Row.of(Tags.of(
                "trigger", e.getKey().wireName(), "label", e.getValue().label() == null ? "" : e.getValue().label(),
                "chain", e.getValue().chain()), 1)).toList(), true);
    }

    /** What the pool's guard holds per trigger: never an input or its fingerprint, which go to the log line only. */
    private void registerStalls(StallGuard guard) {
        for (Trigger trigger : Trigger.values()) {
            String t = trigger.wireName();
            Gauge.builder("interlock.stuck.evaluations", guard, g -> g.stuck(trigger)).tag("trigger", t)
                    .description("Evaluations stopped at a limit whose thread is still inside a built-in that cannot be interrupted")
                    .register(registry);
            Gauge.builder("interlock.quarantined.inputs", guard, g -> g.quarantined(trigger)).tag("trigger", t)
                    .description("Inputs that stalled and are answered per on-error without running, still stuck or cooling down")
                    .register(registry);
            FunctionCounter.builder("interlock.stalls", guard, g -> g.stalls(trigger)).tag("trigger", t)
                    .description("Evaluations found stuck in a built-in that cannot be interrupted").register(registry);
            for (StallGuard.Reason reason : StallGuard.Reason.values()) {
                FunctionCounter.builder("interlock.quarantine.refusals", guard, g -> g.refusals(trigger, reason))
                        .tag("trigger", t).tag("reason", reason.label())
                        .description("Calls answered per on-error without running (policy_quarantined): input = it stalled before,"
                                + " trigger = the trigger has INTERLOCK_STUCK_PER_TRIGGER inputs stuck, all = INTERLOCK_STUCK_MAX threads stuck")
                        .register(registry);
            }
        }
    }

    private void registerAtZero(InterlockConfig config) {
        for (Trigger trigger : Trigger.values()) {
            timeouts(trigger);
            memoryKills(trigger);
            evaluations(trigger);
            // What an interceptor call can end as: a decision, a failure answered per the
            // trigger's on-error setting (ALLOW, DENY, or none for the 503 of "error"), overload.
            decisions(INTERCEPT, trigger, "ALLOW", "none");
            decisions(INTERCEPT, trigger, "DENY", "none");
            String failed = decisionFor(config.onErrorFor(trigger));
            for (FailureCode code : SERVICE_FAILURES) {
                decisions(INTERCEPT, trigger, failed, code.code());
            }
            decisions(INTERCEPT, trigger, "none", FailureCodes.OVERLOADED);
        }
        reloads();
        loadErrors();
        REJECTED_STATUSES.forEach(this::rejected);
        requests(200);
        REFUSED_FETCH_OUTCOMES.forEach(outcome -> fetchCalls(NO_HOST, outcome));
        for (Allowlist.Entry entry : config.fetch().allow().entries()) {
            SENT_FETCH_OUTCOMES.forEach(outcome -> fetchCalls(entry.text(), outcome));
        }
    }

    /** The source of the interceptor's calls; a dry run's is {@code evaluate}. */
    static final String INTERCEPT = "intercept";

    /**
     * What an interceptor call's evaluation can fail with. Not {@code no_policy}: the start is
     * refused while a trigger has no chain that loads, and a reload keeps the last one that did.
     */
    static final List<FailureCode> SERVICE_FAILURES = Stream.of(FailureCode.values())
            .filter(code -> code != FailureCode.NO_POLICY).toList();

    /** What a call no INTERLOCK_FETCH_ALLOW entry let out can end as: refused before anything was sent. */
    static final List<String> REFUSED_FETCH_OUTCOMES = Stream.of(FetchError.NOT_ALLOWED, FetchError.BAD_REQUEST,
            FetchError.TOO_MANY_CALLS, FetchError.DEADLINE).map(FetchError::code).toList();

    /**
     * What a call an entry let out can end as: an answer, or a failure on the way (a redirect to a
     * host no entry allows is {@code not_allowed}). The test command's codes never reach the service.
     */
    static final List<String> SENT_FETCH_OUTCOMES = Stream.concat(Stream.of("2xx", "3xx", "4xx", "5xx"),
            Stream.of(FetchError.NOT_ALLOWED, FetchError.PRIVATE_ADDRESS, FetchError.DNS, FetchError.CONNECT, FetchError.TIMEOUT,
                    FetchError.DEADLINE, FetchError.TOO_LARGE, FetchError.REDIRECT, FetchError.PROTOCOL, FetchError.BUSY)
                    .map(FetchError::code)).toList();

    /** The fetch host label: an INTERLOCK_FETCH_ALLOW entry, or {@code none} for a call no entry let out. Bounded by the setting. */
    static final String NO_HOST = "none";

    private static String decisionFor(OnError onError) {
        return switch (onError) {
            case DENY -> "DENY";
            case ALLOW -> "ALLOW";
            case ERROR -> "none";
        };
    }

    /**
     * One answered call; {@code result} is null when no policy ran (overload). A dry run is counted
     * in the decisions only: it must not move what an alert on the interceptor watches.
     */
    void decision(String source, Trigger trigger, String decision, EvaluationResult result) {
        String failure = result == null ? FailureCodes.OVERLOADED
                : result.failure().map(f -> f.code().code()).orElse("none");
        decisions(source, trigger, decision == null ? "none" : decision, failure).increment();
        if (result == null || !INTERCEPT.equals(source)) {
            return;
        }
        evaluations(trigger).record(Duration.ofNanos((long) (result.durationMs() * 1_000_000)));
        for (PolicyTrace policy : result.trace()) {
            for (FetchCall call : policy.fetches()) {
                String host = call.allowedBy() == null ? NO_HOST : call.allowedBy();
                fetchCalls(host, call.outcome()).increment();
                Timer.builder("interlock.fetch").description("Policies' outbound calls, by the INTERLOCK_FETCH_ALLOW entry that let them out")
                        .tag("host", host).serviceLevelObjectives(buckets.fetch())
                        .register(registry).record(Duration.ofNanos((long) (call.durationMs() * 1_000_000)));
            }
        }
        result.failure().ifPresent(f -> {
            if (f.code() == FailureCode.POLICY_TIMEOUT) {
                timeouts(trigger).increment();
            } else if (f.code() == FailureCode.POLICY_MEMORY) {
                memoryKills(trigger).increment();
            }
        });
    }

    /** One call to the interceptor URL, whatever its outcome. */
    void request(int status, long nanos) {
        requests(status).record(Duration.ofNanos(nanos));
        if (status >= 400) {
            rejected(status).increment();
        }
    }

    public void reload(int problems) {
        reloads().increment();
        if (problems > 0) {
            loadErrors().increment(problems);
        }
    }

    private Timer evaluations(Trigger trigger) {
        return evaluationTimers.computeIfAbsent(trigger, t -> Timer.builder("interlock.evaluation").description("Time to run a trigger's policy chain")
                .tag("trigger", t.wireName()).serviceLevelObjectives(buckets.evaluation()).register(registry));
    }

    private Timer requests(int status) {
        return requestTimers.computeIfAbsent(status, code -> Timer.builder("interlock.requests").description("Interceptor URL calls, by HTTP status")
                .tag("status", Integer.toString(code)).serviceLevelObjectives(buckets.requests()).register(registry));
    }

    private Counter decisions(String source, Trigger trigger, String decision, String failure) {
        return decisionCounters.computeIfAbsent(new DecisionLabels(source, trigger, decision, failure), labels ->
                Counter.builder("interlock.decisions").description("Calls answered, by trigger, decision and failure code")
                        .tag("source", source).tag("trigger", trigger.wireName())
                        .tag("decision", decision).tag("failure", failure)
                        .register(registry));
    }

    private Counter fetchCalls(String host, String outcome) {
        return Counter.builder("interlock.fetch.calls")
                .description("Policies' outbound calls, by the INTERLOCK_FETCH_ALLOW entry that let them out (none: refused) and outcome")
                .tag("host", host).tag("outcome", outcome).register(registry);
    }

    private Counter timeouts(Trigger trigger) {
        return Counter.builder("interlock.policy.timeouts").description("Evaluations stopped at their time limit")
                .tag("trigger", trigger.wireName()).register(registry);
    }

    private Counter memoryKills(Trigger trigger) {
        return Counter.builder("interlock.policy.memory.kills").description("Evaluations stopped at their memory limit")
                .tag("trigger", trigger.wireName()).register(registry);
    }

    private Counter rejected(int status) {
        return Counter.builder("interlock.rejected.requests").description("Interceptor URL calls refused, by HTTP status")
                .tag("status", Integer.toString(status)).register(registry);
    }

    private Counter reloads() {
        return Counter.builder("interlock.policy.reloads").description("Policy folder changes picked up")
                .register(registry);
    }

    private Counter loadErrors() {
        return Counter.builder("interlock.policy.load.errors").description("Policy files that failed to load on a reload")
                .register(registry);
    }
}
