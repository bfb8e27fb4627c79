package io.interlock.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real entry point (or bin/interlock) in a JVM of its own, as an operator starts it: its own
 * environment and working directory, its exit code and what it printed. For what only a process
 * shows: a start that is refused, a log line, a working directory without policies.
 */
public final class MainProcess implements AutoCloseable {

    /** Generous: a bound for a process that never ends (a start that should have been refused), not for speed. */
    public static final Duration BOUND = Duration.ofSeconds(120);
    private static final Pattern LISTENING = Pattern.compile("listening on https?://[^ ]+:(\\d+)");

    private final Process process;
    private final Path out;
    private final Path err;

    private MainProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /**
     * {@code java -cp <the test's classpath> io.interlock.Main args…}, in this JVM's environment without
     * its INTERLOCK_ and MICRONAUT_ variables, plus {@code environment}.
     */
    public static MainProcess main(Path workingDirectory, Map<String, String> environment, String... args) {
        // The quick compiler only: these runs last seconds, and C2 would spend more CPU than it saves.
        List<String> command = new ArrayList<>(List.of(java(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), "io.interlock.Main"));
        command.addAll(List.of(args));
        return start(command, workingDirectory, environment);
    }

    /** The repository's {@code bin/interlock} script, run with bash. */
    public static MainProcess script(Path workingDirectory, Map<String, String> environment, String... args) {
        return script(workingDirectory, Path.of("bin", "interlock").toAbsolutePath(), environment, args);
    }

    /** A copy of the {@code bin/interlock} script (it runs the jar of the tree it sits in). */
    public static MainProcess script(Path workingDirectory, Path script, Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        return start(command, workingDirectory, environment);
    }

    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java" + (File.separatorChar == '\\' ? ".exe" : "")).toString();
    }

    private static MainProcess start(List<String> command, Path workingDirectory, Map<String, String> environment) {
        try {
            Path out = Files.createTempFile("interlock-main", ".out");
            Path err = Files.createTempFile("interlock-main", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            // only the test's settings: none the developer's shell may hold
            builder.environment().keySet().removeIf(k -> k.startsWith("INTERLOCK_") || k.startsWith("MICRONAUT_"));
            builder.environment().putAll(environment);
            return new MainProcess(builder.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The exit code, or empty when the process still runs after {@link #BOUND}. */
    public Optional<Integer> exit() {
        try {
            return process.waitFor(BOUND.toMillis(), TimeUnit.MILLISECONDS) ? Optional.of(process.exitValue()) : Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The port of a server that started: waits for the start log's "listening on" line (or the process's end). */
    public Optional<Integer> port() {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (System.nanoTime() - deadline < 0) {
            Matcher listening = LISTENING.matcher(out());
            if (listening.find()) {
                return Optional.of(Integer.parseInt(listening.group(1)));
            }
            if (!process.isAlive()) {
                return Optional.empty();
            }
            sleepBriefly();
        }
        return Optional.empty();
    }

    public String out() {
        return read(out);
    }

    public String err() {
        return read(err);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polling a file the process writes: there is nothing to wait on but its growth. */
    private static void sleepBriefly() {
        java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(BOUND.toMillis(), TimeUnit.MILLISECONDS);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
