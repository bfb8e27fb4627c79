package io.interlock.engine;

/** A source of nanosecond time, injected so deadlines can be tested without sleeping. */
@FunctionalInterface
public interface Ticker {
    long read();

    static Ticker system() {
        return System::nanoTime;
    }
}
