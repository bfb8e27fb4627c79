package io.interlock.ops;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Times every call to the interceptor URL and counts refusals by status, including the ones
 * answered before a controller runs (405, 413, 415).
 */
@ServerFilter({"/v1/intercept", "/v1/intercept/**"})
final class InterceptMetricsFilter {

    private static final String STARTED = "interlock.started-nanos";

    private final InterlockMetrics metrics;

    InterceptMetricsFilter(InterlockMetrics metrics) {
        this.metrics = metrics;
    }

    @RequestFilter
    void start(HttpRequest<?> request) {
        request.setAttribute(STARTED, System.nanoTime());
    }

    @ResponseFilter
    void finish(HttpRequest<?> request, @Nullable HttpResponse<?> response) {
        long started = request.getAttribute(STARTED, Long.class).orElse(System.nanoTime());
        metrics.request(response == null ? 500 : response.code(), System.nanoTime() - started);
    }
}
