package io.interlock.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When the start log warns that the heap is too small for the memory guard. */
class HeapWarningTest {

    private static final long MB = 1024 * 1024;

    @ParameterizedTest(name = "heap {0} MB, {1} workers x {2} MB -> {3}")
    @CsvSource({
            "6144, 2, 256, ",
            "640,  2, 256, ",
            "512,  2, 256, ",
            "320,  2, 256, 'the JVM''s maximum heap is 320 MB, below the 512 MB'",
            "256,  1, 64,  'the JVM''s maximum heap is 256 MB, below the 512 MB'",     // the floor, whatever the budgets
            "1024, 8, 256, 'the JVM''s maximum heap is 1024 MB, below the 2048 MB'",  // many workers with large budgets
    })
    void warnsBelowWhatTheSettingsNeed(long heapMb, int workers, long budgetMb, String expected) {
        Optional<String> warning = Startup.heapWarning(heapMb * MB, workers, budgetMb * MB);
        if (expected == null) {
            assertEquals(Optional.empty(), warning);
        } else {
            assertTrue(warning.orElseThrow().startsWith(expected), warning.get());
            assertTrue(warning.get().contains("INTERLOCK_JAVA_OPTS=-Xm"), warning.get());
        }
    }
}
