package io.interlock.log;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interlock.config.LogSettings;
import io.interlock.http.DecisionRecorder;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The decision log: every answered call becomes one masked event, kept in the decision store
 * that {@code GET /v1/decisions} queries and written as one JSON line to the configured sink.
 * Recording never blocks and never fails the call: the line and the database row are written
 * by background threads.
 */
public final class DecisionLog implements DecisionRecorder {

    /** How many events may wait for the sink; beyond that they are dropped from the sink (not the store). */
    static final int WRITER_QUEUE = 8_192;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    /**
     * How long a read waits for the events recorded before it to be stored, so this replica's
     * own recent calls are listed. Bounded: a busy database shows a slightly older page instead.
     */
    static final Duration READ_WAIT = Duration.ofSeconds(2);

    private final Events events;
    private final Masking masking;
    private final DecisionStore store;
    private final LineWriter writer;
    private final Clock clock;

    /** With the memory-only store of {@code settings.storeSize()} events. */
    DecisionLog(LogSettings settings, Sink sink, Clock clock) {
        this(settings, sink, new MemoryStore(settings.storeSize()), clock);
    }

    DecisionLog(LogSettings settings, Sink sink, DecisionStore store, Clock clock) {
        this.masking = new Masking(settings.pii());
        this.events = new Events(masking, settings.payloads());
        this.store = store;
        this.writer = sink == Sink.NONE ? null : new LineWriter(sink, WRITER_QUEUE);
        this.clock = clock;
    }

    @Override
    public void record(Call call) {
        Recorded recorded = new Recorded(events.from(call, clock.instant()));
        store.add(recorded);
        if (writer != null) {
            writer.offer(recorded);
        }
    }

    /** Builds the event and its log line as {@link #record} would, and stores and writes neither. */
    @Override
    public void rehearse(Call call) {
        EventJson.line(events.from(call, clock.instant()));
    }

    /** Events that did not reach the sink or the store (queue full, write failed, or after shutdown); for metrics. */
    public long droppedEvents() {
        return (writer == null ? 0 : writer.dropped()) + store.dropped();
    }

    /** Waits until every event recorded so far is written, flushed and stored; for tests and orderly shutdown. */
    public boolean flush(Duration timeout) {
        boolean written = writer == null || writer.flush(timeout);
        return store.flush(timeout) && written;
    }

    /** Writes what is still queued, then closes the sink and the store. Called when the application context stops. */
    public void close() {
        if (writer != null) {
            writer.close(CLOSE_TIMEOUT);
        }
        store.close();
    }

    DecisionStore.Status storeStatus() {
        return store.status();
    }

    /** Events waiting for the database; the memory store has no such wait. */
    double storeBuffered() {
        DecisionStore.Status status = store.status();
        return status.kind().equals(MemoryStore.KIND) ? 0 : status.held();
    }

    String storeKeeps() {
        return store.keeps();
    }

    /** The stored calls, for the replay endpoint; reads this log's store in place. */
    public StoredDecisions stored() {
        return StoredDecisions.of(store);
    }

    /** @throws StoreUnavailable when the database cannot be read */
    Optional<DecisionEvent> find(String id) {
        store.flush(READ_WAIT);
        return store.get(id);
    }

    /** The aggregates of {@code GET /v1/decisions/stats}; throws {@link BadQuery}, {@link StoreUnavailable}. */
    ObjectNode stats(Map<String, List<String>> parameters) {
        StatsQuery query = StatsQuery.parse(parameters, masking, clock.instant());
        store.flush(READ_WAIT);
        return store.stats(query).toJson();
    }

    /** {@code {"decisions":[...], "next_cursor": "..." | null}}; throws {@link BadQuery}, {@link StoreUnavailable}. */
    ObjectNode page(Map<String, List<String>> parameters) {
        DecisionQuery query = DecisionQuery.parse(parameters, masking);
        store.flush(READ_WAIT);
        DecisionStore.Page page = store.query(query);
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ArrayNode decisions = root.putArray("decisions");
        page.events().forEach(e -> decisions.add(EventJson.summary(e)));
        root.put("next_cursor", page.next().map(Cursor::encode).orElse(null));
        return root;
    }
}
