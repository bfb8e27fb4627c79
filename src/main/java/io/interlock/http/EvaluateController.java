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

    static final String OVERLOADED_MESSAGE =
            "all dry-run workers are busy (INTERLOCK_DRY_RUN_WORKERS, INTERLOCK_DRY_RUN_QUEUE); retry later";

    EvaluateController(PolicyRepository policies, DryRunPool dryRuns, DecisionRecorders recorder, DecisionService decisions) {
        this.decisions = decisions;
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
        return answer
                .thenApply(decided -> {
                    int status = decided.answer().isPresent() ? 200 : 503;
                    recorder.record(new DecisionRecorder.Call(id, "evaluate", call.trigger(), call.payload(), decided, status, ip));
                    return HttpResponse.ok(render(id, decided).toString()).contentType(MediaType.APPLICATION_JSON_TYPE)
                            .header(InterceptController.DECISION_HEADER, id);
                })
                .exceptionally(failure -> {
                    HttpCalls.requireOverloaded(failure);
                    return ApiError.response(HttpStatus.SERVICE_UNAVAILABLE, "overloaded", OVERLOADED_MESSAGE);
                });
    }

    private static ObjectNode render(String id, Decided decided) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("decision_id", id);
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
        return root;
    }

    private static CompletableFuture<MutableHttpResponse<String>> done(MutableHttpResponse<String> response) {
        return CompletableFuture.completedFuture(response);
    }
}
