package io.interlock.service;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A fixed set of evaluation threads with a bounded queue. When both are full a call is refused
 * at once ({@link Overloaded}) rather than piling up behind the platform's timeout: the
 * platform's own failure policy then applies, and memory stays bounded.
 *
 * <p>A few JavaScript built-ins (string search on huge inputs, BigInt arithmetic, JSON of huge
 * strings) run as one long Java call the watchdog's cancellation cannot interrupt: the evaluation
 * is stopped, but its thread stays busy for seconds. So a call not finished {@code answerBy}
 * after it started is answered then with its {@code whenStuck} value, and while its thread is
 * stuck the pool runs one more thread, so the service keeps its full width. At most
 * {@code workers} threads are replaced at once; beyond that, a further stuck thread narrows the
 * pool until one finishes (counted in {@link #stuckTotal()}; calls then queue, and past the
 * queue get 503).
 */
public final class EvaluationPool implements AutoCloseable {

    private final ThreadPoolExecutor executor;
    private final ScheduledThreadPoolExecutor deadlines;
    private final int workers;
    private final int maxReplaced;
    private final AtomicInteger stuck = new AtomicInteger();
    private final AtomicLong stuckTotal = new AtomicLong();

    public EvaluationPool(int workers, int queue) {
        this("interlock-eval-", workers, queue);
    }

    /** {@code threadPrefix} names the threads, so a thread dump tells the pools apart. */
    public EvaluationPool(String threadPrefix, int workers, int queue) {
        this.workers = workers;
        this.maxReplaced = workers;
        BlockingQueue<Runnable> waiting = queue == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queue);
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(workers, workers, 1, TimeUnit.SECONDS, waiting, r -> {
            Thread t = new Thread(r, threadPrefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
        this.executor.prestartAllCoreThreads();
        this.deadlines = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadPrefix + "deadlines");
            t.setDaemon(true);
            return t;
        });
        this.deadlines.setRemoveOnCancelPolicy(true);
    }

    /** Runs {@code work} on a worker, without a deadline of its own. */
    public <T> CompletableFuture<T> submit(Supplier<T> work) {
        try {
            return CompletableFuture.supplyAsync(work, executor);
        } catch (RejectedExecutionException full) {
            return CompletableFuture.failedFuture(new Overloaded());
        }
    }

    /**
     * Runs {@code work} on a worker; if it has not finished {@code answerBy} after it started, the
     * returned future completes with {@code whenStuck} instead and the worker is replaced while
     * it stays busy.
     */
    public <T> CompletableFuture<T> submit(Supplier<T> work, Duration answerBy, Supplier<T> whenStuck) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        // RUNNING → FINISHED (the work answered) or RUNNING → STUCK (the deadline answered), once.
        AtomicInteger state = new AtomicInteger(RUNNING);
        Runnable task = () -> {
            ScheduledFuture<?> deadline = deadlines.schedule(() -> {
                if (state.compareAndSet(RUNNING, STUCK)) {
                    replaceStuckWorker();
                    answer.complete(whenStuck.get());
                }
            }, answerBy.toNanos(), TimeUnit.NANOSECONDS);
            try {
                T value = work.get();
                if (state.compareAndSet(RUNNING, FINISHED)) {
                    answer.complete(value);
                }
            } catch (RuntimeException | Error e) {
                if (state.compareAndSet(RUNNING, FINISHED)) {
                    answer.completeExceptionally(e);
                }
            } finally {
                deadline.cancel(false);
                if (state.get() == STUCK) {
                    stuckWorkerFinished();
                }
            }
        };
        try {
            executor.execute(task);
        } catch (RejectedExecutionException full) {
            return CompletableFuture.failedFuture(new Overloaded());
        }
        return answer;
    }

    private static final int RUNNING = 0;
    private static final int FINISHED = 1;
    private static final int STUCK = 2;

    private synchronized void replaceStuckWorker() {
        stuckTotal.incrementAndGet();
        int now = stuck.incrementAndGet();
        if (now <= maxReplaced) {
            executor.setMaximumPoolSize(workers + now);
            executor.setCorePoolSize(workers + now);
            executor.prestartCoreThread();
        }
    }

    private synchronized void stuckWorkerFinished() {
        int extra = Math.min(stuck.decrementAndGet(), maxReplaced);
        executor.setCorePoolSize(workers + extra);
        executor.setMaximumPoolSize(workers + extra);
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

    /** Workers busy past their answer, still finishing an operation that could not be interrupted. */
    public int stuck() {
        return stuck.get();
    }

    /** Calls answered at their deadline because their worker was stuck, since start. */
    public long stuckTotal() {
        return stuckTotal.get();
    }

    /** Stops taking work and waits up to {@code millis} for what is running or queued. */
    public boolean drain(long millis) throws InterruptedException {
        executor.shutdown();
        boolean drained = executor.awaitTermination(millis, TimeUnit.MILLISECONDS);
        deadlines.shutdown();
        return drained;
    }

    @Override
    public void close() {
        executor.shutdownNow();
        deadlines.shutdownNow();
    }
}
