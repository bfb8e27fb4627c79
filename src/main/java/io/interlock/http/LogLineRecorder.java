package io.interlock.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes one structured line per call to the {@code interlock.decisions} logger. */
@Singleton
final class LogLineRecorder implements DecisionRecorder {

    private static final Logger LOG = LoggerFactory.getLogger("interlock.decisions");

    @Override
    public void record(Call call) {
        ObjectNode line = JsonNodeFactory.instance.objectNode();
        line.put("id", call.id());
        line.put("source", call.source());
        line.put("trigger", call.trigger().wireName());
        line.put("environment_id", call.payload().path("interceptor_context").path("environment_id").asText(null));
        line.put("organization_id", call.payload().path("interceptor_context").path("organization_id").asText(null));
        line.put("http_status", call.httpStatus());
        if (call.decided() != null) {
            line.put("decision", call.decided().answer().map(a -> a.verdict().name()).orElse(null));
            call.decided().result().failure().ifPresent(f -> line.put("failure", f.code().code()).put("failure_message", f.located()));
            ArrayNode files = line.putArray("policies");
            call.decided().files().forEach(f -> files.addObject().put("name", f.name()).put("hash", f.hash()));
            line.put("duration_ms", Math.round(call.decided().result().durationMs() * 1000) / 1000.0);
        }
        LOG.info("{}", line);
    }
}
