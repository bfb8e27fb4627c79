package io.interlock.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interlock.json.StrictJson;
import io.interlock.policy.PolicyRepository;
import io.interlock.service.Decided;
import io.interlock.service.DecisionService;
import io.interlock.service.DryRunPool;
import io.interlock.service.EvaluationPool;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import java.util.concurrent.CompletableFuture;

/**
 * The dry run for the playground and tools: evaluates a payload against given policy sources
 * (or the loaded chain) and returns the wire answer with a trace, without signing. Runs on the
 * dry-run workers ({@link DryRunPool}), never on the interceptor's.
 */
@Controller("/v1/evaluate")
final class EvaluateController {

    private final PolicyRepository policies;
    private final EvaluationPool pool;
    private final DecisionRecorders recorder;
    private final DecisionService decisions;
    private final ShadowRuns shadows;

    static final String OVERLOADED_MESSAGE =
            "all dry-run workers are busy (INTERLOCK_DRY_RUN_WORKERS, INTERLOCK_DRY_RUN_QUEUE); retry later";

    EvaluateController(PolicyRepository policies, DryRunPool dryRuns, DecisionRecorders recorder, DecisionService decisions,
            ShadowRuns shadows) {
        this.decisions = decisions;
        this.shadows = shadows;
        this.policies = policies;
        this.pool = dryRuns.pool();
        this.recorder = recorder;
    }

    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    CompletableFuture<MutableHttpResponse<String>> evaluate(HttpRequest<?> request, @Nullable @Body byte[] body) {
        String id = DecisionIds.next();
        StrictJson.Parsed parsed = StrictJson.parse(body == null ? new byte[0] : body);
        if (parsed.error().isPresent()) {
            return done(ApiError.response(HttpStatus.BAD_REQUEST, "bad_request", parsed.error().get()));
        }
        EvaluateRequest.Parsed evaluate = EvaluateRequest.parse(parsed.node().get());
        if (evaluate.request().isEmpty()) {
            return done(ApiError.response(HttpStatus.BAD_REQUEST, "bad_request", String.join("; ", evaluate.problems())));
        }
        EvaluateRequest call = evaluate.request().get();
        String ip = HttpCalls.callerIp(request);
        CompletableFuture<Decided> answer = call.policies().isPresent()
                ? decisions.submitDraft(pool, call.trigger(), call.payload(), call.policies().get(), policies.data())
                : decisions.submit(pool, call.trigger(), call.payload(), null);
        // the trigger's shadow chain runs after the answer, on the same dry-run workers, and shows beside it
        return answer
                .thenCompose(decided -> shadows.dryRun(pool, call.trigger(), call.payload(), decided).thenApply(shadow -> {
                    int status = decided.answer().isPresent() ? 200 : 503;
                    recorder.record(new DecisionRecorder.Call(id, "evaluate", call.trigger(), call.payload(), decided, status, ip,
                            null, shadow.orElse(null)));
                    ObjectNode rendered = render(id, decided);
                    shadow.ifPresent(s -> rendered.set("shadow", renderShadow(s)));
                    return HttpResponse.ok(rendered.toString()).contentType(MediaType.APPLICATION_JSON_TYPE)
                            .header(InterceptController.DECISION_HEADER, id);
                }))
                .exceptionally(failure -> {
                    HttpCalls.requireOverloaded(failure);
                    return ApiError.response(HttpStatus.SERVICE_UNAVAILABLE, "overloaded", OVERLOADED_MESSAGE);
                });
    }

    private static ObjectNode render(String id, Decided decided) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("decision_id", id);
        answer(root, decided);
        return root;
    }

    /** The shadow chain's answer as the live one is rendered, with whether it agrees and what differs. */
    private static ObjectNode renderShadow(io.interlock.service.ShadowOutcome shadow) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("agrees", shadow.agrees());
        shadow.differs().forEach(node.putArray("differs")::add);
        answer(node, shadow.decided());
        return node;
    }

    private static void answer(ObjectNode root, Decided decided) {
        if (decided.answer().isPresent()) {
            root.set("result", decided.answer().get().toWire());
            root.put("http_status", 200);
        } else {
            root.putNull("result");
            root.put("http_status", 503);
        }
        if (decided.result().failure().isPresent()) {
            root.set("failure", JsonViews.failure(decided.result().failure().get()));
            root.put("on_error", decided.appliedOnError().map(o -> o.wire()).orElse(null));
        } else {
            root.putNull("failure");
        }
        root.set("trace", JsonViews.trace(decided.result()));
        root.put("duration_ms", Math.round(decided.result().durationMs() * 1000) / 1000.0);
    }

    private static CompletableFuture<MutableHttpResponse<String>> done(MutableHttpResponse<String> response) {
        return CompletableFuture.completedFuture(response);
    }
}
