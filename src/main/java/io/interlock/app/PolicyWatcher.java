package io.interlock.app;

import io.interlock.config.InterlockConfig;
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
            Map<Trigger, Optional<PolicyRepository.ActiveChain>> before = activeChains();
            if (!policies.reload()) {
                return;
            }
            metrics.reload(policies.problems().size());
            activeChains().forEach((trigger, chain) -> {
                if (!chain.equals(before.get(trigger))) {
                    LOG.info("{}: now serving {}", trigger.wireName(),
                            chain.map(a -> a.files().stream().map(f -> f.fileName()).toList()).orElse(List.of()));
                }
            });
            for (LoadProblem problem : policies.problems()) {
                LOG.warn("policy not loaded, the last good version keeps serving: {}", problem.located());
            }
            CompletableFuture<Void> done = changed;
            changed = new CompletableFuture<>();
            done.complete(null);
        } catch (RuntimeException e) {
            // a failed scan must not stop later ones; the next tick tries again
            LOG.error("policy reload failed", e);
        }
    }

    private Map<Trigger, Optional<PolicyRepository.ActiveChain>> activeChains() {
        Map<Trigger, Optional<PolicyRepository.ActiveChain>> chains = new EnumMap<>(Trigger.class);
        for (Trigger trigger : Trigger.values()) {
            chains.put(trigger, policies.chain(trigger));
        }
        return chains;
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
