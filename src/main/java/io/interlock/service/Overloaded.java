package io.interlock.service;

/** The evaluation pool and its queue are full; the caller answers 503 at once. */
public final class Overloaded extends RuntimeException {
    public Overloaded() {
        super("evaluation pool and queue are full", null, false, false);
    }
}
