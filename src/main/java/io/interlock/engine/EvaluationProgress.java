package io.interlock.engine;

/**
 * How far one evaluation has got, for another thread that must answer its caller on time (the
 * evaluation pool): the time before its policies start (compiling a draft, preparing a context)
 * is not theirs and does not count against their limit; once they run, their limit counts from
 * {@link Snapshot#startedNanos}; and a thread the watchdog stopped that has not come back is
 * stuck in a built-in operation that cannot be interrupted, the only case to blame one for.
 * Written by the evaluating thread and the watchdog, read by anyone.
 */
public final class EvaluationProgress {

    public enum Phase {
        /** The policies have not started: the chain is being compiled or a context prepared. */
        PREPARING,
        /** The policies run, under their limits, since {@link Snapshot#startedNanos}. */
        RUNNING,
        /** The watchdog stopped the evaluation at a limit and its thread has not come back yet. */
        STOPPED,
        /** The engine is done with it (the host may still be finishing the answer). */
        DONE
    }

    /**
     * {@code startedNanos} on the engine's ticker (0 while preparing); {@code policy} the file
     * running (null before the first); {@code stoppedAs} the limit the watchdog stopped it at
     * ({@link FailureCode#POLICY_TIMEOUT} or {@link FailureCode#POLICY_MEMORY}), null unless stopped.
     */
    public record Snapshot(Phase phase, long startedNanos, String policy, FailureCode stoppedAs) {}

    private volatile Watchdog.Watch watch;
    private volatile String policy;
    private volatile boolean done;
    private final java.util.function.Supplier<Snapshot> source;

    public EvaluationProgress() {
        this.source = null;
    }

    private EvaluationProgress(java.util.function.Supplier<Snapshot> source) {
        this.source = source;
    }

    /** A progress read from elsewhere than the engine: for the tests of those who read one. */
    public static EvaluationProgress reading(java.util.function.Supplier<Snapshot> source) {
        return new EvaluationProgress(source);
    }

    public Snapshot snapshot() {
        if (source != null) {
            return source.get();
        }
        Watchdog.Watch w = watch;
        if (done) {
            return new Snapshot(Phase.DONE, w == null ? 0 : w.startedNanos, policy, null);
        }
        if (w == null) {
            return new Snapshot(Phase.PREPARING, 0, null, null);
        }
        Watchdog.Verdict verdict = w.verdict;
        if (verdict == null) {
            return new Snapshot(Phase.RUNNING, w.startedNanos, policy, null);
        }
        return new Snapshot(Phase.STOPPED, w.startedNanos, policy,
                verdict == Watchdog.Verdict.MEMORY ? FailureCode.POLICY_MEMORY : FailureCode.POLICY_TIMEOUT);
    }

    void started(Watchdog.Watch running) {
        this.watch = running;
    }

    void running(String file) {
        this.policy = file;
    }

    void done() {
        this.done = true;
    }
}
