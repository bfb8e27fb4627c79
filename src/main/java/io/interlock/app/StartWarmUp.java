package io.interlock.app;

import io.interlock.config.InterlockConfig;
import io.interlock.engine.Failure;
import io.interlock.engine.Trial;
import io.interlock.engine.WarmUp;
import io.interlock.http.CallRehearsal;
import io.interlock.policy.PolicyRepository;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ready means warm. Once the port is open (liveness answers, readiness says not yet), each chain
 * is tried on its cases and payload files and warmed on every context it keeps, side by side, on
 * a thread of its own; then readiness turns UP. Without it the first calls after a start paid for
 * preparing contexts and for every code path's first run, on cores shared with that preparation:
 * 5-10 times a warm call, once past a 500 ms limit. Nothing of it is recorded as a decision.
 */
@Singleton
final class StartWarmUp implements ApplicationEventListener<ServerStartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger("interlock");

    /** The name of an executor bean that runs the warm-up instead of a thread of its own (tests hold it). */
    static final String EXECUTOR = "interlock-warm-up";

    /** How often the interceptor's own work is rehearsed per chain: enough for the JVM to have run it warm. */
    static final int REHEARSALS = 20;

    private final PolicyRepository policies;
    private final CallRehearsal rehearsal;
    private final Duration budget;
    private final Executor executor;

    StartWarmUp(PolicyRepository policies, CallRehearsal rehearsal, InterlockConfig config,
            @Nullable @Named(EXECUTOR) Executor executor) {
        this.policies = policies;
        this.rehearsal = rehearsal;
        this.budget = config.warmUp();
        this.executor = executor != null ? executor : task -> {
            Thread thread = new Thread(task, EXECUTOR);
            thread.setDaemon(true);
            thread.start();
        };
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        if (policies.warm()) {
            return;
        }
        if (budget.isZero()) {
            policies.markWarm();
            LOG.info("warm-up off (INTERLOCK_WARM_UP_SECONDS=0): ready; the first calls will be slower");
            return;
        }
        executor.execute(this::warmUp);
    }

    private void warmUp() {
        long start = System.nanoTime();
        List<PolicyRepository.Warmed> warmed;
        try {
            warmed = policies.warmUp(budget);
        } catch (RuntimeException e) {
            // a warm-up that fails must not leave the service unready for ever: it can still decide
            LOG.error("warm-up failed; ready without it", e);
            policies.markWarm();
            return;
        }
        warmed.forEach(this::rehearse);
        policies.markWarm();
        warmed.forEach(StartWarmUp::log);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        boolean cut = warmed.stream().anyMatch(w -> w.report().cutShort());
        if (cut) {
            LOG.warn("warmed up for {} (INTERLOCK_WARM_UP_SECONDS={}), not to the end: ready; the first calls may be slower",
                    seconds(took), budget.toSeconds());
        } else {
            LOG.info("warmed up in {}: ready", seconds(took));
        }
    }

    /** The interceptor's work around the chain, on the chain's first trial results (see {@link CallRehearsal}). */
    private void rehearse(PolicyRepository.Warmed w) {
        List<Trial.Outcome> outcomes = w.trial().outcomes().stream().limit(3).toList();
        List<io.interlock.policy.PolicyFile> files = policies.chain(w.trigger()).map(a -> a.files()).orElse(List.of());
        for (int i = 0; i < REHEARSALS; i++) {
            for (Trial.Outcome o : outcomes) {
                rehearsal.rehearse(w.trigger(), o.sample().payload(), o.result(), files);
            }
        }
    }

    private static void log(PolicyRepository.Warmed w) {
        WarmUp.Report r = w.report();
        Trial trial = w.trial();
        String name = w.trigger().wireName();
        LOG.info("{}: tried on {} samples ({} decided), then {} contexts warmed, {} rounds of {} samples ({} evaluations), in {}",
                name, trial.outcomes().size(), trial.outcomes().size() - trial.failures().size(), r.contexts(), r.rounds(),
                r.samples(), r.evaluations(), seconds(w.took()));
        if (trial.failsOnEvery()) {
            LOG.warn("{}: fails on every sample it was tried on ({}), e.g. {}; its calls are answered per INTERLOCK_ON_ERROR",
                    name, trial.outcomes().size(), example(trial.failures().get(0)));
        } else if (!trial.failures().isEmpty()) {
            LOG.warn("{}: fails on {} of the {} samples it was tried on, e.g. {}", name, trial.failures().size(),
                    trial.outcomes().size(), example(trial.failures().get(0)));
        }
    }

    /** A sample's failure as one clause: where and why. */
    static String example(Trial.Outcome outcome) {
        Failure f = outcome.failure().orElseThrow();
        String at = f.policy() == null ? "" : f.policy() + (f.line() == null ? "" : ":" + f.line() + ":" + (f.column() == null ? 1 : f.column())) + ": ";
        return outcome.sample().name() + ": " + f.code().code() + " " + at + f.message();
    }

    private static String seconds(Duration d) {
        return String.format("%.1f s", d.toMillis() / 1000.0);
    }
}
