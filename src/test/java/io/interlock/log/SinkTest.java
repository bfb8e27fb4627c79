package io.interlock.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.interlock.config.LogSettings;
import io.interlock.config.LogSettings.Pii;
import io.interlock.trigger.Trigger;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The JSON lines: masking in stdout and file sinks, size rotation, the non-blocking writer. */
class SinkTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    static DecisionLog log(Pii pii, Sink sink) {
        LogSettings d = LogSettings.defaults();
        return new DecisionLog(new LogSettings(pii, 100, true, LogSettings.Sink.STDOUT, d.file(), 1, 1), sink,
                new Calls.ManualClock(DecisionLogTest.START));
    }

    static void recordSignUp(DecisionLog log, String id) {
        log.record(Calls.decided(id, "intercept", Trigger.PRE_SIGNUP, Calls.payload(Trigger.PRE_SIGNUP, null), "ALLOW",
                "10-domains.js", List.of("sign-up from john.doe@acmecorp.com")));
    }

    static Stream<Arguments> modes() {
        return Stream.of(
                Arguments.of(Pii.FULL, "john.doe@acmecorp.com", "203.0.113.24", "sign-up from john.doe@acmecorp.com"),
                Arguments.of(Pii.MASKED, "j***@acmecorp.com", "203.0.113.0", "sign-up from j***@acmecorp.com"),
                Arguments.of(Pii.NONE, null, null, "sign-up from [email]"));
    }

    @ParameterizedTest(name = "stdout {0}")
    @MethodSource("modes")
    void stdoutLinesAreMaskedJson(Pii pii, String email, String ip, String console) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DecisionLog log = log(pii, new StdoutSink(new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        recordSignUp(log, "s1");
        recordSignUp(log, "s2");
        assertTrue(log.flush(WAIT));
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(2, lines.size());
        for (String line : lines) {
            checkLine(DecisionLogTest.parse(line), pii, email, ip, console);
        }
        log.close();
    }

    @ParameterizedTest(name = "file {0}")
    @MethodSource("modes")
    void fileLinesAreMaskedJson(Pii pii, String email, String ip, String console) throws IOException {
        Path file = dir.resolve("logs/decisions.log");
        DecisionLog log = log(pii, new FileSink(file, 1024 * 1024, 2));
        recordSignUp(log, "f1");
        log.close();
        List<String> lines = Files.readAllLines(file);
        assertEquals(1, lines.size());
        checkLine(DecisionLogTest.parse(lines.get(0)), pii, email, ip, console);
    }

    private static void checkLine(JsonNode event, Pii pii, String email, String ip, String console) {
        assertEquals(email, event.get("user_email").textValue());
        assertEquals(ip, event.get("caller_ip").textValue());
        assertEquals(console, event.at("/policies/0/console/0").textValue());
        assertEquals(email, event.at("/payload/interceptor_context/user_email").textValue());
        assertEquals(pii == Pii.FULL ? "john.doe@acmecorp.com" : pii == Pii.MASKED ? "j***@acmecorp.com" : null,
                event.at("/payload/data/user/email").textValue());
        if (pii != Pii.FULL) {
            assertFalse(event.toString().contains("john.doe@"), event.toString());
            assertFalse(event.toString().contains("203.0.113.24"), event.toString());
        }
    }

    @Test
    void fileRotatesBySizeAndKeepsN() throws IOException {
        Path file = dir.resolve("decisions.log");
        // n runs from 100 so every line has the same length
        String line = "{\"n\":%d,\"pad\":\"" + "x".repeat(80) + "\"}";
        int lineBytes = String.format(line, 100).length() + 1;
        FileSink sink = new FileSink(file, lineBytes * 3L, 2);
        for (int i = 0; i < 10; i++) {
            sink.write(String.format(line, 100 + i));
        }
        sink.close();
        // 3 lines fit per file: 0-2 fell off (keep 2), 3-5 and 6-8 are the rotated files, 9 is current
        assertEquals(List.of(9), numbers(file));
        assertEquals(List.of(6, 7, 8), numbers(file.resolveSibling("decisions.log.1")));
        assertEquals(List.of(3, 4, 5), numbers(file.resolveSibling("decisions.log.2")));
        assertFalse(Files.exists(file.resolveSibling("decisions.log.3")));

        // reopened, it appends and counts what is already there
        FileSink again = new FileSink(file, lineBytes * 3L, 2);
        for (int i = 10; i < 13; i++) {
            again.write(String.format(line, 100 + i));
        }
        again.close();
        assertEquals(List.of(12), numbers(file));
        assertEquals(List.of(9, 10, 11), numbers(file.resolveSibling("decisions.log.1")));
        assertEquals(List.of(6, 7, 8), numbers(file.resolveSibling("decisions.log.2")));
    }

    @Test
    void keepZeroTruncatesInPlace() throws IOException {
        Path file = dir.resolve("d.log");
        FileSink sink = new FileSink(file, 10, 0);
        sink.write("{\"a\":1}");
        sink.write("{\"a\":2}");
        sink.close();
        assertEquals(List.of("{\"a\":2}"), Files.readAllLines(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    private static List<Integer> numbers(Path file) throws IOException {
        List<Integer> numbers = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            numbers.add(DecisionLogTest.parse(line).get("n").asInt() - 100);
        }
        return numbers;
    }

    /** A sink whose first write waits until the test lets it go. */
    static final class GatedSink implements Sink {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<String> written = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void write(String line) {
            entered.countDown();
            try {
                release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            written.add(line);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }

    @Test
    void fullQueueDropsAndCountsInsteadOfBlocking() throws InterruptedException {
        GatedSink sink = new GatedSink();
        LineWriter writer = new LineWriter(sink, 4);
        DecisionLog source = log(Pii.MASKED, Sink.NONE);
        recordSignUp(source, "q");
        DecisionEvent event = source.find("q").orElseThrow();

        writer.offer(new Recorded(event));
        assertTrue(sink.entered.await(WAIT.toSeconds(), TimeUnit.SECONDS)); // the writer holds one, the queue is empty
        for (int i = 0; i < 4 + 3; i++) {
            writer.offer(new Recorded(event)); // returns at once even though the sink is stuck
        }
        assertEquals(3, writer.dropped());
        sink.release.countDown();
        writer.close(WAIT); // drains what was queued
        assertEquals(5, sink.written.size());
        writer.offer(new Recorded(event));
        assertEquals(4, writer.dropped(), "events after close are counted, not written");
    }

    @Test
    void closeWritesEverythingQueued() {
        List<String> written = Collections.synchronizedList(new ArrayList<>());
        Sink sink = new Sink() {
            @Override
            public void write(String line) {
                written.add(line);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        DecisionLog log = log(Pii.MASKED, sink);
        for (int i = 0; i < 500; i++) {
            recordSignUp(log, "c" + i);
        }
        log.close();
        assertEquals(500, written.size());
        assertEquals(0, log.droppedEvents());
    }
}
