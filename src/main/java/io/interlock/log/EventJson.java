package io.interlock.log;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.time.format.DateTimeFormatter;

/**
 * The wire form of an event, the same in the JSON lines and the API: snake_case names, every
 * field always present (null when unknown) so log pipelines see one stable schema.
 */
final class EventJson {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

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
}
