package io.interlock.log;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Predicate;

/**
 * The last N events in memory: a ring indexed by a sequence number, so an insert is O(1) and
 * evicts the oldest. Each event's sequence number is what a cursor points at; since numbers only
 * grow, a page that continues "before sequence s" is unaffected by events added meanwhile.
 *
 * <p>Inserts are serialised (they are a handful of assignments); reads take no lock: a slot
 * whose sequence number is not the one expected has been overwritten, meaning that event and
 * every older one are gone.
 */
final class DecisionStore {

    record Entry(long seq, DecisionEvent event) {}

    /** Up to {@code limit} matches, newest first; {@code nextBefore} is set when older matches exist. */
    record Page(List<Entry> entries, Optional<Long> nextBefore) {}

    private final int capacity;
    private final AtomicReferenceArray<Entry> slots;
    private final Map<String, Entry> byId = new ConcurrentHashMap<>();
    /** The next sequence number; every slot below it is written before it is published. */
    private volatile long next;

    DecisionStore(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
        this.slots = new AtomicReferenceArray<>(capacity);
    }

    synchronized void add(DecisionEvent event) {
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

    Optional<DecisionEvent> get(String id) {
        Entry entry = byId.get(id);
        return entry == null ? Optional.empty() : Optional.of(entry.event());
    }

    int size() {
        return (int) Math.min(next, capacity);
    }

    /** Matches older than sequence {@code before} (exclusive), newest first. */
    Page query(Predicate<DecisionEvent> filter, long before, int limit) {
        long newest = Math.min(before, next) - 1;
        List<Entry> found = new ArrayList<>(Math.min(limit, 64));
        for (long seq = newest; seq >= 0 && seq > newest - capacity; seq--) {
            Entry entry = slots.get((int) (seq % capacity));
            if (entry == null || entry.seq() != seq) {
                break;
            }
            if (filter.test(entry.event())) {
                if (found.size() == limit) {
                    return new Page(found, Optional.of(found.get(found.size() - 1).seq()));
                }
                found.add(entry);
            }
        }
        return new Page(found, Optional.empty());
    }
}
