package io.interlock.http;

import jakarta.inject.Singleton;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands every answered call to each {@link DecisionRecorder} (log line, decision store,
 * metrics). A recorder that fails is logged and skipped: recording must never change or fail
 * the answer the platform gets.
 */
@Singleton
final class DecisionRecorders {

    private static final Logger LOG = LoggerFactory.getLogger(DecisionRecorders.class);

    private final List<DecisionRecorder> recorders;

    DecisionRecorders(List<DecisionRecorder> recorders) {
        this.recorders = List.copyOf(recorders);
    }

    void record(DecisionRecorder.Call call) {
        for (DecisionRecorder recorder : recorders) {
            try {
                recorder.record(call);
            } catch (RuntimeException e) {
                LOG.error("decision {} not recorded by {}", call.id(), recorder.getClass().getSimpleName(), e);
            }
        }
    }
}
