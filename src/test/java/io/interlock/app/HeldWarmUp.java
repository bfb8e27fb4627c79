package io.interlock.app;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Holds the start-up warm-up until the test releases it, so that what the service does while it
 * warms up (readiness, liveness, calls) is checked in that state, not at a moment that may pass.
 * Only in servers started with {@code interlock.test.hold-warm-up=true}.
 */
@Singleton
@Named(StartWarmUp.EXECUTOR)
@Requires(property = "interlock.test.hold-warm-up", value = "true")
final class HeldWarmUp implements Executor {

    private final List<Runnable> held = new ArrayList<>();

    @Override
    public synchronized void execute(Runnable task) {
        held.add(task);
    }

    synchronized int held() {
        return held.size();
    }

    /** Runs what is held, on a thread of its own, as the service would have. */
    synchronized void release() {
        held.forEach(task -> {
            Thread thread = new Thread(task, "held-warm-up");
            thread.setDaemon(true);
            thread.start();
        });
        held.clear();
    }
}
