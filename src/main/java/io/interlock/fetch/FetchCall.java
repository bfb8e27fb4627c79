package io.interlock.fetch;

/**
 * One {@code fetch()} call as the trace, the decision log and the metrics see it: method, host,
 * the HTTP status or the error code, and how long it took. Never the path, query, headers or
 * bodies, which may carry personal data or credentials. {@code allowedBy} is the
 * INTERLOCK_FETCH_ALLOW entry that let the call out (the bounded host label of the metrics), or
 * null when none did. {@code message} is what the policy was told when the call failed.
 *
 * <p>{@code exchange} is what the policy got, URL and body included: it is never shown in a
 * trace or written to the log. Only the decision log's replay record reads it, masked and
 * bounded, when payloads are kept (INTERLOCK_LOG_PAYLOADS=true), so a replay can answer the call
 * as it was answered. Null when not captured.
 */
public record FetchCall(String method, String host, String allowedBy, Integer status, String error, String message,
        double durationMs, Exchange exchange) {

    /** A body kept for replay is cut here: a replay that reads a cut body is marked uncertain. */
    public static final int MAX_EXCHANGE_BODY_CHARS = 8 * 1024;

    public FetchCall(String method, String host, String allowedBy, Integer status, String error, String message,
            double durationMs) {
        this(method, host, allowedBy, status, error, message, durationMs, null);
    }

    /**
     * The call's URL and what came back, as the policy saw it: a response ({@code error} null) or
     * the message of a failed call. {@code cut}: the body was longer than {@link #MAX_EXCHANGE_BODY_CHARS}.
     */
    public record Exchange(String url, int status, String statusText, String contentType, String body, boolean cut,
            String error) {

        public static Exchange of(FetchRequest request, FetchResult.Response response, String body) {
            String type = response.headers().stream().filter(h -> h.name().equals("content-type")).map(HttpHeader::value)
                    .findFirst().orElse(null);
            boolean cut = body.length() > MAX_EXCHANGE_BODY_CHARS;
            return new Exchange(request.url().toString(), response.status(), response.statusText(), type,
                    cut ? body.substring(0, MAX_EXCHANGE_BODY_CHARS) : body, cut, null);
        }

        public static Exchange failed(FetchRequest request, String message) {
            return new Exchange(request.url().toString(), 0, "", null, "", false, message);
        }
    }

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
