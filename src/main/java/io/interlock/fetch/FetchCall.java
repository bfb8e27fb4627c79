package io.interlock.fetch;

/**
 * One {@code fetch()} call as the trace, the decision log and the metrics see it: method, host,
 * the HTTP status or the error code, and how long it took. Never the path, query, headers or
 * bodies, which may carry personal data or credentials. {@code allowedBy} is the
 * INTERLOCK_FETCH_ALLOW entry that let the call out (the bounded host label of the metrics), or
 * null when none did. {@code message} is what the policy was told when the call failed.
 */
public record FetchCall(String method, String host, String allowedBy, Integer status, String error, String message,
        double durationMs) {

    public boolean failed() {
        return error != null;
    }

    /** The metrics outcome: {@code 2xx}…{@code 5xx} for an answer, the error code otherwise. */
    public String outcome() {
        return status != null ? (status / 100) + "xx" : error;
    }

    /** {@code GET api.example.com 200 12.5 ms} or {@code GET evil.example not_allowed 0.1 ms}. */
    public String summary() {
        return method + " " + host + " " + (status != null ? status.toString() : error) + " "
                + Math.round(durationMs * 10) / 10.0 + " ms";
    }
}
