package io.interlock.engine;

import java.lang.management.ManagementFactory;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.graalvm.polyglot.Context;

/**
 * Enforces the time and memory limits of running evaluations from one daemon thread.
 *
 * <p>The community runtime has no per-context CPU or heap limit, so every {@link #interval}
 * the watchdog compares each evaluation's deadline with the ticker and the bytes its thread
 * has allocated since it started with the budget, and cancels the context when one is
 * exceeded. Cancellation ({@code close(true)}) cannot be caught by guest code, not even in a
 * {@code finally}. Closing happens on a separate thread because it waits for the guest to
 * unwind, and the watchdog must keep watching the others meanwhile.
 */
final class Watchdog implements AutoCloseable {

    enum Verdict { TIMEOUT, MEMORY }

    /** One running evaluation as the watchdog sees it. */
    static final class Watch {
        final Context context;
        final long threadId;
        final long deadlineNanos;
        final long allocationBudget;
        final long allocatedAtStart;
        volatile Verdict verdict;

        Watch(Context context, long threadId, long deadlineNanos, long allocationBudget, long allocatedAtStart) {
            this.context = context;
            this.threadId = threadId;
            this.deadlineNanos = deadlineNanos;
            this.allocationBudget = allocationBudget;
            this.allocatedAtStart = allocatedAtStart;
        }
    }

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final Ticker ticker;
    private final long intervalNanos;
    private final Set<Watch> running = ConcurrentHashMap.newKeySet();
    private final Executor closer = Executors.newCachedThreadPool(daemon("interlock-cancel"));
    private final Thread thread;
    private volatile boolean stopped;

    Watchdog(Ticker ticker, long intervalNanos) {
        this.ticker = ticker;
        this.intervalNanos = intervalNanos;
        THREADS.setThreadAllocatedMemoryEnabled(true);
        this.thread = daemon("interlock-watchdog").newThread(this::loop);
        this.thread.setPriority(Thread.MAX_PRIORITY);
        this.thread.start();
    }

    /** Starts watching the current thread's evaluation in {@code context}. */
    Watch watch(Context context, Limits limits) {
        long threadId = Thread.currentThread().getId();
        Watch watch = new Watch(context, threadId, ticker.read() + limits.timeout().toNanos(),
                limits.memoryBytes(), allocatedBy(threadId));
        running.add(watch);
        return watch;
    }

    void release(Watch watch) {
        running.remove(watch);
    }

    /** One pass over the running evaluations; the loop calls it, tests may too. */
    void check() {
        long now = ticker.read();
        for (Watch watch : running) {
            if (watch.verdict != null) {
                continue;
            }
            if (now - watch.deadlineNanos >= 0) {
                cancel(watch, Verdict.TIMEOUT);
            } else if (allocatedBy(watch.threadId) - watch.allocatedAtStart > watch.allocationBudget) {
                cancel(watch, Verdict.MEMORY);
            }
        }
    }

    private void cancel(Watch watch, Verdict verdict) {
        watch.verdict = verdict;
        closer.execute(() -> {
            try {
                watch.context.close(true);
            } catch (RuntimeException alreadyClosing) {
                // The evaluation ended on its own meanwhile; nothing left to stop.
            }
        });
    }

    private void loop() {
        while (!stopped) {
            LockSupport.parkNanos(intervalNanos);
            if (!running.isEmpty()) {
                check();
            }
        }
    }

    private static long allocatedBy(long threadId) {
        return THREADS.getThreadAllocatedBytes(threadId);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread t = new Thread(runnable, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        stopped = true;
        LockSupport.unpark(thread);
    }

    static long defaultInterval() {
        return TimeUnit.MILLISECONDS.toNanos(1);
    }
}
