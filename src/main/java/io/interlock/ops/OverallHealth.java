package io.interlock.ops;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.aggregator.DefaultHealthAggregator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.runtime.ApplicationConfiguration;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * The overall {@code /health} status. A part that works in a reduced way (an operational status
 * other than UP: the decision store's DEGRADED) leaves the service UP, as documented; it is shown
 * on its own entry. Micronaut's aggregator picks the greatest status, but two operational ones
 * compare as equal, so between UP and DEGRADED it picked whichever indicator answered last: the
 * overall status changed from one call to the next.
 */
@Singleton
@Replaces(DefaultHealthAggregator.class)
final class OverallHealth extends DefaultHealthAggregator {

    OverallHealth(ApplicationConfiguration application) {
        super(application);
    }

    @Override
    protected HealthStatus calculateOverallStatus(List<HealthResult> results) {
        List<HealthResult> decisive = results.stream().filter(r -> !isReduced(r.getStatus())).toList();
        return decisive.isEmpty() ? HealthStatus.UP : super.calculateOverallStatus(decisive);
    }

    private static boolean isReduced(HealthStatus status) {
        return status.getOperational().orElse(false) && !status.equals(HealthStatus.UP);
    }
}
