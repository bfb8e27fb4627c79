package io.interlock.fetch;

import java.net.URI;
import java.util.List;

/**
 * What became of a call: a response, or a failure with its code and the message the policy
 * gets. {@code allowedBy}: the INTERLOCK_FETCH_ALLOW entry the first hop went out under, or null.
 */
public sealed interface FetchResult {

    String allowedBy();

    record Response(int status, String statusText, List<HttpHeader> headers, byte[] body, URI url, boolean redirected,
            String allowedBy) implements FetchResult {}

    record Failed(FetchError error, String message, String allowedBy) implements FetchResult {}

    static Failed failed(FetchError error, String message) {
        return new Failed(error, message, null);
    }
}
