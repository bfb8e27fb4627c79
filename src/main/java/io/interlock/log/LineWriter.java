package io.interlock.log;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes events to a sink on one background thread, so a slow disk or a blocked stdout pipe
 * never delays an answer to the platform. The queue is bounded: when it is full the event is
 * dropped (it is still in the store), counted, and reported in a warning at most every 10
 * seconds. Closing writes everything already queued before it returns.
 */
final class LineWriter {

    private static final Logger LOG = LoggerFactory.getLogger(DecisionLog.class);
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final Object STOP = new Object();

    private final Sink sink;
    private final BlockingQueue<Object> queue;
    private final Thread thread;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);
    private volatile boolean closed;

    LineWriter(Sink sink, int capacity) {
        this.sink = sink;
        this.queue = new ArrayBlockingQueue<>(capacity);
        // A daemon so a context that is never closed cannot keep the JVM alive; close() drains.
        this.thread = new Thread(this::run, "interlock-decision-log");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Never blocks. */
    void offer(Recorded recorded) {
        if (closed || !queue.offer(recorded)) {
            drop(closed ? "the decision log is closed" : "the writer queue is full: the sink is slower than the traffic");
        }
    }

    long dropped() {
        return dropped.get();
    }

    /** Waits until every event offered before this call is written and flushed (or the timeout passes). */
    boolean flush(Duration timeout) {
        if (closed || !thread.isAlive()) {
            return false;
        }
        return Barrier.await(queue, timeout);
    }

    /** Writes what is queued, then closes the sink; later events are counted as dropped. */
    void close(Duration timeout) {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!queue.offer(STOP, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                thread.interrupt();
            }
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("decision log: the writer did not finish within {} ms; {} queued events not written",
                    timeout.toMillis(), queue.size());
        }
    }

    private void run() {
        try {
            while (true) {
                Object item = queue.take();
                if (item == STOP) {
                    break;
                }
                handle(item);
                if (queue.isEmpty()) {
                    // flush when idle: lines reach the file promptly without a syscall per event under load
                    flushSink();
                }
            }
        } catch (InterruptedException e) {
            // close() gave up waiting for room for STOP: write what is there and stop
        }
        for (Object item = queue.poll(); item != null; item = queue.poll()) {
            if (item != STOP) {
                handle(item);
            }
        }
        flushSink();
        try {
            sink.close();
        } catch (IOException e) {
            LOG.warn("decision log: closing the sink failed: {}", e.toString());
        }
    }

    private void handle(Object item) {
        if (item instanceof Barrier barrier) {
            flushSink();
            barrier.release();
            return;
        }
        Recorded recorded = (Recorded) item;
        try {
            sink.write(recorded.line());
        } catch (IOException | RuntimeException e) {
            drop("writing failed: " + e);
        }
    }

    private void flushSink() {
        try {
            sink.flush();
        } catch (IOException e) {
            LOG.warn("decision log: flushing failed: {}", e.toString());
        }
    }

    private void drop(String reason) {
        long count = dropped.incrementAndGet();
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
            LOG.warn("decision log: {} events not written so far ({}); they are still in the decision store", count, reason);
        }
    }
}
