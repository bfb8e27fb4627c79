package io.interlock.engine;

import java.lang.management.ManagementFactory;
import java.util.List;
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
 *
 * <p>Allocated bytes count garbage too: interpreted JavaScript that only computes (a loop over
 * {@code Date.now()}) allocates hundreds of MB per second that the next young collection
 * frees. So the budget alone does not stop an evaluation while the heap has room; it stops
 * one when the heap is under pressure ({@link #PRESSURE} of the maximum retained after the
 * latest collection) or when it
 * has churned {@link #CHURN_FACTOR} times its budget. And whatever the budgets, when the
 * heap is nearly full ({@link #CRITICAL}) the evaluation that allocated most is stopped, so
 * no policy can exhaust the heap the whole service shares.
 */
final class Watchdog implements AutoCloseable {

    enum Verdict { TIMEOUT, MEMORY }

    /** One running evaluation as the watchdog sees it. */
    static final class Watch {
        final Context context;
        final long threadId;
        final long startedNanos;
        final long deadlineNanos;
        final long allocationBudget;
        final long allocatedAtStart;
        volatile Verdict verdict;
        /** Set by release under the watch's lock: a check that picked this watch before then must not cancel it after. */
        private boolean released;

        Watch(Context context, long threadId, long startedNanos, long deadlineNanos, long allocationBudget, long allocatedAtStart) {
            this.context = context;
            this.threadId = threadId;
            this.startedNanos = startedNanos;
            this.deadlineNanos = deadlineNanos;
            this.allocationBudget = allocationBudget;
            this.allocatedAtStart = allocatedAtStart;
        }
    }

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    static final double PRESSURE = 0.70;
    static final double CRITICAL = 0.90;
    static final int CHURN_FACTOR = 8;

    private final Ticker ticker;
    private final HeapGauge heap;
    private final long intervalNanos;
    private final Set<Watch> running = ConcurrentHashMap.newKeySet();
    private final Executor closer = Executors.newCachedThreadPool(daemon("interlock-cancel"));
    private final Thread thread;
    private volatile boolean stopped;

    /**
     * The share of the maximum heap still in use after the latest collection: what is retained,
     * not the garbage that the next collection frees. Injected so pressure is testable.
     */
    interface HeapGauge {
        double usedShare();

        static HeapGauge jvm() {
            return new RetainedHeap();
        }
    }

    /** Reads the last collection's result again only when a collection has happened since. */
    private static final class RetainedHeap implements HeapGauge {
        private final List<com.sun.management.GarbageCollectorMXBean> collectors = ManagementFactory
                .getGarbageCollectorMXBeans().stream()
                .filter(com.sun.management.GarbageCollectorMXBean.class::isInstance)
                .map(com.sun.management.GarbageCollectorMXBean.class::cast).toList();
        private final long max = Math.max(1, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax());
        private long seenCollections = -1;
        private double share;

        @Override
        public double usedShare() {
            // called every tick while an evaluation runs: a plain loop, no stream to allocate
            long count = 0;
            for (var collector : collectors) {
                count += collector.getCollectionCount();
            }
            if (count != seenCollections) {
                seenCollections = count;
                share = (double) retained() / max;
            }
            return share;
        }

        private long retained() {
            com.sun.management.GcInfo latest = null;
            for (var collector : collectors) {
                var info = collector.getLastGcInfo();
                if (info != null && (latest == null || info.getEndTime() > latest.getEndTime())) {
                    latest = info;
                }
            }
            return latest == null ? 0
                    : latest.getMemoryUsageAfterGc().values().stream().mapToLong(u -> u.getUsed()).sum();
        }
    }

    Watchdog(Ticker ticker, long intervalNanos) {
        this(ticker, intervalNanos, HeapGauge.jvm());
    }

    Watchdog(Ticker ticker, long intervalNanos, HeapGauge heap) {
        this.ticker = ticker;
        this.heap = heap;
        this.intervalNanos = intervalNanos;
        THREADS.setThreadAllocatedMemoryEnabled(true);
        this.thread = daemon("interlock-watchdog").newThread(this::loop);
        this.thread.setPriority(Thread.MAX_PRIORITY);
        this.thread.start();
    }

    /** Starts watching the current thread's evaluation in {@code context}. */
    Watch watch(Context context, Limits limits) {
        long threadId = Thread.currentThread().getId();
        long now = ticker.read();
        Watch watch = new Watch(context, threadId, now, now + limits.timeout().toNanos(),
                limits.memoryBytes(), allocatedBy(threadId));
        running.add(watch);
        return watch;
    }

    /** Stops watching; returns the bytes the evaluating thread allocated meanwhile. Call it on that thread. */
    long release(Watch watch) {
        synchronized (watch) {
            watch.released = true;
        }
        running.remove(watch);
        return allocatedBy(watch.threadId) - watch.allocatedAtStart;
    }

    /**
     * Ends {@code watch}'s evaluation as timed out now, as the check does at its deadline: for a
     * host call that waited until the deadline and returns to the guest, which must not carry on.
     */
    void expire(Watch watch) {
        if (watch.verdict == null) {
            cancel(watch, Verdict.TIMEOUT);
        }
    }

    /** One pass over the running evaluations; the loop calls it, tests may too. */
    void check() {
        long now = ticker.read();
        double heapShare = -1;
        Watch biggest = null;
        long biggestAllocated = 0;
        for (Watch watch : running) {
            if (watch.verdict != null) {
                continue;
            }
            long allocated = allocatedBy(watch.threadId) - watch.allocatedAtStart;
            if (now - watch.deadlineNanos >= 0) {
                cancel(watch, Verdict.TIMEOUT);
                continue;
            }
            if (allocated > watch.allocationBudget) {
                if (heapShare < 0) {
                    heapShare = heap.usedShare();
                }
                if (heapShare >= PRESSURE || allocated / CHURN_FACTOR > watch.allocationBudget) {
                    cancel(watch, Verdict.MEMORY);
                    continue;
                }
            }
            if (allocated > biggestAllocated) {
                biggest = watch;
                biggestAllocated = allocated;
            }
        }
        if (biggest != null && (heapShare >= 0 ? heapShare : heap.usedShare()) >= CRITICAL) {
            cancel(biggest, Verdict.MEMORY);
        }
    }

    /**
     * A check iterates a snapshot of the running watches; without the released flag it could
     * cancel an evaluation that had just ended, whose context was already back in its pool as
     * healthy, and the next call on that context failed before its first policy.
     */
    private void cancel(Watch watch, Verdict verdict) {
        synchronized (watch) {
            if (watch.released) {
                return;
            }
            watch.verdict = verdict;
        }
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
