package io.interlock.ops;

import io.interlock.config.InterlockConfig;
import io.interlock.engine.Limits;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The bucket boundaries of Interlock's latency histograms. Every boundary is a series per label
 * set, and Micrometer's percentile histogram gave 69 per trigger, per status and per fetch host,
 * most of them far from any question an operator asks. These are a handful each, spaced for the
 * questions that matter (how many calls were answered within 10, 50, 100 ms; how close to the
 * limit), and every configured time limit is a boundary itself: "within the limit" is then read
 * from a bucket, not interpolated between two. Prometheus's {@code histogram_quantile} still
 * works on them, coarser where nobody looks.
 */
final class LatencyBuckets {

    /** A chain's run: from what a simple policy takes to well past the default limit. */
    static final List<Long> EVALUATION_MS = List.of(1L, 5L, 10L, 25L, 50L, 100L, 250L, 1000L);
    /** The interceptor's answer, as the platform waits for it (its own timeout: 100 ms to 30 s, 3-5 s recommended). */
    static final List<Long> REQUEST_MS = List.of(5L, 10L, 25L, 50L, 100L, 250L, 1000L, 2500L, 5000L);
    /** A policy's fetch() call. */
    static final List<Long> FETCH_MS = List.of(10L, 25L, 50L, 100L, 250L, 1000L);

    private final Duration[] evaluation;
    private final Duration[] requests;
    private final Duration[] fetch;

    private LatencyBuckets(Duration[] evaluation, Duration[] requests, Duration[] fetch) {
        this.evaluation = evaluation;
        this.requests = requests;
        this.fetch = fetch;
    }

    /** The base boundaries, with the evaluations' time limits (global and per trigger) and fetch()'s added. */
    static LatencyBuckets of(InterlockConfig config) {
        List<Long> limits = Stream.concat(Stream.of(config.limits()), config.triggerLimits().values().stream())
                .map(Limits::timeout).map(Duration::toMillis).toList();
        return new LatencyBuckets(merged(EVALUATION_MS, limits), merged(REQUEST_MS, limits),
                merged(FETCH_MS, List.of(config.fetch().timeout().toMillis())));
    }

    Duration[] evaluation() {
        return evaluation.clone();
    }

    Duration[] requests() {
        return requests.clone();
    }

    Duration[] fetch() {
        return fetch.clone();
    }

    private static Duration[] merged(List<Long> base, List<Long> limits) {
        TreeSet<Long> millis = new TreeSet<>(base);
        millis.addAll(limits);
        return millis.stream().map(Duration::ofMillis).toArray(Duration[]::new);
    }
}
