package io.interlock.log;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Predicate;

/**
 * INTERLOCK_DECISION_DB=none: the last N events in memory, a ring indexed by a sequence number,
 * so an insert is O(1) and evicts the oldest. Each event's sequence number is what a cursor
 * points at; since numbers only grow, a page that continues "before sequence s" is unaffected
 * by events added meanwhile. Numbers restart with the process, so cursors carry an epoch.
 *
 * <p>Inserts are serialised (they are a handful of assignments); reads take no lock: a slot
 * whose sequence number is not the one expected has been overwritten, meaning that event and
 * every older one are gone.
 */
final class MemoryStore implements DecisionStore {

    static final String KIND = "memory";

    record Entry(long seq, DecisionEvent event) {}

    /** Up to {@code limit} matches, newest first; {@code nextBefore} is set when older matches exist. */
    record Entries(List<Entry> entries, Optional<Long> nextBefore) {}

    private final int capacity;
    private final AtomicReferenceArray<Entry> slots;
    private final Map<String, Entry> byId = new ConcurrentHashMap<>();
    /** Tells this run's cursors from those of an earlier one (sequence numbers restart at zero). */
    private final String epoch;
    /** The next sequence number; every slot below it is written before it is published. */
    private volatile long next;

    MemoryStore(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
        this.slots = new AtomicReferenceArray<>(capacity);
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        this.epoch = HexFormat.of().formatHex(random);
    }

    @Override
    public synchronized void add(Recorded recorded) {
        DecisionEvent event = recorded.event();
        long seq = next;
        int slot = (int) (seq % capacity);
        Entry evicted = slots.get(slot);
        if (evicted != null) {
            byId.remove(evicted.event().id(), evicted);
        }
        Entry entry = new Entry(seq, event);
        slots.set(slot, entry);
        byId.put(event.id(), entry);
        next = seq + 1;
    }

    @Override
    public Optional<DecisionEvent> get(String id) {
        Entry entry = byId.get(id);
        return entry == null ? Optional.empty() : Optional.of(entry.event());
    }

    @Override
    public Page query(DecisionQuery query) {
        long before;
        if (query.cursor() instanceof Cursor.Start) {
            before = Long.MAX_VALUE;
        } else if (query.cursor() instanceof Cursor.Sequence s && s.epoch().equals(epoch)) {
            before = s.before();
        } else {
            throw new BadQuery("cursor", Cursor.STALE);
        }
        Entries found = entries(query::matches, before, query.limit());
        return new Page(found.entries().stream().map(Entry::event).toList(),
                found.nextBefore().map(seq -> new Cursor.Sequence(epoch, seq)));
    }

    @Override
    public DecisionStats stats(StatsQuery query) {
        return MemoryStats.of(query, entries(query.filters()::matches, Long.MAX_VALUE, DecisionStats.MAX_ROWS).entries()
                .stream().map(Entry::event).toList());
    }

    int size() {
        return (int) Math.min(next, capacity);
    }

    /** Matches older than sequence {@code before} (exclusive), newest first. */
    Entries entries(Predicate<DecisionEvent> filter, long before, int limit) {
        long newest = Math.min(before, next) - 1;
        List<Entry> found = new ArrayList<>(Math.min(limit, 64));
        for (long seq = newest; seq >= 0 && seq > newest - capacity; seq--) {
            Entry entry = slots.get((int) (seq % capacity));
            if (entry == null || entry.seq() != seq) {
                break;
            }
            if (filter.test(entry.event())) {
                if (found.size() == limit) {
                    return new Entries(found, Optional.of(found.get(found.size() - 1).seq()));
                }
                found.add(entry);
            }
        }
        return new Entries(found, Optional.empty());
    }

    @Override
    public boolean flush(Duration timeout) {
        return true;
    }

    @Override
    public long dropped() {
        return 0;
    }

    @Override
    public Status status() {
        return new Status(KIND, "this process", "ok", null, null, size(), capacity, 0);
    }

    @Override
    public String keeps() {
        return "the last " + capacity + " events (INTERLOCK_DECISION_STORE_SIZE; INTERLOCK_DECISION_DB=none)";
    }

    @Override
    public void close() {}
}
