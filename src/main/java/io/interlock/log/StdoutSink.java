package io.interlock.log;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * One JSON line per event on standard output. The line goes out in a single write call: the
 * stream locks per call, so the service's other log lines can come between events but never
 * inside one, and a log shipper reading stdout sees whole JSON objects.
 */
final class StdoutSink implements Sink {
    private final PrintStream out;

    StdoutSink(PrintStream out) {
        this.out = out;
    }

    @Override
    public void write(String line) {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
    }

    @Override
    public void flush() {
        out.flush();
    }

    /** Standard output belongs to the process: flushed, never closed. */
    @Override
    public void close() {
        out.flush();
    }
}
