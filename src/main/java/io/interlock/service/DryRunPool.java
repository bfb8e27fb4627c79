package io.interlock.service;

import io.interlock.config.StallSettings;
import io.interlock.engine.Ticker;

/**
 * The workers of {@code POST /v1/evaluate}, apart from the interceptor's: a playground user (or a
 * script) running slow drafts fills these few workers and its small queue and gets 503s, while
 * {@code /v1/intercept} keeps every one of its own. A type of its own, not a named bean, so that
 * nothing injects the wrong pool by accident.
 */
public final class DryRunPool implements AutoCloseable {

    private final EvaluationPool pool;

    /**
     * With its own guard: a draft stalling in the playground is quarantined here and never makes
     * the interceptor refuse a call.
     */
    public DryRunPool(int workers, int queue, StallSettings stalls, Ticker ticker) {
        this.pool = new EvaluationPool("interlock-dry-run-", workers, queue, new StallGuard(stalls, ticker), ticker, true);
    }

    public EvaluationPool pool() {
        return pool;
    }

    @Override
    public void close() {
        pool.close();
    }
}
