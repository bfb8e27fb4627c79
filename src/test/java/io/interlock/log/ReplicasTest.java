package io.interlock.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.interlock.config.Store;
import io.micronaut.runtime.server.EmbeddedServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two service instances on one PostgreSQL database: each lists and shows the other's decisions. */
@Timeout(300)
class ReplicasTest {

    @Test
    void eachInstanceListsTheOthersDecisions() {
        Store.Database database = TestDatabases.fresh(TestDatabases.Kind.POSTGRESQL, null);
        try (EmbeddedServer a = ServiceInstances.start(database); EmbeddedServer b = ServiceInstances.start(database)) {
            List<Long> delaysMs = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                delaysMs.add(seenByTheOther(a, b));
                delaysMs.add(seenByTheOther(b, a));
            }
            // the target is "within a second"; the bound here is generous for a busy CI machine
            System.out.println("ReplicasTest: the other instance listed each decision after " + delaysMs + " ms");
            List<String> fromA = ServiceInstances.listed(a, "limit=500");
            assertEquals(fromA, ServiceInstances.listed(b, "limit=500"), "both list the same decisions, newest first");
            assertEquals(6, fromA.size());
        }
    }

    /** Calls {@code one}, then waits until {@code other} lists the decision and shows it by id; the wait in ms. */
    private static long seenByTheOther(EmbeddedServer one, EmbeddedServer other) {
        String id = ServiceInstances.intercept(one);
        long start = System.nanoTime();
        TestDatabases.await(Duration.ofSeconds(30), "the other instance lists " + id,
                () -> ServiceInstances.listed(other, "limit=50").contains(id));
        long delay = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertEquals(200, ServiceInstances.get(other, "/v1/decisions/" + id).statusCode());
        return delay;
    }
}
