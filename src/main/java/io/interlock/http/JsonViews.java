package io.interlock.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interlock.engine.EvaluationResult;
import io.interlock.engine.Failure;
import io.interlock.engine.PolicyTrace;
import io.interlock.fetch.FetchCall;
import io.interlock.policy.LoadProblem;

/** JSON renderings of engine values shared by the admin endpoints. */
final class JsonViews {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private JsonViews() {}

    static ObjectNode failure(Failure failure) {
        ObjectNode node = JSON.objectNode();
        node.put("code", failure.code().code());
        node.put("message", failure.located());
        node.put("policy", failure.policy());
        if (failure.line() != null) {
            node.put("line", failure.line());
            node.put("column", failure.column() == null ? 1 : failure.column());
        } else {
            node.putNull("line");
            node.putNull("column");
        }
        return node;
    }

    static ArrayNode trace(EvaluationResult result) {
        ArrayNode trace = JSON.arrayNode();
        for (PolicyTrace step : result.trace()) {
            ObjectNode node = trace.addObject();
            node.put("policy", step.policy());
            node.put("outcome", step.outcome().wire());
            node.put("duration_ms", Math.round(step.durationMs() * 1000) / 1000.0);
            ArrayNode console = node.putArray("console");
            step.console().forEach(console::add);
            ArrayNode fetch = node.putArray("fetch");
            for (FetchCall call : step.fetches()) {
                fetch.addObject().put("method", call.method()).put("host", call.host()).put("status", call.status())
                        .put("error", call.error()).put("message", call.message())
                        .put("duration_ms", Math.round(call.durationMs() * 1000) / 1000.0);
            }
        }
        return trace;
    }

    static ObjectNode problem(LoadProblem problem) {
        ObjectNode node = JSON.objectNode();
        node.put("file", problem.file());
        if (problem.line() == null) {
            node.putNull("line");
            node.putNull("column");
        } else {
            node.put("line", problem.line());
            node.put("column", problem.column());
        }
        node.put("message", problem.message());
        node.put("located", problem.located());
        return node;
    }
}
