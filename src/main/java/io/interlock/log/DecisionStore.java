package io.interlock.log;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where decision events are kept for {@code GET /v1/decisions}: {@link MemoryStore} (the last N,
 * INTERLOCK_DECISION_DB=none) or {@link SqlStore} (SQLite by default, PostgreSQL for replicas).
 * Adding never blocks the call being answered and never fails it; reading may be refused with
 * {@link StoreUnavailable} while a database is out of reach.
 */
interface DecisionStore {

    /** Up to the query's limit of matches, newest first; {@code next} is set when older matches exist. */
    record Page(List<DecisionEvent> events, Optional<Cursor> next) {}

    /**
     * For {@code /health}.
     *
     * @param state   {@code ok}, {@code degraded} (events wait in the buffer or are dropped) or {@code closed}
     * @param problem why it is degraded, else null
     * @param since   when it became degraded, else null
     * @param held    events held: in memory, the events kept; for a database, the events waiting for it
     */
    record Status(String kind, String location, String state, String problem, Instant since, int held, int capacity,
            long dropped) {}

    /** Takes the (masked) event. Never blocks and never throws; an event that cannot be kept is counted in {@link #dropped()}. */
    void add(Recorded recorded);

    /** @throws StoreUnavailable when the database cannot be read */
    Optional<DecisionEvent> get(String id);

    /** @throws BadQuery for a cursor this store did not give out; {@link StoreUnavailable} when the database cannot be read */
    Page query(DecisionQuery query);

    /**
     * Aggregates over the query's matches, at most {@link DecisionStats#MAX_ROWS} of them, the newest.
     *
     * @throws StoreUnavailable when the database cannot be read
     */
    DecisionStats stats(StatsQuery query);

    /** Waits until the events added so far can be read back (false when the timeout passed first). */
    boolean flush(Duration timeout);

    /** Events that never reached the store: buffer full, refused by the database, or added after close. */
    long dropped();

    Status status();

    /** What the store keeps, for messages: "the last 10000 events (...)". */
    String keeps();

    /** Stores what is still buffered (bounded in time), then releases the database. */
    void close();
}
