package io.interlock.replay;

import com.fasterxml.jackson.databind.JsonNode;
import io.interlock.config.OnError;
import io.interlock.engine.EvaluationResult;
import io.interlock.engine.Failure;
import io.interlock.engine.FailureCode;
import io.interlock.engine.FieldWatch;
import io.interlock.engine.Limits;
import io.interlock.engine.PolicyEngine;
import io.interlock.engine.PolicySource;
import io.interlock.engine.PolicyTrace;
import io.interlock.engine.PreparedChain;
import io.interlock.fetch.DeclaredAnswers;
import io.interlock.log.StoredDecisions.PolicyRun;
import io.interlock.log.StoredDecisions.Stored;
import io.interlock.log.StoredDecisions;
import io.interlock.service.Decided;
import io.interlock.service.DecisionService;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs stored calls again against other policies, offline, and says what changed. Each call runs
 * on a prepared chain with the engine's ordinary evaluation (the one the service and
 * {@code interlock test} use); fetch() is answered by {@link RecordedAnswers}. The replayed
 * answer is masked as the stored one was, so the two compare as equals when nothing changed.
 * Shared by {@code interlock replay} and the playground's replay endpoint.
 */
public final class Replayer {

    /** How long a replayed call that timed out under the service's limit gets on its second run (a busy machine). */
    static final Duration RETRY_TIMEOUT = Duration.ofSeconds(10);

    /** The policy named when none did something else and no file changed: the shared data did. */
    static final String UNNAMED = "(no policy changed: the data, or the settings)";

    /** What changed, in the order a report lists them. */
    public enum Kind {
        ALLOW_TO_DENY("allow_to_deny", "ALLOW → DENY"),
        DENY_TO_ALLOW("deny_to_allow", "DENY → ALLOW"),
        ANSWER_CHANGED("answer_changed", "claims, membership or DENY message changed"),
        NEW_FAILURE("new_failure", "a new failure");

        public final String wire;
        public final String label;

        Kind(String wire, String label) {
            this.wire = wire;
            this.label = label;
        }
    }

    /** A policy of the chain replayed: its name (file or draft), content hash. */
    public record Policy(String name, String hash) {
        String baseName() {
            return name.substring(name.lastIndexOf('/') + 1);
        }
    }

    /** One trigger's chain to replay against: prepared once, run for every call. */
    public record Chain(PreparedChain prepared, List<Policy> policies, OnError onError) {}

    /** One answer field that differs: JSON pointer into the wire answer, before and after (null when absent). */
    public record Difference(String field, JsonNode before, JsonNode after) {}

    /**
     * One replayed call: the stored call, the replayed (masked) answer or null (no answer: the 503
     * of on-error=error), its failure, what changed ({@code kind} null when nothing did), the
     * policy that made the change, the differing fields, and why the replay may be inexact.
     */
    public record Outcome(Stored original, JsonNode answer, Optional<Failure> failure, Kind kind, String policy,
            List<Difference> differences, List<String> doubts, List<PolicyTrace> trace) {
        public boolean changed() {
            return kind != null;
        }

        public boolean uncertain() {
            return !doubts.isEmpty();
        }
    }

    private final PolicyEngine engine;
    private final DeclaredAnswers declared;

    public Replayer(PolicyEngine engine, DeclaredAnswers declared) {
        this.engine = engine;
        this.declared = declared;
    }

    /** The content hash a policy file is recorded with ({@code sha256:<hex>}), for drafts that have no file. */
    public static String hash(PolicySource source) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(source.source().getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    public Outcome replay(Stored stored, Chain chain) {
        FieldWatch watch = new FieldWatch(stored.masked());
        Run run = run(chain, stored, watch);
        Set<String> doubts = new LinkedHashSet<>(run.answers.doubts());
        if (stored.fetchOmitted() && !stored.fetch().isEmpty()) {
            doubts.add("fetch answers were too long to keep with this decision");
        }
        // A policy that read a value masked when stored may answer otherwise on the real value.
        watch.reads().forEach((policy, fields) -> doubts.add(policy + " reads masked " + String.join(", ", fields)));
        JsonNode answer = run.decided.answer().map(a -> StoredDecisions.mask(a.toWire(), stored.pii())).orElse(null);
        List<Difference> differences = new ArrayList<>();
        Kind kind = kind(stored, run, answer, differences);
        if (!stored.recorded()) {
            doubts.add("stored before replay records were kept: only ALLOW or DENY is compared, fetch() is not answered"
                    + (stored.payloadMasked() ? ", and which fields were masked is unknown" : ""));
        }
        String policy = kind == null ? null : policy(stored, chain, run.result);
        return new Outcome(stored, answer, run.result.failure(), kind, policy, differences, List.copyOf(doubts),
                run.result.trace());
    }

    private record Run(EvaluationResult result, Decided decided, RecordedAnswers answers) {}

    private Run run(Chain chain, Stored stored, FieldWatch watch) {
        Limits limits = engine.settings().limitsFor(chain.prepared().trigger());
        RecordedAnswers answers = new RecordedAnswers(stored.fetch(), declared);
        EvaluationResult result = engine.evaluate(chain.prepared(), stored.payload(), limits, answers, watch);
        if (result.failure().filter(f -> f.code() == FailureCode.POLICY_TIMEOUT).isPresent()) {
            // A wall-clock limit on a busy machine: only a policy still undecided after RETRY_TIMEOUT
            // timed out. Its calls are answered afresh, in order.
            answers = new RecordedAnswers(stored.fetch(), declared);
            result = engine.evaluate(chain.prepared(), stored.payload(), new Limits(RETRY_TIMEOUT, limits.memoryBytes()), answers,
                    watch);
        }
        return new Run(result, DecisionService.apply(chain.onError(), result, List.of()), answers);
    }

    private static Kind kind(Stored stored, Run run, JsonNode answer, List<Difference> differences) {
        String before = stored.decision();
        String after = run.decided.decision();
        if (stored.answer() != null && answer != null) {
            Differences.between("", stored.answer(), answer, differences);
        } else if (!Objects.equals(before, after)) {
            differences.add(new Difference("/decision", text(before), text(after)));
        }
        if (run.result.failure().isPresent() && stored.failureCode() == null) {
            if (differences.isEmpty()) {
                differences.add(new Difference("/failure", null, text(run.result.failure().get().code().code())));
            }
            return Kind.NEW_FAILURE;
        }
        if ("ALLOW".equals(before) && "DENY".equals(after)) {
            return Kind.ALLOW_TO_DENY;
        }
        if ("DENY".equals(before) && "ALLOW".equals(after)) {
            return Kind.DENY_TO_ALLOW;
        }
        return differences.isEmpty() && Objects.equals(before, after) ? null : Kind.ANSWER_CHANGED;
    }

    /**
     * The policy that made a change: the failing one for a new failure; else the first, in chain
     * order, that did something else than in the stored call; for a DENY, the denying one; else
     * the first that ran and whose content changed or that is new; else one the chain no longer
     * has; else {@link #UNNAMED}.
     */
    private static String policy(Stored stored, Chain chain, EvaluationResult result) {
        if (result.failure().isPresent() && result.failure().get().policy() != null) {
            return result.failure().get().policy();
        }
        Map<String, PolicyRun> before = stored.policies().stream().filter(p -> p.name() != null)
                .collect(Collectors.toMap(p -> baseName(p.name()), p -> p, (a, b) -> a));
        for (PolicyTrace t : result.trace()) {
            PolicyRun was = before.get(baseName(t.policy()));
            if (was == null || !t.outcome().wire().equals(was.outcome())) {
                return t.policy();
            }
        }
        // A DENY's answer is the denying policy's alone.
        if (result.response().filter(r -> r.verdict() == io.interlock.decision.Verdict.DENY).isPresent()
                && result.decidedBy().isPresent()) {
            return result.decidedBy().get();
        }
        Set<String> ran = result.trace().stream().filter(t -> t.outcome() != PolicyTrace.Outcome.SKIPPED)
                .map(t -> baseName(t.policy())).collect(Collectors.toSet());
        for (Policy p : chain.policies()) {
            PolicyRun was = before.get(p.baseName());
            if (ran.contains(p.baseName()) && (was == null || !Objects.equals(was.hash(), p.hash()))) {
                return p.name();
            }
        }
        Set<String> now = chain.policies().stream().map(Policy::baseName).collect(Collectors.toSet());
        return before.values().stream().map(PolicyRun::name).filter(n -> !now.contains(baseName(n))).findFirst()
                .map(n -> n + " (removed)").orElse(UNNAMED);
    }

    private static String baseName(String name) {
        return name.substring(name.lastIndexOf('/') + 1);
    }

    private static JsonNode text(String value) {
        return value == null ? null : com.fasterxml.jackson.databind.node.TextNode.valueOf(value);
    }
}
