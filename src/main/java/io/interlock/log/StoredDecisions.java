package io.interlock.log;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interlock.config.InvalidConfigException;
import io.interlock.config.LogSettings;
import io.interlock.config.Store;
import io.interlock.trigger.Trigger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The decision store as replay reads it: the real calls (source {@code intercept}) that kept a
 * payload, newest first, each with its replay record ({@link ReplayRecord}). Read by
 * {@code interlock replay} from the database the service writes, and by the service's own
 * replay endpoint from its store. Never writes an event.
 */
public final class StoredDecisions implements AutoCloseable {

    /** Past this many stored decisions without a payload, a read stops looking for more. */
    static final int MAX_SCANNED = 100_000;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Which decisions: a trigger (or all), a time range ({@code from} inclusive, {@code to} exclusive), the newest {@code count}. */
    public record Filter(Optional<Trigger> trigger, Optional<Instant> from, Optional<Instant> to, int count) {}

    /**
     * One stored call. {@code answer} is the masked answer it got, or null when it was stored
     * before answers were kept (then only {@code decision} can be compared); {@code masked} the
     * JSON pointers of payload values that were masked when stored; {@code pii} the masking then;
     * {@code recorded} whether the call has a replay record at all (stored by a version that kept
     * one); {@code payloadMasked} whether masking changed its payload.
     */
    public record Stored(String id, Instant time, Trigger trigger, String decision, String failureCode, String decidedBy,
            List<PolicyRun> policies, JsonNode payload, JsonNode answer, List<String> masked, String pii,
            List<RecordedFetch> fetch, boolean fetchOmitted, boolean recorded, boolean payloadMasked, ObjectNode event) {}

    /** What one policy did in the stored call: its file, content hash and outcome (allow, deny, error or null). */
    public record PolicyRun(String name, String hash, String outcome) {}

    /** One fetch() answer as the call got it, masked like the payload; {@code error} set for a call that failed. */
    public record RecordedFetch(String policy, String method, String url, int status, String statusText, String contentType,
            String body, boolean cut, String error, boolean masked) {}

    /** What a read found: the replayable calls, and how many matched without a payload to replay. */
    public record Batch(List<Stored> decisions, int withoutPayload) {}

    private final DecisionStore store;
    private final boolean owned;

    private StoredDecisions(DecisionStore store, boolean owned) {
        this.store = store;
        this.owned = owned;
    }

    /**
     * Opens the database of {@code settings} (INTERLOCK_DECISION_DB) to read it. Its retention is
     * off for this reader: deleting old events is the service's job.
     *
     * @throws InvalidConfigException when the store is the service's memory, or the database cannot be used
     */
    public static StoredDecisions open(LogSettings settings) {
        if (!(settings.store() instanceof Store.Database database)) {
            throw new InvalidConfigException(List.of("INTERLOCK_DECISION_DB=none keeps decisions in the service's memory,"
                    + " where no other process can read them: replay in the playground, or point INTERLOCK_DECISION_DB"
                    + " at the service's SQLite file or PostgreSQL"));
        }
        Store.Database reading = new Store.Database(database.url(), database.user(), database.password(), 0, database.buffer());
        return new StoredDecisions(SqlStore.open(reading, Clock.systemUTC()), true);
    }

    /** The service's own store, read in place (closing this leaves it open). */
    static StoredDecisions of(DecisionStore store) {
        return new StoredDecisions(store, false);
    }

    /**
     * The newest {@code filter.count()} matching calls that kept a payload.
     *
     * @throws StoreUnavailable when the database cannot be read
     */
    public Batch read(Filter filter) {
        store.flush(DecisionLog.READ_WAIT);
        List<Stored> found = new ArrayList<>();
        int without = 0;
        int scanned = 0;
        Cursor cursor = Cursor.START;
        while (found.size() < filter.count() && scanned < MAX_SCANNED) {
            DecisionQuery query = new DecisionQuery(filter.from().orElse(null), filter.to().orElse(null),
                    filter.trigger().orElse(null), null, null, null, null, null, "intercept", null, DecisionQuery.MAX_LIMIT, cursor, null, null);
            DecisionStore.Page page = store.query(query);
            for (DecisionEvent summary : page.events()) {
                scanned++;
                Optional<Stored> stored = store.get(summary.id()).flatMap(StoredDecisions::stored);
                if (stored.isEmpty()) {
                    without++;
                } else if (found.size() < filter.count()) {
                    found.add(stored.get());
                }
            }
            if (page.next().isEmpty()) {
                break;
            }
            cursor = page.next().get();
        }
        return new Batch(found, without);
    }

    /** {@code answer} masked as answers were when {@code pii} was the masking: what a replay compares with a stored answer. */
    public static JsonNode mask(JsonNode answer, String pii) {
        LogSettings.Pii mode = Arrays.stream(LogSettings.Pii.values()).filter(p -> p.wire().equals(pii)).findFirst()
                .orElse(LogSettings.Pii.MASKED);
        return new Masking(mode).payload(answer);
    }

    private static Optional<Stored> stored(DecisionEvent e) {
        if (e.payload() == null || e.trigger() == null) {
            return Optional.empty();
        }
        try {
            JsonNode payload = MAPPER.readTree(e.payload());
            JsonNode record = e.replay() == null ? MAPPER.createObjectNode() : MAPPER.readTree(e.replay());
            List<String> masked = new ArrayList<>();
            record.path("masked").forEach(p -> masked.add(p.asText()));
            List<RecordedFetch> fetch = new ArrayList<>();
            for (JsonNode f : record.path("fetch")) {
                fetch.add(new RecordedFetch(f.path("policy").asText(null), f.path("method").asText("GET"), f.path("url").asText(""),
                        f.path("status").asInt(), f.path("status_text").asText(""), f.path("content_type").asText(null),
                        f.path("body").asText(""), f.path("cut").asBoolean(), f.path("error").asText(null),
                        f.path("masked").asBoolean()));
            }
            List<PolicyRun> policies = e.policies().stream().map(p -> new PolicyRun(p.name(), p.hash(), p.outcome())).toList();
            JsonNode answer = record.path("answer").isObject() ? record.get("answer") : null;
            // Before answers were kept, a payload's masking was not recorded either: assume it was masked.
            String pii = record.path("pii").asText(LogSettings.Pii.MASKED.wire());
            return Optional.of(new Stored(e.id(), e.time(), e.trigger(), e.decision(), e.failureCode(), e.decidedBy(), policies,
                    payload, answer, masked, pii, fetch, record.has("fetch_omitted"), e.replay() != null, e.payloadMasked(),
                    EventJson.full(e)));
        } catch (JsonProcessingException unreadable) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        if (owned) {
            store.close();
        }
    }
}
