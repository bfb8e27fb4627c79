package io.interlock.log;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interlock.http.ApiError;
import io.interlock.trigger.Trigger;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The decision log's API (behind the admin guard): a filtered, paginated list newest first, and
 * one event by id. The list leaves payloads out to keep pages small; the single event has it.
 * Reads may wait for the database, so they run off the event loop; a database out of reach is
 * a 503 naming it, while the interceptor keeps answering.
 */
@Controller("/v1/decisions")
@ExecuteOn(TaskExecutors.BLOCKING)
final class DecisionsController {

    private final DecisionLog log;

    DecisionsController(DecisionLog log) {
        this.log = log;
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    MutableHttpResponse<String> list(HttpRequest<?> request) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (String name : request.getParameters().names()) {
            parameters.put(name, request.getParameters().getAll(name));
        }
        try {
            return json(log.page(parameters).toString());
        } catch (BadQuery e) {
            return ApiError.response(HttpStatus.BAD_REQUEST, "bad_request", e.getMessage());
        } catch (StoreUnavailable e) {
            return unavailable(e);
        }
    }

    /**
     * Aggregates for the playground's charts, computed by the store: decisions per trigger and time
     * bucket split by ALLOW, DENY and failure, the top DENY messages and failing policies, latency
     * percentiles and shadow agreement. Same filters as the list, plus {@code bucket}.
     */
    @Get(value = "/stats", produces = MediaType.APPLICATION_JSON)
    MutableHttpResponse<String> stats(HttpRequest<?> request) {
        try {
            return json(log.stats(parameters(request)).toString());
        } catch (BadQuery e) {
            return ApiError.response(HttpStatus.BAD_REQUEST, "bad_request", e.getMessage());
        } catch (StoreUnavailable e) {
            return unavailable(e);
        }
    }

    private static Map<String, List<String>> parameters(HttpRequest<?> request) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (String name : request.getParameters().names()) {
            parameters.put(name, request.getParameters().getAll(name));
        }
        return parameters;
    }

    /**
     * The values the filters accept where they are a closed set, so the playground offers the
     * same list the server checks against rather than a copy of it.
     */
    @Get(value = "/filters", produces = MediaType.APPLICATION_JSON)
    MutableHttpResponse<String> filters() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        FailureCodes.ALL.forEach(root.putArray("failure")::add);
        DecisionQuery.SOURCES.forEach(root.putArray("source")::add);
        DecisionQuery.SHADOW.forEach(root.putArray("shadow")::add);
        root.putArray("decision").add("ALLOW").add("DENY");
        ArrayNode triggers = root.putArray("trigger");
        for (Trigger trigger : Trigger.values()) {
            triggers.add(trigger.wireName());
        }
        return json(root.toString());
    }

    @Get(value = "/{id}", produces = MediaType.APPLICATION_JSON)
    MutableHttpResponse<String> one(@PathVariable String id) {
        try {
            return log.find(id)
                    .map(event -> json(EventJson.full(event).toString()))
                    .orElseGet(() -> ApiError.response(HttpStatus.NOT_FOUND, "not_found",
                            "no decision " + id + " in the store (it keeps " + log.storeKeeps() + ")"));
        } catch (StoreUnavailable e) {
            return unavailable(e);
        }
    }

    private static MutableHttpResponse<String> unavailable(StoreUnavailable e) {
        return ApiError.response(HttpStatus.SERVICE_UNAVAILABLE, "store_unavailable", e.getMessage());
    }

    private static MutableHttpResponse<String> json(String body) {
        return HttpResponse.ok(body).contentType(MediaType.APPLICATION_JSON_TYPE);
    }
}
