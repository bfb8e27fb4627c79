package io.interlock.log;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A marker a background writer finds in its queue behind the events: released once everything
 * queued before it is handled. How {@code flush} waits for "everything recorded so far" without
 * the writer having to count.
 */
record Barrier(CountDownLatch done) {

    /** Queues a barrier and waits for the writer to release it (false when the timeout passes first). */
    static boolean await(BlockingQueue<Object> queue, Duration timeout) {
        return await(queue, timeout, () -> {});
    }

    /** As above; {@code wake} tells a writer that lingers for a fuller batch that someone waits. */
    static boolean await(BlockingQueue<Object> queue, Duration timeout, Runnable wake) {
        Barrier barrier = new Barrier(new CountDownLatch(1));
        try {
            if (!queue.offer(barrier, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return false;
            }
            wake.run();
            return barrier.done().await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void release() {
        done.countDown();
    }
}
