package io.interlock.fetch;

import java.time.Duration;

/**
 * Where a policy's {@code fetch()} calls go: the network ({@link NetworkOutbound}), a test case's
 * declared answers ({@link DeclaredAnswers}), or nowhere ({@link #offline}). The request has been
 * checked already ({@link FetchRequest#parse}); the evaluation's call cap and deadline are the
 * caller's.
 */
public interface Outbound {

    /**
     * Performs {@code request} within {@code budget}; returns by then whatever happens.
     */
    FetchResult send(FetchRequest request, Budget budget);

    /**
     * How long a call may take, and whether that is the evaluation's remaining time (which ends
     * the evaluation when spent) rather than INTERLOCK_FETCH_TIMEOUT_MS.
     */
    record Budget(Duration timeout, boolean evaluationDeadline) {}

    /** Sends nothing: every call fails with {@code no_network} and {@code why}. */
    static Outbound offline(String why) {
        return (request, budget) -> FetchResult.failed(FetchError.NO_NETWORK, "fetch " + request.method() + " "
                + request.host() + ": " + why);
    }
}
