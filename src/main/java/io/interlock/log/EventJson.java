package io.interlock.log;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.interlock.trigger.Trigger;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The wire form of an event, the same in the JSON lines and the API: snake_case names, every
 * field always present (null when unknown) so log pipelines see one stable schema. A database
 * keeps the {@link #summary} text and the payload apart; {@link #read} turns them back into the event.
 */
final class EventJson {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private EventJson() {}

    /** The whole event, with the payload when one is kept. */
    static ObjectNode full(DecisionEvent e) {
        ObjectNode node = summary(e);
        if (e.payload() != null) {
            // Stored as text; embedded without re-parsing.
            node.putRawValue("payload", new RawValue(e.payload()));
            node.put("payload_masked", e.payloadMasked());
        } else if (e.payloadOmitted() != null) {
            node.putNull("payload");
            node.put("payload_omitted", e.payloadOmitted());
        }
        return node;
    }

    /** The event without its payload: what a page of the list carries. */
    static ObjectNode summary(DecisionEvent e) {
        ObjectNode node = JSON.objectNode();
        node.put("id", e.id());
        node.put("time", DateTimeFormatter.ISO_INSTANT.format(e.time()));
        node.put("source", e.source());
        node.put("trigger", e.trigger() == null ? null : e.trigger().wireName());
        node.put("environment_id", e.environmentId());
        node.put("user_email", e.userEmail());
        node.put("organization_id", e.organizationId());
        node.put("client_id", e.clientId());
        node.put("decision", e.decision());
        node.put("http_status", e.httpStatus());
        if (e.failureCode() == null) {
            node.putNull("failure");
        } else {
            node.putObject("failure").put("code", e.failureCode()).put("message", e.failureMessage());
        }
        node.put("on_error", e.onError());
        node.put("decided_by", e.decidedBy());
        ArrayNode policies = node.putArray("policies");
        for (DecisionEvent.PolicyEntry p : e.policies()) {
            ObjectNode entry = policies.addObject().put("name", p.name()).put("hash", p.hash()).put("outcome", p.outcome());
            ArrayNode console = entry.putArray("console");
            p.console().forEach(console::add);
            ArrayNode fetch = entry.putArray("fetch");
            for (io.interlock.fetch.FetchCall call : p.fetch()) {
                fetch.addObject().put("method", call.method()).put("host", call.host()).put("status", call.status())
                        .put("error", call.error()).put("duration_ms", Math.round(call.durationMs() * 1000) / 1000.0);
            }
        }
        if (e.durationMs() == null) {
            node.putNull("duration_ms");
        } else {
            node.put("duration_ms", e.durationMs());
        }
        node.put("caller_ip", e.callerIp());
        return node;
    }

    /** One JSON line for the log sinks (no line break inside: JSON escapes them in strings). */
    static String line(DecisionEvent e) {
        return full(e).toString();
    }

    /** The event from its stored summary and payload (both as this class wrote them). */
    static DecisionEvent read(String summary, String payload, String payloadOmitted, boolean payloadMasked)
            throws JsonProcessingException {
        JsonNode e = MAPPER.readTree(summary);
        List<DecisionEvent.PolicyEntry> policies = new ArrayList<>();
        for (JsonNode p : e.path("policies")) {
            List<String> console = new ArrayList<>();
            p.path("console").forEach(line -> console.add(line.asText()));
            List<io.interlock.fetch.FetchCall> fetch = new ArrayList<>();
            for (JsonNode f : p.path("fetch")) {
                fetch.add(new io.interlock.fetch.FetchCall(text(f, "method"), text(f, "host"), null,
                        f.path("status").isInt() ? f.get("status").intValue() : null, text(f, "error"), null,
                        f.path("duration_ms").asDouble()));
            }
            policies.add(new DecisionEvent.PolicyEntry(text(p, "name"), text(p, "hash"), text(p, "outcome"), console, fetch));
        }
        JsonNode failure = e.path("failure");
        JsonNode duration = e.path("duration_ms");
        return new DecisionEvent(
                text(e, "id"),
                Instant.parse(text(e, "time")),
                text(e, "source"),
                e.path("trigger").isTextual() ? Trigger.fromWire(text(e, "trigger")).orElse(null) : null,
                text(e, "environment_id"),
                text(e, "user_email"),
                text(e, "organization_id"),
                text(e, "client_id"),
                text(e, "decision"),
                e.path("http_status").asInt(),
                text(failure, "code"),
                text(failure, "message"),
                text(e, "on_error"),
                text(e, "decided_by"),
                policies,
                duration.isNumber() ? duration.asDouble() : null,
                text(e, "caller_ip"),
                payload,
                payloadOmitted,
                payloadMasked);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.textValue() : null;
    }
}
