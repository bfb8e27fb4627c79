package io.interlock.log;

import java.io.IOException;

/** Where the JSON lines go. Called from the writer thread only, so implementations need no locking. */
interface Sink {
    void write(String line) throws IOException;

    void flush() throws IOException;

    void close() throws IOException;

    /** INTERLOCK_LOG_SINK=none: the store still answers the API; nothing is written. */
    Sink NONE = new Sink() {
        @Override
        public void write(String line) {}

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
}
