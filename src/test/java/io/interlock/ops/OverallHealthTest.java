package io.interlock.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.runtime.ApplicationConfiguration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The overall status from the parts' statuses, whatever order the indicators answered in. */
class OverallHealthTest {

    private static final HealthStatus DEGRADED = new HealthStatus("DEGRADED", "reduced", true, null);

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(List.of(HealthStatus.UP, HealthStatus.UP), HealthStatus.UP),
                Arguments.of(List.of(HealthStatus.UP, DEGRADED, HealthStatus.UP), HealthStatus.UP),
                Arguments.of(List.of(DEGRADED), HealthStatus.UP),
                Arguments.of(List.of(HealthStatus.UP, DEGRADED, HealthStatus.DOWN), HealthStatus.DOWN),
                Arguments.of(List.of(HealthStatus.UP, HealthStatus.UNKNOWN), HealthStatus.UNKNOWN));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("cases")
    void theOverallStatusDoesNotDependOnWhichPartAnsweredLast(List<HealthStatus> parts, HealthStatus expected) {
        OverallHealth health = new OverallHealth(new ApplicationConfiguration());
        List<HealthStatus> order = new ArrayList<>(parts);
        for (int turn = 0; turn < order.size(); turn++) {
            Collections.rotate(order, 1);
            List<HealthResult> results = order.stream().map(s -> HealthResult.builder("part", s).build()).toList();
            assertEquals(expected, health.calculateOverallStatus(results), "parts in the order " + order);
        }
    }
}
