package io.interlock.config;

/**
 * The pool that runs shadow chains ({@code <trigger>/shadow/}), apart from the interceptor's
 * workers: a shadow run never takes a live call's worker, and when these threads and their queue
 * are taken, the shadow run is skipped (and counted), never waited for.
 */
public record ShadowSettings(int workers, int queue) {

    /** The default when nothing is set: half the cores (at least one), and a queue of 64. */
    public static ShadowSettings defaults(int cores) {
        return new ShadowSettings(Math.max(1, cores / 2), 64);
    }
}
