package io.interlock.app;

import io.interlock.config.InterlockConfig;
import io.interlock.engine.Trial;
import io.interlock.ops.InterlockMetrics;
import io.interlock.policy.LoadProblem;
import io.interlock.policy.PolicyRepository;
import io.interlock.trigger.Trigger;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hot reload: re-scans the policies folder twice a second and swaps in what changed. Polling
 * rather than a file-system watch service because it behaves the same on every file system
 * (bind mounts, network shares, ConfigMap symlink swaps), and hashing a small folder is cheap.
 * Requests in flight keep the chain they started with; a version that does not load is refused
 * and the trigger keeps its last good chain.
 */
@Context
final class PolicyWatcher {

    static final long INTERVAL_MS = 500;
    private static final Logger LOG = LoggerFactory.getLogger("interlock");

    private final PolicyRepository policies;
    private final InterlockMetrics metrics;
    private volatile CompletableFuture<Void> changed = new CompletableFuture<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "interlock-policy-reload");
        t.setDaemon(true);
        return t;
    });

    PolicyWatcher(PolicyRepository policies, InterlockMetrics metrics, InterlockConfig config, Startup loaded) {
        this.policies = policies;
        this.metrics = metrics;
        if (config.reload()) {
            timer.scheduleWithFixedDelay(this::check, INTERVAL_MS, INTERVAL_MS, TimeUnit.MILLISECONDS);
            LOG.info("hot reload on: {} is checked every {} ms (INTERLOCK_RELOAD=false to switch off)",
                    policies.folder().root(), INTERVAL_MS);
        }
    }

    /** Completes when the next change of the folder has been applied (or refused). */
    CompletableFuture<Void> nextChange() {
        return changed;
    }

    void check() {
        try {
            State before = state();
            if (!policies.reload()) {
                return;
            }
            metrics.reload(policies.problems().size());
            report(before, state());
            CompletableFuture<Void> done = changed;
            changed = new CompletableFuture<>();
            done.complete(null);
        } catch (RuntimeException e) {
            // a failed scan must not stop later ones; the next tick tries again
            LOG.error("policy reload failed", e);
        }
    }

    /** What a reload is judged by: each trigger's chain and problems, and the folder's. */
    private record State(Map<Trigger, Optional<PolicyRepository.ActiveChain>> chains, Map<Trigger, List<LoadProblem>> problems,
            List<LoadProblem> folder, Map<Trigger, Optional<PolicyRepository.ActiveChain>> shadows) {}

    private State state() {
        Map<Trigger, Optional<PolicyRepository.ActiveChain>> chains = new EnumMap<>(Trigger.class);
        Map<Trigger, List<LoadProblem>> problems = new EnumMap<>(Trigger.class);
        Map<Trigger, Optional<PolicyRepository.ActiveChain>> shadows = new EnumMap<>(Trigger.class);
        for (Trigger trigger : Trigger.values()) {
            chains.put(trigger, policies.chain(trigger));
            problems.put(trigger, policies.state(trigger).problems());
            shadows.put(trigger, policies.shadowChain(trigger));
        }
        return new State(chains, problems, policies.folderProblems(), shadows);
    }

    /**
     * Says what changed: a new chain and how it did on its samples, a problem fixed (a silent
     * recovery left the operator with the last warning), and every problem still there.
     */
    private void report(State before, State after) {
        if (!before.folder().isEmpty() && after.folder().isEmpty()) {
            LOG.info("policies folder: fixed: {}", located(before.folder()));
        }
        for (Trigger trigger : Trigger.values()) {
            Optional<PolicyRepository.ActiveChain> chain = after.chains().get(trigger);
            boolean replaced = !chain.equals(before.chains().get(trigger));
            List<LoadProblem> fixed = before.problems().get(trigger).stream()
                    .filter(p -> !after.problems().get(trigger).contains(p) && !before.folder().contains(p)).toList();
            if (!fixed.isEmpty() && after.problems().get(trigger).isEmpty()) {
                // a new chain says what it serves next; the same one, that it still does
                LOG.info("{}: fixed: {}{}", trigger.wireName(), located(fixed), replaced ? "" : "; serving as before " + names(chain));
            }
            if (replaced) {
                serving(trigger, chain);
            }
            Optional<PolicyRepository.ActiveChain> shadow = after.shadows().get(trigger);
            if (!shadow.equals(before.shadows().get(trigger))) {
                LOG.info("{}: {}", trigger.wireName(), shadow.isEmpty() ? "no shadow chain now"
                        : "shadow chain now " + names(shadow) + " (run beside the live one, recorded, never enforced)");
            }
        }
        for (LoadProblem problem : policies.problems()) {
            LOG.warn("policy not loaded, the last good version keeps serving: {}", problem.located());
        }
    }

    private static void serving(Trigger trigger, Optional<PolicyRepository.ActiveChain> chain) {
        Optional<Trial> trial = chain.flatMap(PolicyRepository.ActiveChain::trial);
        String name = trigger.wireName();
        if (trial.isEmpty() || trial.get().failures().isEmpty()) {
            LOG.info("{}: now serving {}{}", name, names(chain),
                    trial.map(t -> " (tried on " + samples(t.outcomes().size()) + ": all decided)").orElse(""));
        } else if (trial.get().failsOnEvery()) {
            LOG.warn("{}: now serving {}, which fails on every sample it was tried on ({}), as the version before did; e.g. {}; "
                    + "its calls are answered per INTERLOCK_ON_ERROR", name, names(chain), trial.get().outcomes().size(),
                    StartWarmUp.example(trial.get().failures().get(0)));
        } else {
            LOG.warn("{}: now serving {}, which fails on {} of the {} samples it was tried on, e.g. {}", name, names(chain),
                    trial.get().failures().size(), trial.get().outcomes().size(), StartWarmUp.example(trial.get().failures().get(0)));
        }
    }

    private static String samples(int n) {
        return n == 1 ? "1 sample" : n + " samples";
    }

    private static List<String> names(Optional<PolicyRepository.ActiveChain> chain) {
        return chain.map(a -> a.files().stream().map(f -> f.fileName()).toList()).orElse(List.of());
    }

    private static String located(List<LoadProblem> problems) {
        return problems.stream().map(LoadProblem::located).collect(java.util.stream.Collectors.joining("; "));
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
