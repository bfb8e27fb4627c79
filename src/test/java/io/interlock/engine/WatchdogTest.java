package io.interlock.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.graalvm.polyglot.Context;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The watchdog's verdicts for one evaluation, with time and heap pressure injected: the
 * ticker decides the deadline, a fake gauge the share of the heap retained.
 */
class WatchdogTest {

    private static final long MB = 1024 * 1024;
    private static SandboxFactory sandbox;

    @BeforeAll
    static void sandbox() {
        sandbox = new SandboxFactory();
    }

    @AfterAll
    static void close() {
        sandbox.close();
    }

    /** Allocated MB since the watch started, heap retained share, elapsed ms → verdict. */
    @ParameterizedTest(name = "{0} MB allocated, heap {1}, {2} ms elapsed -> {3}")
    @CsvSource({
            "0,   0.10, 0,    NONE",
            "0,   0.10, 1000, TIMEOUT",
            "20,  0.10, 0,    NONE",      // over the 10 MB budget, but garbage: the heap has room
            "20,  0.75, 0,    MEMORY",    // over budget while the heap is under pressure
            "100, 0.10, 0,    MEMORY",    // churned more than 8 times the budget
            "5,   0.50, 0,    NONE",
            "5,   0.95, 0,    MEMORY",    // within budget, but the heap is nearly full and this one allocated most
    })
    void verdict(int allocatedMb, double heapShare, long elapsedMs, String expected) throws Exception {
        AtomicLong now = new AtomicLong();
        Watchdog watchdog = new Watchdog(now::get, Long.MAX_VALUE, () -> heapShare);
        Context context = sandbox.newContext();
        try {
            AtomicReference<Watchdog.Verdict> verdict = new AtomicReference<>();
            Thread evaluation = new Thread(() -> {
                Watchdog.Watch watch = watchdog.watch(context, Limits.of(500, 10));
                allocate(allocatedMb);
                now.addAndGet(elapsedMs * 1_000_000);
                watchdog.check();
                verdict.set(watch.verdict);
                watchdog.release(watch);
            });
            evaluation.start();
            evaluation.join();
            if (expected.equals("NONE")) {
                assertNull(verdict.get());
            } else {
                assertEquals(Watchdog.Verdict.valueOf(expected), verdict.get());
            }
        } finally {
            watchdog.close();
            closeQuietly(context);
        }
    }

    /**
     * A watch released is never cancelled afterwards, however late the verdict comes: its context
     * is back in the pool and serves the next call.
     */
    @org.junit.jupiter.api.Test
    void aReleasedEvaluationIsNeverCancelled() {
        AtomicLong now = new AtomicLong();
        Watchdog watchdog = new Watchdog(now::get, Long.MAX_VALUE, () -> 0.95);
        Context context = sandbox.newContext();
        try {
            Watchdog.Watch watch = watchdog.watch(context, Limits.of(500, 10));
            watchdog.release(watch);
            now.addAndGet(1_000_000_000L);
            watchdog.expire(watch);
            watchdog.check();
            assertNull(watch.verdict);
            assertEquals(2, context.eval("js", "1 + 1").asInt(), "the context still serves");
        } finally {
            watchdog.close();
            closeQuietly(context);
        }
    }

    private static void closeQuietly(Context context) {
        try {
            context.close(true);
        } catch (RuntimeException alreadyCancelled) {
            // the verdict under test closed it
        }
    }

    private static volatile byte[] sink;

    private static void allocate(int mb) {
        for (int i = 0; i < mb; i++) {
            sink = new byte[(int) MB];
        }
    }
}
