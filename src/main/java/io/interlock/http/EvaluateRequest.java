package io.interlock.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.interlock.engine.PolicySource;
import io.interlock.trigger.PayloadCheck;
import io.interlock.trigger.Trigger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The dry-run request: {@code {"trigger"?, "payload", "policies"?}}. Parsing collects every
 * problem, each naming the field, rather than stopping at the first.
 */
record EvaluateRequest(Trigger trigger, JsonNode payload, Optional<List<PolicySource>> policies) {

    static final int MAX_POLICIES = 32;
    static final int MAX_SOURCE_CHARS = 512 * 1024;
    private static final Set<String> FIELDS = Set.of("trigger", "payload", "policies");

    /** Either a request or the list of problems with it. */
    record Parsed(Optional<EvaluateRequest> request, List<String> problems) {}

    /** Adds a problem for each field of {@code body} not in {@code known}; {@code expected} names them in order. */
    static void unknownFields(JsonNode body, Set<String> known, String expected, List<String> problems) {
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!known.contains(field)) {
                problems.add(field + ": unknown field (expected " + expected + ")");
            }
        }
    }

    static Parsed parse(JsonNode body) {
        List<String> problems = new ArrayList<>();
        if (body == null || !body.isObject()) {
            return new Parsed(Optional.empty(), List.of("body: must be a JSON object"));
        }
        unknownFields(body, FIELDS, "trigger, payload, policies", problems);
        JsonNode payload = body.get("payload");
        if (payload == null || !payload.isObject()) {
            problems.add("payload: required, a JSON object (the platform's request body)");
            return new Parsed(Optional.empty(), problems);
        }
        Trigger trigger = trigger(body.get("trigger"), payload, problems);
        Optional<List<PolicySource>> policies = policies(body.get("policies"), problems);
        if (trigger != null) {
            PayloadCheck.problems(trigger, payload).forEach(p -> problems.add("payload." + p));
        }
        if (!problems.isEmpty()) {
            return new Parsed(Optional.empty(), problems);
        }
        return new Parsed(Optional.of(new EvaluateRequest(trigger, payload, policies)), List.of());
    }

    private static Trigger trigger(JsonNode field, JsonNode payload, List<String> problems) {
        PayloadCheck.Result<Trigger> fromPayload = PayloadCheck.trigger(payload);
        if (field == null || field.isNull()) {
            if (fromPayload.error().isPresent()) {
                problems.add("trigger: required when payload.trigger_point is absent ("
                        + "payload." + fromPayload.error().get() + ")");
                return null;
            }
            return fromPayload.value().orElseThrow();
        }
        Optional<Trigger> named = field.isTextual() ? Trigger.fromWire(field.asText()) : Optional.empty();
        if (named.isEmpty()) {
            problems.add("trigger: must be one of PRE_SIGNUP, PRE_SESSION_CREATION, PRE_USER_INVITATION, PRE_M2M_TOKEN_CREATION");
            return null;
        }
        if (fromPayload.value().isPresent() && fromPayload.value().get() != named.get()) {
            problems.add("trigger: " + named.get() + " does not match payload.trigger_point " + fromPayload.value().get());
        }
        return named.get();
    }

    static Optional<List<PolicySource>> policies(JsonNode field, List<String> problems) {
        if (field == null || field.isNull()) {
            return Optional.empty();
        }
        if (!field.isArray()) {
            problems.add("policies: must be an array of {name, source}");
            return Optional.empty();
        }
        if (field.size() > MAX_POLICIES) {
            problems.add("policies: at most " + MAX_POLICIES + " policies");
        }
        List<PolicySource> sources = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < field.size(); i++) {
            JsonNode item = field.get(i);
            String at = "policies[" + i + "]";
            if (!item.isObject() || !item.path("name").isTextual() || !item.path("source").isTextual()) {
                problems.add(at + ": must be {\"name\": string, \"source\": string}");
                continue;
            }
            String name = item.get("name").asText().trim();
            if (name.isEmpty() || name.length() > 200) {
                problems.add(at + ".name: must be 1 to 200 characters");
            } else if (!names.add(name)) {
                problems.add(at + ".name: duplicate name '" + name + "'");
            }
            if (item.get("source").asText().length() > MAX_SOURCE_CHARS) {
                problems.add(at + ".source: longer than " + MAX_SOURCE_CHARS + " characters");
            }
            sources.add(new PolicySource(name, item.get("source").asText()));
        }
        return Optional.of(sources);
    }
}
