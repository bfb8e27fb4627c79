package io.interlock.log;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where the next page of {@code GET /v1/decisions} starts. Opaque to clients (base64url of a
 * versioned text); each store understands its own kind and refuses the other's, which only
 * happens when the service was restarted with a different INTERLOCK_DECISION_DB.
 */
sealed interface Cursor {

    String NOT_A_CURSOR = "not a cursor from this service; use next_cursor of the previous page as given";
    String STALE = "from before the service restarted; start again without a cursor";

    /** The first page. */
    record Start() implements Cursor {}

    /** Memory store: events older than sequence number {@code before} of the run {@code epoch}. */
    record Sequence(String epoch, long before) implements Cursor {}

    /**
     * Database: events after {@code (timeMs, id)} in newest-first order. Keyset, so it stays valid
     * across restarts and replicas, and events written meanwhile do not shift the next page.
     */
    record Position(long timeMs, String id) implements Cursor {}

    Cursor START = new Start();

    static String encode(Cursor cursor) {
        String text;
        if (cursor instanceof Sequence s) {
            text = "c1." + s.epoch() + "." + s.before();
        } else if (cursor instanceof Position p) {
            text = "c2." + p.timeMs() + "." + p.id();
        } else {
            throw new IllegalArgumentException("the first page has no cursor");
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws BadQuery naming {@code cursor} when the text is not one this service gave out */
    static Cursor decode(String cursor) {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadQuery("cursor", NOT_A_CURSOR);
        }
        String[] parts = text.split("\\.", 3);
        if (parts.length == 3 && (parts[0].equals("c1") || parts[0].equals("c2")) && !parts[1].isEmpty() && !parts[2].isEmpty()) {
            try {
                return parts[0].equals("c1")
                        ? new Sequence(parts[1], nonNegative(parts[2]))
                        : new Position(nonNegative(parts[1]), parts[2]);
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new BadQuery("cursor", NOT_A_CURSOR);
    }

    private static long nonNegative(String digits) {
        long value = Long.parseLong(digits);
        if (value < 0) {
            throw new NumberFormatException(digits);
        }
        return value;
    }
}
