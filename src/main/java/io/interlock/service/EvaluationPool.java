package io.interlock.service;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A fixed set of evaluation threads with a short queue. When both are full a call is refused
 * at once ({@link Overloaded}) rather than piling up behind the platform's timeout: the
 * platform's own failure policy then applies, and memory stays bounded.
 */
public final class EvaluationPool implements AutoCloseable {

    private final ThreadPoolExecutor executor;
    private final int workers;

    public EvaluationPool(int workers, int queue) {
        this("interlock-eval-", workers, queue);
    }

    /** {@code threadPrefix} names the threads, so a thread dump tells the pools apart. */
    public EvaluationPool(String threadPrefix, int workers, int queue) {
        this.workers = workers;
        BlockingQueue<Runnable> waiting = queue == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queue);
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS, waiting, r -> {
            Thread t = new Thread(r, threadPrefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
        this.executor.prestartAllCoreThreads();
    }

    public <T> CompletableFuture<T> submit(Supplier<T> work) {
        try {
            return CompletableFuture.supplyAsync(work, executor);
        } catch (RejectedExecutionException full) {
            return CompletableFuture.failedFuture(new Overloaded());
        }
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

    /** Stops taking work and waits up to {@code millis} for what is running or queued. */
    public boolean drain(long millis) throws InterruptedException {
        executor.shutdown();
        return executor.awaitTermination(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
