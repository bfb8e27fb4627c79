package io.interlock.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/**
 * {@code GET /metrics} in the Prometheus text format. Micronaut's own /metrics endpoint (JSON)
 * is switched off in application.yml so this one name serves what scrapers expect.
 */
@Controller("/metrics")
final class MetricsController {

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final InterlockMetrics metrics;
    private final io.interlock.policy.PolicyVersions versions;

    MetricsController(PrometheusMeterRegistry registry, InterlockMetrics metrics, io.interlock.policy.PolicyVersions versions) {
        this.registry = registry;
        this.metrics = metrics;
        this.versions = versions;
    }

    @Get(produces = PROMETHEUS_TEXT)
    HttpResponse<String> scrape() {
        // the version serving is read when scraped, so it is current whatever replaced the chain
        metrics.servingVersions(versions.serving());
        return HttpResponse.ok(registry.scrape()).contentType(PROMETHEUS_TEXT);
    }
}
