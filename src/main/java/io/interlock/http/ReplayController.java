package io.interlock.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interlock.config.InterlockConfig;
import io.interlock.engine.PolicyEngine;
import io.interlock.engine.PreparedChain;
import io.interlock.fetch.DeclaredAnswers;
import io.interlock.json.StrictJson;
import io.interlock.log.DecisionLog;
import io.interlock.log.StoreUnavailable;
import io.interlock.log.StoredDecisions;
import io.interlock.policy.PolicyRepository;
import io.interlock.replay.ReplayReport;
import io.interlock.replay.Replayer;
import io.interlock.service.DryRunPool;
import io.interlock.service.EvaluationPool;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Replay for the playground: the last N real calls of a trigger that kept their payload, run
 * against a draft (or the loaded chain), with the summary {@code interlock replay --json} prints
 * and each changed call beside its original. Under {@code /v1/evaluate}, so behind the same admin
 * guard as dry runs, and run on the same bounded dry-run workers (one worker per replay; a full
 * pool answers 503). Nothing it runs is recorded as a decision.
 */
@Controller("/v1/evaluate/replay")
final class ReplayController {

    private final PolicyEngine engine;
    private final PolicyRepository policies;
    private final EvaluationPool pool;
    private final DecisionLog log;
    private final InterlockConfig config;

    ReplayController(PolicyEngine engine, PolicyRepository policies, DryRunPool dryRuns, DecisionLog log, InterlockConfig config) {
        this.engine = engine;
        this.policies = policies;
        this.pool = dryRuns.pool();
        this.log = log;
        this.config = config;
    }

    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    CompletableFuture<MutableHttpResponse<String>> replay(@Nullable @Body byte[] body) {
        StrictJson.Parsed parsed = StrictJson.parse(body == null ? new byte[0] : body);
        if (parsed.error().isPresent()) {
            return done(ApiError.response(HttpStatus.BAD_REQUEST, "bad_request", parsed.error().get()));
        }
        ReplayRequest.Parsed request = ReplayRequest.parse(parsed.node().get());
        if (request.request().isEmpty()) {
            return done(ApiError.response(HttpStatus.BAD_REQUEST, "bad_request", String.join("; ", request.problems())));
        }
        ReplayRequest call = request.request().get();
        return pool.submit(() -> run(call))
                .exceptionally(failure -> {
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                    if (cause instanceof StoreUnavailable unavailable) {
                        return ApiError.response(HttpStatus.SERVICE_UNAVAILABLE, "store_unavailable", unavailable.getMessage());
                    }
                    HttpCalls.requireOverloaded(failure);
                    return ApiError.response(HttpStatus.SERVICE_UNAVAILABLE, "overloaded", EvaluateController.OVERLOADED_MESSAGE);
                });
    }

    private MutableHttpResponse<String> run(ReplayRequest call) {
        StoredDecisions.Batch batch = log.stored().read(new StoredDecisions.Filter(Optional.of(call.trigger()), Optional.empty(),
                Optional.empty(), call.limit()));
        Optional<Chain> chain = chain(call);
        if (chain.isEmpty()) {
            return ApiError.response(HttpStatus.CONFLICT, "no_policy", "no loaded chain for " + call.trigger().wireName()
                    + ": give the draft's policies");
        }
        try {
            if (!chain.get().replay().prepared().loaded()) {
                return ApiError.response(HttpStatus.BAD_REQUEST, "load_error", "the draft did not load: "
                        + chain.get().replay().prepared().loadErrors().get(0).located());
            }
            Replayer replayer = new Replayer(engine, new DeclaredAnswers(List.of()));
            List<Replayer.Outcome> outcomes = new ArrayList<>();
            batch.decisions().forEach(stored -> outcomes.add(replayer.replay(stored, chain.get().replay())));
            ReplayReport report = new ReplayReport(outcomes, batch.withoutPayload(), 0, 3);
            ObjectNode json = report.json();
            json.put("trigger", call.trigger().wireName());
            json.put("payloads_kept", config.log().payloads());
            json.set("changes", report.changes(call.limit()));
            return HttpResponse.ok(json.toString()).contentType(MediaType.APPLICATION_JSON_TYPE);
        } finally {
            chain.get().close();
        }
    }

    /** The draft, prepared for this replay (and closed after it), or the loaded chain (left as it is). */
    private record Chain(Replayer.Chain replay, boolean owned) {
        void close() {
            if (owned) {
                replay.prepared().close();
            }
        }
    }

    private Optional<Chain> chain(ReplayRequest call) {
        if (call.policies().isPresent()) {
            PreparedChain prepared = engine.prepare(call.trigger(), call.policies().get(), policies.data());
            List<Replayer.Policy> named = call.policies().get().stream().map(p -> new Replayer.Policy(p.name(), Replayer.hash(p))).toList();
            return Optional.of(new Chain(new Replayer.Chain(prepared, named, config.onErrorFor(call.trigger())), true));
        }
        return policies.chain(call.trigger()).map(active -> new Chain(new Replayer.Chain(active.chain(),
                active.files().stream().map(f -> new Replayer.Policy(f.name(), f.hash())).toList(),
                config.onErrorFor(call.trigger())), false));
    }

    private static CompletableFuture<MutableHttpResponse<String>> done(MutableHttpResponse<String> response) {
        return CompletableFuture.completedFuture(response);
    }
}
