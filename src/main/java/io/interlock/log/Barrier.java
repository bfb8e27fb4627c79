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
        Barrier barrier = new Barrier(new CountDownLatch(1));
        try {
            return queue.offer(barrier, timeout.toMillis(), TimeUnit.MILLISECONDS)
                    && barrier.done().await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void release() {
        done.countDown();
    }
}
