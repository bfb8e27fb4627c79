package io.interlock;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.EmbeddedApplication;
import io.micronaut.runtime.Micronaut;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the service. Started by hand rather than through {@code Micronaut.run} so that a start
 * that fails prints one line naming what to fix (not a container stack trace), and so that
 * SIGTERM closes the context, which drains in-flight calls before the server stops.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        ApplicationContext context;
        try {
            context = Micronaut.build(args).mainClass(Main.class).banner(false).build().start();
            context.getBean(EmbeddedApplication.class).start();
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
