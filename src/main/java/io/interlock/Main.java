package io.interlock;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.EmbeddedApplication;
import io.micronaut.runtime.Micronaut;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the service. Started by hand rather than through {@code Micronaut.run} so that a start
 * that fails prints one line naming what to fix (not a container stack trace), and so that
 * SIGTERM closes the context, which drains in-flight calls before the server stops.
 * Commands ({@code test}, {@code help}) are handled by {@link Cli} before any of that.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        if (Cli.handles(args)) {
            // A command such as `test` runs and exits without building Micronaut or binding a port.
            System.exit(Cli.run(args, utf8(System.out), utf8(System.err)));
            return;
        }
        ApplicationContext context;
        try {
            context = Micronaut.build(args).mainClass(Main.class).banner(false).build().start();
            EmbeddedApplication<?> server = context.getBean(EmbeddedApplication.class);
            server.start();
            if (server instanceof io.micronaut.runtime.server.EmbeddedServer http) {
                org.slf4j.LoggerFactory.getLogger("interlock").info(
                        "listening on {}: interceptor URL /v1/intercept, playground /, health /health, metrics /metrics",
                        http.getURL());
            }
        } catch (RuntimeException | Error e) {
            System.err.println("interlock: not started: " + reason(e));
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            context.close();
            stopped.countDown();
        }, "interlock-shutdown"));
        awaitQuietly(stopped);
    }

    /** Case names and file paths may be any Unicode; write them as UTF-8 whatever the platform default. */
    private static PrintWriter utf8(PrintStream stream) {
        return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
    }

    /** The message of our own exception in the cause chain, else of the innermost cause. */
    static String reason(Throwable failure) {
        Throwable innermost = failure;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getClass().getName().startsWith("io.interlock.")) {
                return t.getMessage();
            }
            innermost = t;
        }
        return innermost.getClass().getSimpleName() + ": " + innermost.getMessage();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
