package io.interlock;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.EmbeddedApplication;
import io.micronaut.http.server.HttpServerConfiguration;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the service. Started by hand rather than through {@code Micronaut.run} so that a start
 * that fails prints one line naming what to fix (not a container stack trace), and so that
 * SIGTERM closes the context, which drains in-flight calls before the server stops.
 * Arguments ({@code test}, {@code replay}, {@code version}, {@code help}, or a mistake) are handled by {@link Cli}
 * before any of that: only {@code interlock} with no argument serves.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        if (args.length > 0) {
            // Any argument is a command (`test`, `version`, `help`) or a mistake: a typo must be a
            // usage error, never a server started on every interface. Exits without building
            // Micronaut or binding a port. (The server is configured by environment, not arguments.)
            System.exit(Cli.run(args, utf8(System.out), utf8(System.err)));
            return;
        }
        ApplicationContext context;
        try {
            context = Micronaut.build(new String[0]).mainClass(Main.class).banner(false).build().start();
            EmbeddedApplication<?> server = context.getBean(EmbeddedApplication.class);
            server.start();
            if (server instanceof EmbeddedServer http) {
                org.slf4j.LoggerFactory.getLogger("interlock").info(
                        "listening on {}: interceptor URL /v1/intercept, playground /, health /health, metrics /metrics",
                        listenAddress(http));
            }
        } catch (RuntimeException | Error e) {
            StartFailures.lines(e).forEach(line -> System.err.println("interlock: not started: " + line));
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

    /**
     * The address the socket is bound to, which is not what {@code getURL()} says ("localhost"
     * whatever the binding): with no MICRONAUT_SERVER_HOST Netty binds every interface, and the
     * operator must see that, with what to set to narrow it.
     */
    static String listenAddress(EmbeddedServer server) {
        Optional<String> host = server.getApplicationContext().getBean(HttpServerConfiguration.class).getHost()
                .filter(h -> !h.isBlank());
        if (host.isEmpty()) {
            return server.getScheme() + "://0.0.0.0:" + server.getPort()
                    + " (every interface; MICRONAUT_SERVER_HOST=127.0.0.1 listens on this machine only)";
        }
        String name = host.get().strip();
        return server.getScheme() + "://" + (name.contains(":") && !name.startsWith("[") ? "[" + name + "]" : name)
                + ":" + server.getPort();
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
