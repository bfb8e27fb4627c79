package io.interlock.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.interlock.json.StrictJson;
import io.interlock.service.DecisionService;
import io.interlock.service.EvaluationPool;
import io.interlock.signature.ReplayGuard;
import io.interlock.signature.StoredResponse;
import io.interlock.trigger.PayloadCheck;
import io.interlock.trigger.Trigger;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The interceptor URL. Order matters: the signature is checked over the raw bytes before
 * anything is parsed; a replayed message id gets the stored answer of its first delivery;
 * only then is the body parsed, checked and evaluated on the bounded pool.
 */
@Controller("/v1/intercept")
final class InterceptController {

    static final String DECISION_HEADER = "Interlock-Decision-Id";

    private final RequestAuthenticator authenticator;
    private final ReplayGuard<StoredResponse> replays;
    private final DecisionService decisions;
    private final EvaluationPool pool;
    private final DecisionRecorders recorder;
    private final ShadowRuns shadows;
    private final int maxBodyBytes;

    InterceptController(RequestAuthenticator authenticator, ReplayGuard<StoredResponse> replays,
            DecisionService decisions, EvaluationPool pool, DecisionRecorders recorder, ShadowRuns shadows,
            io.interlock.config.InterlockConfig config) {
        this.shadows = shadows;
        this.maxBodyBytes = config.maxBodyBytes();
        this.authenticator = authenticator;
        this.replays = replays;
        this.decisions = decisions;
        this.pool = pool;
        this.recorder = recorder;
    }

    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    CompletableFuture<MutableHttpResponse<byte[]>> intercept(HttpRequest<?> request, @Nullable @Body byte[] body) {
        return handle(request, body, null);
    }

    @Post(value = "/{trigger}", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    CompletableFuture<MutableHttpResponse<byte[]>> interceptTrigger(HttpRequest<?> request, @PathVariable String trigger,
            @Nullable @Body byte[] body) {
        return handle(request, body, trigger);
    }

    private CompletableFuture<MutableHttpResponse<byte[]>> handle(HttpRequest<?> request, byte[] body, String pathTrigger) {
        byte[] raw = body == null ? new byte[0] : body;
        if (raw.length > maxBodyBytes || request.getContentLength() > maxBodyBytes) {
            return CompletableFuture.completedFuture(toHttp(new StoredResponse(413, ApiError.body("payload_too_large",
                    "request body is larger than " + maxBodyBytes / 1024 + " KiB (INTERLOCK_MAX_BODY_KB)").toString()
                    .getBytes(StandardCharsets.UTF_8), Map.of())));
        }
        RequestAuthenticator.Outcome auth = authenticator.authenticate(request, raw);
        if (auth.rejection() != null) {
            return CompletableFuture.completedFuture(toHttp(auth.rejection()));
        }
        if (auth.messageId() == null) {
            return process(request, raw, pathTrigger).thenApply(InterceptController::toHttp);
        }
        return replays.once(auth.messageId(), ReplayGuard.sha256(raw), () -> process(request, raw, pathTrigger))
                .thenApply(this::answer);
    }

    /** A malformed call from an authenticated caller: 400, and logged with its decision id. */
    private CompletableFuture<StoredResponse> refuse(String id, Trigger trigger, JsonNode payload, String reason, String ip) {
        recorder.record(DecisionRecorder.Call.refused(id, trigger, payload, reason, ip));
        return done(error(id, 400, "bad_request", reason));
    }

    private MutableHttpResponse<byte[]> answer(ReplayGuard.Outcome<StoredResponse> outcome) {
        if (outcome instanceof ReplayGuard.Evaluated<StoredResponse> evaluated) {
            return toHttp(evaluated.value());
        }
        if (outcome instanceof ReplayGuard.Replayed<StoredResponse> replayed) {
            return toHttp(replayed.value());
        }
        return toHttp(authenticator.refusedReplay(((ReplayGuard.Refused<StoredResponse>) outcome).detail()));
    }

    private CompletableFuture<StoredResponse> process(HttpRequest<?> request, byte[] raw, String pathTrigger) {
        String id = DecisionIds.next();
        String ip = HttpCalls.callerIp(request);
        StrictJson.Parsed parsed = StrictJson.parse(raw);
        if (parsed.error().isPresent()) {
            return refuse(id, null, null, parsed.error().get(), ip);
        }
        JsonNode payload = parsed.node().orElseThrow();
        PayloadCheck.Result<Trigger> trigger = PayloadCheck.trigger(payload);
        if (trigger.error().isPresent()) {
            return refuse(id, null, payload, trigger.error().get(), ip);
        }
        Trigger t = trigger.value().orElseThrow();
        if (pathTrigger != null && !pathTrigger.equals(t.wireName()) && !pathTrigger.equals(t.folder())) {
            return refuse(id, t, payload, "trigger_point: " + t.wireName()
                    + " does not match the URL's trigger '" + pathTrigger + "'", ip);
        }
        List<String> problems = PayloadCheck.problems(t, payload);
        if (!problems.isEmpty()) {
            return refuse(id, t, payload, String.join("; ", problems), ip);
        }
        // The body was parsed strictly (one value, no duplicate keys), so its text is that payload.
        String payloadJson = new String(raw, StandardCharsets.UTF_8);
        return decisions.submit(pool, t, payload, payloadJson)
                .thenApply(decided -> {
                    StoredResponse response = WireAnswer.of(id, decided);
                    // the shadow chain, if any, runs on its own pool: this answer does not wait for it
                    shadows.recordAfter(new DecisionRecorder.Call(id, "intercept", t, payload, decided, response.status(), ip),
                            payloadJson, recorder);
                    return response;
                })
                .exceptionally(failure -> {
                    HttpCalls.requireOverloaded(failure);
                    recorder.record(new DecisionRecorder.Call(id, "intercept", t, payload, null, 503, ip));
                    return error(id, 503, "overloaded", HttpCalls.OVERLOADED_MESSAGE);
                });
    }

    static StoredResponse error(String id, int status, String code, String message) {
        return new StoredResponse(status, ApiError.body(code, message).toString().getBytes(StandardCharsets.UTF_8),
                Map.of(DECISION_HEADER, id));
    }

    private static CompletableFuture<StoredResponse> done(StoredResponse response) {
        return CompletableFuture.completedFuture(response);
    }

    static MutableHttpResponse<byte[]> toHttp(StoredResponse stored) {
        MutableHttpResponse<byte[]> response = HttpResponse.<byte[]>status(HttpStatus.valueOf(stored.status()))
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(stored.body());
        stored.headers().forEach(response::header);
        return response;
    }
}
