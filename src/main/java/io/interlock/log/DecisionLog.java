package io.interlock.log;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interlock.config.LogSettings;
import io.interlock.http.DecisionRecorder;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The decision log: every answered call becomes one masked event, kept in the embedded store
 * that {@code GET /v1/decisions} queries and written as one JSON line to the configured sink.
 * Recording never blocks and never fails the call: the line is written by a background thread.
 */
public final class DecisionLog implements DecisionRecorder {

    /** How many events may wait for the sink; beyond that they are dropped from the sink (not the store). */
    static final int WRITER_QUEUE = 8_192;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final Events events;
    private final Masking masking;
    private final DecisionStore store;
    private final LineWriter writer;
    private final Clock clock;
    /** Tells this run's cursors from those of an earlier one (sequence numbers restart at zero). */
    private final String epoch;

    DecisionLog(LogSettings settings, Sink sink, Clock clock) {
        this.masking = new Masking(settings.pii());
        this.events = new Events(masking, settings.payloads());
        this.store = new DecisionStore(settings.storeSize());
        this.writer = sink == Sink.NONE ? null : new LineWriter(sink, WRITER_QUEUE, EventJson::line);
        this.clock = clock;
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        this.epoch = HexFormat.of().formatHex(random);
    }

    @Override
    public void record(Call call) {
        DecisionEvent event = events.from(call, clock.instant());
        store.add(event);
        if (writer != null) {
            writer.offer(event);
        }
    }

    /** Events that did not reach the sink (queue full, write failed, or after shutdown); for metrics and health. */
    public long droppedEvents() {
        return writer == null ? 0 : writer.dropped();
    }

    /** Waits until every event recorded so far is written and flushed; for tests and orderly shutdown. */
    public boolean flush(Duration timeout) {
        return writer == null || writer.flush(timeout);
    }

    /** Writes what is still queued, then closes the sink. Called when the application context stops. */
    public void close() {
        if (writer != null) {
            writer.close(CLOSE_TIMEOUT);
        }
    }

    Optional<DecisionEvent> find(String id) {
        return store.get(id);
    }

    /** {@code {"decisions":[...], "next_cursor": "..." | null}}; throws {@link BadQuery}. */
    ObjectNode page(Map<String, List<String>> parameters) {
        DecisionQuery query = DecisionQuery.parse(parameters, masking, epoch);
        DecisionStore.Page page = store.query(query::matches, query.before(), query.limit());
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ArrayNode decisions = root.putArray("decisions");
        page.entries().forEach(e -> decisions.add(EventJson.summary(e.event())));
        root.put("next_cursor", page.nextBefore().map(before -> DecisionQuery.encodeCursor(epoch, before)).orElse(null));
        return root;
    }
}
