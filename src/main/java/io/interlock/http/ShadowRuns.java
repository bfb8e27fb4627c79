package io.interlock.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.interlock.service.Decided;
import io.interlock.service.DecisionService;
import io.interlock.service.EvaluationPool;
import io.interlock.service.ShadowOutcome;
import io.interlock.service.ShadowPool;
import io.interlock.trigger.Trigger;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a call's shadow chain once its live answer is built, and records the call with both
 * answers. The live answer is handed back to the platform without waiting: the shadow runs on
 * its own pool ({@link ShadowPool}), and only the call's decision event waits for it (at most the
 * trigger's time limit and its grace, plus the shadow queue), so a trigger with a shadow chain has
 * its events recorded that much later. A skipped or failed shadow run never loses the event.
 */
@Singleton
final class ShadowRuns {

    private static final Logger LOG = LoggerFactory.getLogger(ShadowRuns.class);

    private final DecisionService decisions;
    private final ShadowPool pool;

    ShadowRuns(DecisionService decisions, ShadowPool pool) {
        this.decisions = decisions;
        this.pool = pool;
    }

    /** Records {@code call} (a live answer) once its shadow run is over; at once when there is none, or it was skipped. */
    void recordAfter(DecisionRecorder.Call call, String payloadJson, DecisionRecorders recorder) {
        Optional<CompletableFuture<Decided>> run = call.decided() == null ? Optional.empty()
                : pool.run(decisions, call.trigger(), call.payload(), payloadJson);
        if (run.isEmpty()) {
            recorder.record(call);
            return;
        }
        run.get().whenComplete((shadow, failure) -> recorder.record(failure == null ? compared(call, shadow) : call));
    }

    /**
     * A dry run's shadow: the trigger's shadow chain run on {@code pool} (the dry runs' own) after
     * the answer, compared with it; empty when there is none or the pool is full.
     */
    CompletableFuture<Optional<ShadowOutcome>> dryRun(EvaluationPool dryRuns, Trigger trigger, JsonNode payload, Decided live) {
        return decisions.submitShadow(dryRuns, trigger, payload, null)
                .map(run -> run.thenApply(shadow -> Optional.of(ShadowOutcome.of(live, shadow)))
                        .exceptionally(full -> Optional.empty()))
                .orElseGet(() -> CompletableFuture.completedFuture(Optional.empty()));
    }

    private static DecisionRecorder.Call compared(DecisionRecorder.Call call, Decided shadow) {
        try {
            return call.withShadow(ShadowOutcome.of(call.decided(), shadow));
        } catch (RuntimeException e) {
            // comparing must never cost the live call its record
            LOG.error("decision {}: its shadow run could not be compared; recorded without it", call.id(), e);
            return call;
        }
    }
}
