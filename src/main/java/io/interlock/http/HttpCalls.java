package io.interlock.http;

import io.interlock.service.Overloaded;
import io.micronaut.http.HttpRequest;
import java.util.concurrent.CompletionException;

/** What the interceptor URL and the dry run both need to know about a call. */
final class HttpCalls {

    static final String OVERLOADED_MESSAGE = "all evaluation workers are busy; retry later";

    private HttpCalls() {}

    /** The caller's address as text, or null when the transport did not say. */
    static String callerIp(HttpRequest<?> request) {
        return request.getRemoteAddress() == null ? null : request.getRemoteAddress().getAddress().getHostAddress();
    }

    /**
     * Returns when a failed evaluation future failed because the pool refused the work (the
     * caller answers 503); any other failure is rethrown, for the error processor to answer.
     */
    static void requireOverloaded(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (!(cause instanceof Overloaded)) {
            throw new CompletionException(cause);
        }
    }
}
