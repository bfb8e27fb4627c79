package io.interlock.log;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.interlock.trigger.Trigger;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The wire form of an event, the same in the JSON lines and the API: snake_case names, every
 * field always present (null when unknown) so log pipelines see one stable schema; only
 * {@code shadow} is left out when the trigger has no shadow chain (or its run was skipped). A database
 * keeps the {@link #summaryText} and the payload apart; {@link #read} turns them back into the event.
 * The fields are written in one place, straight to text for the database and the log line (every
 * decision goes through those), and into a tree only for the API's answers.
 */
final class EventJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private EventJson() {}

    /** The whole event, with the payload when one is kept. */
    static ObjectNode full(DecisionEvent e) {
        return tree(g -> {
            writeSummaryFields(g, e);
            writePayloadFields(g, e);
        });
    }

    /** The event without its payload: what a page of the list carries. */
    static ObjectNode summary(DecisionEvent e) {
        return tree(g -> writeSummaryFields(g, e));
    }

    /** The summary as text: what a database keeps. */
    static String summaryText(DecisionEvent e) {
        return text(g -> writeSummaryFields(g, e));
    }

    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    /** One object as a tree, for the API's answers (a raw payload stays raw: it is not parsed). */
    private static ObjectNode tree(Fields fields) {
        try (TokenBuffer tokens = new TokenBuffer(MAPPER, false)) {
            tokens.writeStartObject();
            fields.write(tokens);
            tokens.writeEndObject();
            return MAPPER.readTree(tokens.asParser());
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
    }

    /** One object written straight to text: the writer and the sink turn every decision into this, so no tree is built. */
    private static String text(Fields fields) {
        StringWriter text = new StringWriter(768);
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(text)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return text.toString();
    }

    private static void writeSummaryFields(JsonGenerator g, DecisionEvent e) throws IOException {
        g.writeStringField("id", e.id());
        g.writeStringField("time", DateTimeFormatter.ISO_INSTANT.format(e.time()));
        g.writeStringField("source", e.source());
        g.writeStringField("trigger", e.trigger() == null ? null : e.trigger().wireName());
        g.writeStringField("environment_id", e.environmentId());
        g.writeStringField("user_email", e.userEmail());
        g.writeStringField("organization_id", e.organizationId());
        g.writeStringField("client_id", e.clientId());
        g.writeStringField("decision", e.decision());
        g.writeStringField("error_message", e.errorMessage());
        g.writeNumberField("http_status", e.httpStatus());
        if (e.failureCode() == null) {
            g.writeNullField("failure");
        } else {
            g.writeObjectFieldStart("failure");
            g.writeStringField("code", e.failureCode());
            g.writeStringField("message", e.failureMessage());
            g.writeEndObject();
        }
        g.writeStringField("on_error", e.onError());
        g.writeStringField("decided_by", e.decidedBy());
        g.writeArrayFieldStart("policies");
        for (DecisionEvent.PolicyEntry p : e.policies()) {
            writePolicy(g, p);
        }
        g.writeEndArray();
        if (e.durationMs() == null) {
            g.writeNullField("duration_ms");
        } else {
            g.writeNumberField("duration_ms", e.durationMs());
        }
        g.writeStringField("caller_ip", e.callerIp());
        if (e.shadow() != null) {
            writeShadow(g, e.shadow());
        }
        if (e.version() != null) {
            g.writeObjectFieldStart("version");
            g.writeStringField("label", e.version().label());
            g.writeStringField("chain", e.version().chain());
            g.writeEndObject();
        }
    }

    /** {@code "shadow"}: present only when the trigger has a shadow chain and it ran on this call. */
    private static void writeShadow(JsonGenerator g, DecisionEvent.Shadow s) throws IOException {
        g.writeObjectFieldStart("shadow");
        g.writeStringField("decision", s.decision());
        g.writeStringField("failure_code", s.failureCode());
        g.writeStringField("failure_message", s.failureMessage());
        g.writeStringField("error_message", s.errorMessage());
        g.writeBooleanField("agrees", s.agrees());
        g.writeArrayFieldStart("differs");
        for (String part : s.differs()) {
            g.writeString(part);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("policies");
        for (DecisionEvent.PolicyEntry p : s.policies()) {
            writePolicy(g, p);
        }
        g.writeEndArray();
        if (s.durationMs() == null) {
            g.writeNullField("duration_ms");
        } else {
            g.writeNumberField("duration_ms", s.durationMs());
        }
        g.writeEndObject();
    }

    private static void writePolicy(JsonGenerator g, DecisionEvent.PolicyEntry p) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", p.name());
        g.writeStringField("hash", p.hash());
        g.writeStringField("outcome", p.outcome());
        g.writeArrayFieldStart("console");
        for (String line : p.console()) {
            g.writeString(line);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("fetch");
        for (io.interlock.fetch.FetchCall call : p.fetch()) {
            g.writeStartObject();
            g.writeStringField("method", call.method());
            g.writeStringField("host", call.host());
            if (call.status() == null) {
                g.writeNullField("status");
            } else {
                g.writeNumberField("status", call.status());
            }
            g.writeStringField("error", call.error());
            g.writeNumberField("duration_ms", Math.round(call.durationMs() * 1000) / 1000.0);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** One JSON line for the log sinks (no line break inside: JSON escapes them in strings); {@link #full} as text. */
    static String line(DecisionEvent e) {
        return line(e, summaryText(e));
    }

    /**
     * {@link #line} from the event's {@link #summaryText}, which already holds every field but the
     * payload's: those are written after it, inside the same object.
     */
    static String line(DecisionEvent e, String summary) {
        if (e.payload() == null && e.payloadOmitted() == null) {
            return summary;
        }
        String payloadFields = text(g -> writePayloadFields(g, e));
        return new StringBuilder(summary.length() + payloadFields.length())
                .append(summary, 0, summary.length() - 1)
                .append(',')
                .append(payloadFields, 1, payloadFields.length())
                .toString();
    }

    /** The payload, stored as text and embedded without re-parsing; or why it was not kept. */
    private static void writePayloadFields(JsonGenerator g, DecisionEvent e) throws IOException {
        if (e.payload() != null) {
            g.writeFieldName("payload");
            g.writeRawValue(e.payload());
            g.writeBooleanField("payload_masked", e.payloadMasked());
        } else if (e.payloadOmitted() != null) {
            g.writeNullField("payload");
            g.writeStringField("payload_omitted", e.payloadOmitted());
        }
    }

    /** The event from its stored summary and payload (both as this class wrote them). */
    static DecisionEvent read(String summary, String payload, String payloadOmitted, boolean payloadMasked)
            throws JsonProcessingException {
        return read(summary, payload, payloadOmitted, payloadMasked, null);
    }

    /** As above, with the replay record kept beside the payload (or null). */
    static DecisionEvent read(String summary, String payload, String payloadOmitted, boolean payloadMasked, String replay)
            throws JsonProcessingException {
        JsonNode e = MAPPER.readTree(summary);
        List<DecisionEvent.PolicyEntry> policies = policies(e.path("policies"));
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
                payloadMasked,
                shadow(e.path("shadow")),
                replay,
                text(e, "error_message"),
                e.path("version").isObject() ? new DecisionEvent.Version(text(e.path("version"), "label"),
                        text(e.path("version"), "chain")) : null);
    }

    private static DecisionEvent.Shadow shadow(JsonNode s) {
        if (!s.isObject()) {
            return null;
        }
        List<String> differs = new ArrayList<>();
        s.path("differs").forEach(part -> differs.add(part.asText()));
        JsonNode duration = s.path("duration_ms");
        return new DecisionEvent.Shadow(text(s, "decision"), text(s, "failure_code"), text(s, "failure_message"),
                text(s, "error_message"), s.path("agrees").asBoolean(), differs, policies(s.path("policies")),
                duration.isNumber() ? duration.asDouble() : null);
    }

    private static List<DecisionEvent.PolicyEntry> policies(JsonNode array) {
        List<DecisionEvent.PolicyEntry> policies = new ArrayList<>();
        for (JsonNode p : array) {
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
        return policies;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.textValue() : null;
    }
}
