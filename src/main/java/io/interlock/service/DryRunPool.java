package io.interlock.service;

/**
 * The workers of {@code POST /v1/evaluate}, apart from the interceptor's: a playground user (or a
 * script) running slow drafts fills these few workers and its small queue and gets 503s, while
 * {@code /v1/intercept} keeps every one of its own. A type of its own, not a named bean, so that
 * nothing injects the wrong pool by accident.
 */
public final class DryRunPool implements AutoCloseable {

    private final EvaluationPool pool;

    public DryRunPool(int workers, int queue) {
        this.pool = new EvaluationPool("interlock-dry-run-", workers, queue);
    }

    public EvaluationPool pool() {
        return pool;
    }

    @Override
    public void close() {
        pool.close();
    }
}
