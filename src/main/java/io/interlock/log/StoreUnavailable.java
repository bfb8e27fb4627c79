package io.interlock.log;

/** The decision database cannot be read now; {@code GET /v1/decisions} answers 503 with this message. */
public final class StoreUnavailable extends RuntimeException {
    StoreUnavailable(String message) {
        super(message, null, false, false);
    }
}
