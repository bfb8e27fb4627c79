package io.interlock.engine;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interlock.fetch.FetchCall;
import io.interlock.fetch.FetchError;
import io.interlock.fetch.FetchRequest;
import io.interlock.fetch.FetchResult;
import io.interlock.fetch.FetchSettings;
import io.interlock.fetch.HttpHeader;
import io.interlock.fetch.Outbound;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One evaluation's {@code fetch()} calls: the cap on their number, the evaluation's deadline
 * (a call gets at most the time left; one the deadline cuts short ends the evaluation as
 * {@code policy_timeout}, not as an error the policy could catch and carry on from), where they go
 * ({@link Outbound}) and the record of each for the trace and the decision log. Created for one
 * evaluation and dropped with it.
 */
final class FetchSession {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FetchSession.class);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Pattern CHARSET = Pattern.compile("(?i);\\s*charset=\"?([^\";\\s]+)");

    private final Outbound outbound;
    private final FetchSettings settings;
    private final Ticker ticker;
    private final long deadlineNanos;
    private final Runnable onDeadline;
    private final List<FetchCall> calls = new ArrayList<>();
    private int made;

    FetchSession(Outbound outbound, FetchSettings settings, Ticker ticker, long deadlineNanos, Runnable onDeadline) {
        this.outbound = outbound;
        this.settings = settings;
        this.ticker = ticker;
        this.deadlineNanos = deadlineNanos;
        this.onDeadline = onDeadline;
    }

    String call(String requestJson) {
        long start = ticker.read();
        FetchRequest.Parsed parsed = FetchRequest.parse(requestJson, settings.maxBytes());
        String method = parsed.method();
        String host = parsed.host() == null ? "(no host)" : parsed.host();
        // Calls past the cap are refused; only the first refusal is recorded, so a loop of them
        // cannot grow the trace.
        boolean recorded = made <= settings.maxCalls();
        FetchResult result;
        try {
            result = perform(parsed);
        } catch (RuntimeException e) {
            // Not the host: an Action may build it from a secret, and this line is not redacted.
            LOG.error("a fetch {} failed inside Interlock", method, e);
            result = FetchResult.failed(FetchError.CONNECT, "fetch " + method + " " + host + ": failed inside Interlock");
        }
        double millis = (ticker.read() - start) / 1_000_000.0;
        if (result instanceof FetchResult.Failed failed) {
            if (failed.error() == FetchError.DEADLINE) {
                onDeadline.run();
            }
            if (recorded) {
                calls.add(new FetchCall(method, host, failed.allowedBy(), null, failed.error().code(), failed.message(), millis,
                        answeredFailure(parsed, failed)));
            }
            return JSON.objectNode().put("error", failed.message()).toString();
        }
        FetchResult.Response response = (FetchResult.Response) result;
        String body = new String(response.body(), charset(contentType(response)));
        calls.add(new FetchCall(method, host, response.allowedBy(), response.status(), null, null, millis,
                FetchCall.Exchange.of(parsed.request(), response, body)));
        return guestResponse(response, body);
    }

    /**
     * A failure the far side or the network gave (kept for replay, which answers the call the same
     * way); none for what the session itself refused, which a replay reproduces on its own.
     */
    private static FetchCall.Exchange answeredFailure(FetchRequest.Parsed parsed, FetchResult.Failed failed) {
        boolean own = failed.error() == FetchError.TOO_MANY_CALLS || failed.error() == FetchError.BAD_REQUEST
                || failed.error() == FetchError.DEADLINE;
        return own || parsed.request() == null ? null : FetchCall.Exchange.failed(parsed.request(), failed.message());
    }

    private FetchResult perform(FetchRequest.Parsed parsed) {
        if (made >= settings.maxCalls()) {
            made++;
            return FetchResult.failed(FetchError.TOO_MANY_CALLS, "fetch " + parsed.method() + " " + parsed.host()
                    + ": at most " + settings.maxCalls() + " calls per evaluation (INTERLOCK_FETCH_MAX_CALLS)");
        }
        made++;
        if (parsed.problem() != null) {
            return FetchResult.failed(FetchError.BAD_REQUEST, parsed.problem());
        }
        long remaining = deadlineNanos - ticker.read();
        if (remaining <= 0) {
            return FetchResult.failed(FetchError.DEADLINE, "fetch " + parsed.method() + " " + parsed.host()
                    + ": the evaluation's time limit has passed");
        }
        long perCall = settings.timeout().toNanos();
        Outbound.Budget budget = remaining < perCall
                ? new Outbound.Budget(Duration.ofNanos(remaining), true)
                : new Outbound.Budget(settings.timeout(), false);
        return outbound.send(parsed.request(), budget);
    }

    /** The calls made since the last drain: the running policy's. */
    List<FetchCall> drain() {
        if (calls.isEmpty()) {
            return List.of();
        }
        List<FetchCall> taken = List.copyOf(calls);
        calls.clear();
        return taken;
    }

    private static String guestResponse(FetchResult.Response response, String body) {
        ObjectNode node = JSON.objectNode();
        node.put("status", response.status());
        node.put("statusText", response.statusText());
        node.put("url", response.url().toString());
        node.put("redirected", response.redirected());
        ArrayNode headers = node.putArray("headers");
        for (HttpHeader h : response.headers()) {
            headers.addArray().add(h.name()).add(h.value());
        }
        node.put("body", body);
        return node.toString();
    }

    private static String contentType(FetchResult.Response response) {
        String contentType = null;
        for (HttpHeader h : response.headers()) {
            if (h.name().equals("content-type")) {
                contentType = h.value();
            }
        }
        return contentType;
    }

    /** The body's charset when the response names one this JVM knows, else UTF-8 (what JSON APIs send). */
    private static Charset charset(String contentType) {
        if (contentType != null) {
            Matcher m = CHARSET.matcher(contentType);
            if (m.find()) {
                try {
                    return Charset.forName(m.group(1).toLowerCase(Locale.ROOT));
                } catch (IllegalArgumentException unknown) {
                    return StandardCharsets.UTF_8;
                }
            }
        }
        return StandardCharsets.UTF_8;
    }
}
