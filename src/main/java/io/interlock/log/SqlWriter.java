package io.interlock.log;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes decision events to the database on one background thread, so the interceptor never
 * waits for it. Events wait in a bounded buffer; once one arrives the thread lingers
 * {@link #LINGER} for more (unless a reader is waiting for them), then inserts up to
 * {@link #BATCH} in one transaction. A commit's cost is in the pages it writes (one per index
 * touched), not in its rows: without the linger a busy service committed a few events at a
 * time and the writer cost as much CPU as the evaluations. A quiet service still writes each
 * event within {@link #LINGER}.
 *
 * <p>When a write fails for any reason but the rows themselves, the batch is kept and retried
 * with a growing pause (up to {@link #MAX_PAUSE}); the buffer fills meanwhile, and once it is
 * full new events are dropped and counted. The store reports itself degraded until a write
 * succeeds again. An event the database refuses as data, or that cannot be turned into rows,
 * is dropped alone (the batch is retried one event at a time), never blocking the rest.
 * Between batches the thread also deletes events past their retention, a small batch at a time.
 */
final class SqlWriter {

    /** The database work, supplied by the store: connections come with the schema in place. */
    interface Database {
        Connection connection() throws SQLException;

        SqlDialect dialect();
    }

    static final int BATCH = 500;
    static final Duration LINGER = Duration.ofMillis(50);
    static final int RETENTION_BATCH = 500;
    static final Duration RETENTION_EVERY = Duration.ofMinutes(10);
    static final Duration MAX_PAUSE = Duration.ofSeconds(2);
    private static final Duration FIRST_PAUSE = Duration.ofMillis(100);
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final Logger LOG = LoggerFactory.getLogger(DecisionLog.class);

    /** Last write's outcome, for /health; {@code problem} null when the last write succeeded. */
    record Health(String problem, Instant since) {}

    private final Database database;
    private final Clock clock;
    private final int retentionDays;
    private final String location;
    private final BlockingQueue<Object> queue;
    private final int capacity;
    private final Thread thread;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);
    private volatile Health health = new Health(null, null);
    private volatile boolean closing;
    /** Set when close() gives up: the thread drops what it holds and stops. */
    private volatile boolean abandon;
    private long droppedWhenDegraded;
    /** When the next retention step (which is also the probe of a failing database) is due; readers bring it forward. */
    private volatile long nextRetentionNanos = System.nanoTime();

    SqlWriter(Database database, int capacity, int retentionDays, String location, Clock clock) {
        this.database = database;
        this.capacity = capacity;
        this.retentionDays = retentionDays;
        this.location = location;
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(capacity);
        // A daemon so a context that is never closed cannot keep the JVM alive; close() drains.
        this.thread = new Thread(this::run, "interlock-decision-store");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Never blocks. */
    void offer(Recorded recorded) {
        if (closing || !queue.offer(recorded)) {
            drop(1, closing ? "the decision store is closed" : "the buffer of " + capacity + " events is full");
        }
    }

    long dropped() {
        return dropped.get();
    }

    int buffered() {
        return queue.size();
    }

    int capacity() {
        return capacity;
    }

    Health health() {
        return health;
    }

    /**
     * Waits until every event offered before this call is stored. Returns false at once while
     * the database is failing (the caller would only wait for the timeout).
     */
    boolean flush(Duration timeout) {
        if (closing || !thread.isAlive() || health.problem() != null) {
            return false;
        }
        return Barrier.await(queue, timeout, () -> LockSupport.unpark(thread));
    }

    /**
     * Stores what is buffered, waiting at most {@code timeout} (a short while only when the
     * database is failing: a shutdown should not hang on it); what is left is dropped and counted.
     */
    void close(Duration timeout) {
        if (closing) {
            return;
        }
        closing = true;
        LockSupport.unpark(thread);
        Duration wait = health.problem() == null ? timeout : Duration.ofMillis(Math.min(timeout.toMillis(), 2_000));
        try {
            thread.join(wait.toMillis());
            if (thread.isAlive()) {
                abandon = true;
                LockSupport.unpark(thread);
                thread.join(timeout.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<Object> batch = new ArrayList<>();
        Duration pause = Duration.ZERO;
        // a batch held after a failure may have been committed before the connection was lost
        boolean retrying = false;
        while (!abandon) {
            if (batch.isEmpty()) {
                if (closing && queue.isEmpty()) {
                    break;
                }
                take(batch);
            }
            try {
                boolean reached = false;
                if (!batch.isEmpty()) {
                    reached = write(batch, retrying);
                    batch.clear();
                    retrying = false;
                } else if (System.nanoTime() - nextRetentionNanos >= 0) {
                    retain();
                    reached = true;
                }
                if (reached) {
                    healthy();
                    pause = Duration.ZERO;
                }
            } catch (Exception | Error e) {
                // Whatever the driver throws (pgjdbc once threw an AssertionError for a closed
                // connection), the writer lives on: a dead writer would lose every later event.
                failing(e);
                retrying = !batch.isEmpty();
                pause = pause.isZero() ? FIRST_PAUSE : min(pause.multipliedBy(2), MAX_PAUSE);
                LockSupport.parkNanos(pause.toNanos());
            }
        }
        giveUp(batch);
    }

    /** Up to BATCH items, waiting for the first until retention is due (or a second, to notice close()). */
    private void take(List<Object> batch) {
        long untilRetention = Math.max(0, nextRetentionNanos - System.nanoTime());
        try {
            Object first = queue.poll(Math.min(untilRetention, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
            if (first != null) {
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                lingerForMore(batch);
            }
        } catch (InterruptedException e) {
            abandon = true;
        }
    }

    /** Waits up to LINGER for the batch to fill; a flush (a barrier queued) or close() ends the wait early. */
    private void lingerForMore(List<Object> batch) {
        if (batch.size() < BATCH && !closing && !(batch.get(batch.size() - 1) instanceof Barrier)) {
            LockSupport.parkNanos(LINGER.toNanos());
            queue.drainTo(batch, BATCH - batch.size());
        }
    }

    /** @return whether the database was used (a batch of barriers alone does not tell whether it works) */
    private boolean write(List<Object> batch, boolean retrying) throws SQLException {
        List<Recorded> events = new ArrayList<>(batch.size());
        for (Object item : batch) {
            if (item instanceof Recorded recorded) {
                events.add(recorded);
            }
        }
        if (!events.isEmpty()) {
            try (Connection c = database.connection()) {
                c.setAutoCommit(false);
                try {
                    SqlRows.insert(c, events, retrying);
                    c.commit();
                } catch (SQLException e) {
                    rollback(c, e);
                    if (!database.dialect().refusesRow(e)) {
                        throw e;
                    }
                    oneByOne(c, events);
                } catch (RuntimeException e) {
                    // an event this code cannot turn into rows: retrying the batch would stop the log for good
                    rollback(c, new SQLException(e));
                    oneByOne(c, events);
                }
            }
        }
        release(batch);
        return !events.isEmpty();
    }

    /**
     * A batch with a row the database refuses: each event alone, dropping only the refused ones.
     * An event already stored is not refused: it is the batch's own, committed by a try whose
     * answer was lost.
     */
    private void oneByOne(Connection c, List<Recorded> events) throws SQLException {
        for (Recorded recorded : events) {
            DecisionEvent event = recorded.event();
            try {
                SqlRows.insert(c, List.of(recorded), true);
                c.commit();
            } catch (SQLException e) {
                rollback(c, e);
                if (!database.dialect().refusesRow(e)) {
                    throw e;
                }
                drop(1, "the database refused event " + event.id() + ": " + e.getMessage());
            } catch (RuntimeException e) {
                rollback(c, new SQLException(e));
                LOG.error("decision store: event {} cannot be stored", event.id(), e);
                drop(1, "event " + event.id() + " cannot be stored: " + e);
            }
        }
    }

    /** Rolls back after {@code failure}; a connection that is gone cannot, and the first failure is the one to tell. */
    private static void rollback(Connection c, SQLException failure) {
        try {
            c.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * One retention step. It also serves as the probe that notices a database coming back while
     * no events arrive: after a failure it stays due, so it is retried with the writer's pauses.
     */
    private void retain() throws SQLException {
        try (Connection c = database.connection()) {
            boolean more = false;
            if (retentionDays > 0) {
                long cutoff = clock.instant().minus(Duration.ofDays(retentionDays)).toEpochMilli();
                more = SqlRows.deleteOlderThan(c, cutoff, RETENTION_BATCH).more();
            }
            // a full batch means more are due: the next step comes after whatever events are waiting
            nextRetentionNanos = System.nanoTime() + (more ? 0 : RETENTION_EVERY.toNanos());
        }
    }

    /** Barriers in the batch: everything before them is stored now (or dropped, when giving up). */
    private static void release(List<Object> batch) {
        for (Object item : batch) {
            if (item instanceof Barrier barrier) {
                barrier.release();
            }
        }
    }

    private synchronized void healthy() {
        if (health.problem() != null) {
            LOG.info("decision store: writing to {} again; {} events were dropped while it failed", location,
                    dropped.get() - droppedWhenDegraded);
            health = new Health(null, null);
        }
    }

    /** Also called by the store when the database fails at start, so /health says so before any call. */
    synchronized void failing(Throwable e) {
        String problem = SqlStore.describe(e);
        if (health.problem() == null) {
            droppedWhenDegraded = dropped.get();
            LOG.warn("decision store: cannot write to {} ({}); calls are answered as usual, up to {} events wait for it "
                    + "and newer ones are dropped", location, problem, capacity);
            health = new Health(problem, clock.instant());
        } else if (!problem.equals(health.problem())) {
            health = new Health(problem, health.since());
        }
    }

    /**
     * A read failed to reach the database: the store is degraded from now, not from the writer's
     * next write, which may be minutes away on a quiet service; and the writer probes at once (its
     * retention step), then with its growing pauses, so the state clears as soon as the database answers.
     */
    void readFailed(Throwable e) {
        failing(e);
        nextRetentionNanos = System.nanoTime();
        LockSupport.unpark(thread);
    }

    /** Closing gave up (or was interrupted): what is held is lost, and counted. */
    private void giveUp(List<Object> batch) {
        List<Object> left = new ArrayList<>(batch);
        queue.drainTo(left);
        long events = left.stream().filter(Recorded.class::isInstance).count();
        release(left);
        if (events > 0) {
            drop(events, "the service stopped before the database at " + location + " took them");
        }
    }

    private void drop(long count, String reason) {
        long total = dropped.addAndGet(count);
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
            LOG.warn("decision store: {} events not stored so far ({})", total, reason);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
