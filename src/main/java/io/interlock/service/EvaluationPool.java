package io.interlock.service;

import io.interlock.config.StallSettings;
import io.interlock.engine.EvaluationProgress;
import io.interlock.engine.Ticker;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * A fixed set of evaluation threads with a bounded queue. When both are full a call is refused
 * at once ({@link Overloaded}) rather than piling up behind the platform's timeout: the
 * platform's own failure policy then applies, and memory stays bounded.
 *
 * <p>A few JavaScript built-ins (string search on huge inputs, BigInt arithmetic, JSON of huge
 * strings) run as one long Java call the watchdog's cancellation cannot interrupt: the evaluation
 * is stopped, but its thread stays busy for seconds or minutes. So a {@link Watched} call whose
 * policies have run {@link Watched#answerBy()} is answered then by the pool ({@link Watched#overrun}),
 * and while its thread stays busy the pool runs one more thread: stuck threads never narrow it.
 * What bounds them is admission: the pool's {@link StallGuard} refuses to start what stalled
 * before, more inputs of a trigger that keeps stalling, or anything past its cap of stuck threads.
 * Time spent before the policies start (compiling a draft, preparing a context) is not theirs:
 * the deadline counts from their start, and only {@link #PREPARATION_BOUND} bounds the rest.
 *
 * <p>Deadlines are checked by one sweeper thread every few milliseconds against the injected
 * ticker; tests make no sweeper and call {@link #sweep()} after moving their ticker.
 */
public final class EvaluationPool implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("interlock");

    /** A call the pool answers itself when its evaluation overruns, and admits only past its guard. */
    public interface Watched<T> {
        /** The evaluation, on a worker; it reports to {@code progress} how far it got. */
        T run(EvaluationProgress progress);

        /** How long its policies may run, from their start, before the pool answers instead. */
        Duration answerBy();

        /** What it would run, for the guard. */
        StallGuard.Input input();

        /** The answer when the guard does not let it run. */
        T refused(StallGuard.Refusal refusal);

        /** The answer when it overran; the evaluation goes on on its thread and its result is dropped. */
        T overrun(Overrun overrun);

        /** Where the evaluation reports how far it got, read by the pool; the engine's own by default. */
        default EvaluationProgress progress() {
            return new EvaluationProgress();
        }
    }

    public enum OverrunKind {
        /** The watchdog stopped it at a limit and its thread is still inside a built-in. */
        STUCK,
        /** Past its answer, though the watchdog has not stopped it yet: the machine is overloaded. */
        LATE,
        /** Its policies had not even started after {@link #PREPARATION_BOUND}. */
        PREPARING
    }

    /**
     * Why and when the pool answered: {@code progress} as it was then, {@code waitedNanos} since the
     * call's worker picked it up, {@code quarantine} the guard's words when it stalled (else null).
     */
    public record Overrun(OverrunKind kind, EvaluationProgress.Snapshot progress, long waitedNanos, String quarantine) {}

    /**
     * Compiling and preparing run only the engine's code, bounded by the engine itself (minutes,
     * a safety net); a caller is not kept waiting that long: the platform gives up after 10 s by
     * default, a person at the playground sooner.
     */
    public static final Duration PREPARATION_BOUND = Duration.ofSeconds(10);

    private static final long SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final ThreadPoolExecutor executor;
    private final int workers;
    private final StallGuard guard;
    private final Ticker ticker;
    private final Set<Call<?>> running = ConcurrentHashMap.newKeySet();
    private final AtomicInteger overrunning = new AtomicInteger();
    private final AtomicLong overrunTotal = new AtomicLong();
    private final Thread sweeper;
    private volatile boolean closed;

    public EvaluationPool(int workers, int queue) {
        this("interlock-eval-", workers, queue);
    }

    /** {@code threadPrefix} names the threads, so a thread dump tells the pools apart. */
    public EvaluationPool(String threadPrefix, int workers, int queue) {
        this(threadPrefix, workers, queue,
                new StallGuard(StallSettings.defaults(Runtime.getRuntime().availableProcessors()), Ticker.system()),
                Ticker.system(), true);
    }

    /** {@code sweeping} false: no sweeper thread, the caller calls {@link #sweep()} (tests, with their own ticker). */
    public EvaluationPool(String threadPrefix, int workers, int queue, StallGuard guard, Ticker ticker, boolean sweeping) {
        this.workers = workers;
        this.guard = guard;
        this.ticker = ticker;
        BlockingQueue<Runnable> waiting = queue == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queue);
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(workers, workers, 1, TimeUnit.SECONDS, waiting, r -> {
            Thread t = new Thread(r, threadPrefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
        this.executor.prestartAllCoreThreads();
        this.sweeper = sweeping ? daemon(threadPrefix + "deadlines", this::sweepLoop) : null;
    }

    /** Runs {@code work} on a worker, without a deadline of its own. */
    public <T> CompletableFuture<T> submit(Supplier<T> work) {
        try {
            return CompletableFuture.supplyAsync(work, executor);
        } catch (RejectedExecutionException full) {
            return CompletableFuture.failedFuture(new Overloaded());
        }
    }

    /** Runs {@code call} on a worker if its guard admits it, when queued and again when picked up; see {@link Watched}. */
    public <T> CompletableFuture<T> submit(Watched<T> call) {
        Optional<StallGuard.Refusal> refusal = guard.admit(call.input(), overrunning.get());
        if (refusal.isPresent()) {
            return CompletableFuture.completedFuture(call.refused(refusal.get()));
        }
        Call<T> task = new Call<>(call);
        try {
            executor.execute(task);
        } catch (RejectedExecutionException full) {
            return CompletableFuture.failedFuture(new Overloaded());
        }
        return task.answer;
    }

    /** One watched call on its worker. Its state changes under its own lock, taken before the pool's or the guard's. */
    private final class Call<T> implements Runnable {
        final Watched<T> watched;
        final CompletableFuture<T> answer = new CompletableFuture<>();
        final EvaluationProgress progress;
        final long answerByNanos;
        volatile long pickedUp;
        /** Guarded by this: answered by the pool, found stuck in a built-in, the work returned. */
        private boolean overran;
        private boolean stalled;
        private boolean finished;

        Call(Watched<T> watched) {
            this.watched = watched;
            this.progress = watched.progress();
            this.answerByNanos = watched.answerBy().toNanos();
        }

        @Override
        public void run() {
            // Admitted when queued; what stalled since (the first of a burst of one input, queued
            // behind it) is refused now rather than started on the worker that replaced it.
            Optional<StallGuard.Refusal> refusal = guard.admit(watched.input(), overrunning.get());
            if (refusal.isPresent()) {
                answer.complete(watched.refused(refusal.get()));
                return;
            }
            pickedUp = ticker.read();
            running.add(this);
            T value = null;
            Throwable failure = null;
            try {
                value = watched.run(progress);
            } catch (RuntimeException | Error e) {
                failure = e;
            } finally {
                running.remove(this);
            }
            boolean answerNow;
            boolean replaced;
            synchronized (this) {
                finished = true;
                answerNow = !overran;
                replaced = overran;
                if (stalled) {
                    guard.ended(watched.input());
                }
            }
            if (replaced) {
                overrunEnded();
            }
            if (answerNow) {
                if (failure == null) {
                    answer.complete(value);
                } else {
                    answer.completeExceptionally(failure);
                }
            }
        }

        /** Answers the call if it is due; notes a stall found after its answer went. */
        void check(long now) {
            EvaluationProgress.Snapshot at = progress.snapshot();
            Overrun overrun = null;
            synchronized (this) {
                if (finished) {
                    return;
                }
                boolean policiesDue = at.phase() != EvaluationProgress.Phase.PREPARING && at.phase() != EvaluationProgress.Phase.DONE
                        && now - at.startedNanos() - answerByNanos >= 0;
                boolean stuck = policiesDue && at.phase() == EvaluationProgress.Phase.STOPPED;
                String quarantine = null;
                if (stuck && !stalled) {
                    stalled = true;
                    quarantine = guard.stalled(watched.input(), at);
                }
                if (!overran) {
                    OverrunKind kind = stuck ? OverrunKind.STUCK : policiesDue ? OverrunKind.LATE
                            : at.phase() == EvaluationProgress.Phase.PREPARING
                                    && now - pickedUp - answerByNanos - PREPARATION_BOUND.toNanos() >= 0 ? OverrunKind.PREPARING : null;
                    if (kind != null) {
                        overran = true;
                        overrunStarted();
                        overrun = new Overrun(kind, at, now - pickedUp, quarantine);
                    }
                }
            }
            if (overrun != null) {
                answer.complete(watched.overrun(overrun));
            }
        }
    }

    /** One pass over the watched calls running now; the sweeper calls it, tests may too. */
    public void sweep() {
        long now = ticker.read();
        for (Call<?> call : running) {
            try {
                call.check(now);
            } catch (RuntimeException e) {
                // an answer that cannot be built must not stop the deadlines of every other call
                LOG.error("answering an overrun call failed", e);
            }
        }
    }

    private synchronized void overrunStarted() {
        overrunTotal.incrementAndGet();
        int now = overrunning.incrementAndGet();
        executor.setMaximumPoolSize(workers + now);
        executor.setCorePoolSize(workers + now);
        executor.prestartCoreThread();
    }

    private synchronized void overrunEnded() {
        int now = overrunning.decrementAndGet();
        executor.setCorePoolSize(workers + now);
        executor.setMaximumPoolSize(workers + now);
    }

    public int workers() {
        return workers;
    }

    public int active() {
        return executor.getActiveCount();
    }

    public int queued() {
        return executor.getQueue().size();
    }

    /** What this pool refuses to start, and what stalled on it. */
    public StallGuard guard() {
        return guard;
    }

    /** Workers busy past their answer (mostly stuck in a built-in that cannot be interrupted), replaced meanwhile. */
    public int stuck() {
        return overrunning.get();
    }

    /** Calls the pool answered at their deadline because their worker was still busy, since start. */
    public long stuckTotal() {
        return overrunTotal.get();
    }

    /** Stops taking work and waits up to {@code millis} for what is running or queued. */
    public boolean drain(long millis) throws InterruptedException {
        executor.shutdown();
        boolean drained = executor.awaitTermination(millis, TimeUnit.MILLISECONDS);
        closed = true;
        return drained;
    }

    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
    }

    private void sweepLoop() {
        while (!closed) {
            LockSupport.parkNanos(SWEEP_NANOS);
            if (!running.isEmpty()) {
                sweep();
            }
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.setPriority(Thread.MAX_PRIORITY);
        t.start();
        return t;
    }
}
