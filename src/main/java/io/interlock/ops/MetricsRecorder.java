package io.interlock.ops;

import io.interlock.http.DecisionRecorder;
import jakarta.inject.Singleton;

/** Counts every answered call into the decision metrics. */
@Singleton
final class MetricsRecorder implements DecisionRecorder {

    private final InterlockMetrics metrics;

    MetricsRecorder(InterlockMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void record(Call call) {
        if (call.refusal() != null) {
            return; // counted by status in interlock_rejected_requests_total
        }
        if (call.decided() == null) {
            metrics.decision(call.source(), call.trigger(), null, null);
            return;
        }
        metrics.decision(call.source(), call.trigger(), call.decided().decision(), call.decided().result());
        if (call.shadow() != null && InterlockMetrics.INTERCEPT.equals(call.source())) {
            metrics.shadowRun(call.trigger(), call.shadow().agrees());
        }
    }
}
