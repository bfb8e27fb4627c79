package io.interlock.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.interlock.engine.PolicySource;
import io.interlock.trigger.Trigger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The playground's replay request: {@code {"trigger", "policies"?, "limit"?}}: the last
 * {@code limit} real calls of {@code trigger} run against the draft {@code policies} (the same
 * {@code [{name, source}]} as a dry run's), or against the loaded chain when none are given.
 */
record ReplayRequest(Trigger trigger, Optional<List<PolicySource>> policies, int limit) {

    static final int DEFAULT_LIMIT = 50;
    /** Calls run one after the other on one dry-run worker: this bounds how long it stays busy. */
    static final int MAX_LIMIT = 200;
    private static final Set<String> FIELDS = Set.of("trigger", "policies", "limit");

    record Parsed(Optional<ReplayRequest> request, List<String> problems) {}

    static Parsed parse(JsonNode body) {
        List<String> problems = new ArrayList<>();
        if (body == null || !body.isObject()) {
            return new Parsed(Optional.empty(), List.of("body: must be a JSON object"));
        }
        EvaluateRequest.unknownFields(body, FIELDS, "trigger, policies, limit", problems);
        JsonNode t = body.get("trigger");
        Optional<Trigger> trigger = t != null && t.isTextual() ? Trigger.fromWire(t.asText()) : Optional.empty();
        if (trigger.isEmpty()) {
            problems.add("trigger: required, one of PRE_SIGNUP, PRE_SESSION_CREATION, PRE_USER_INVITATION, PRE_M2M_TOKEN_CREATION");
        }
        int limit = DEFAULT_LIMIT;
        JsonNode l = body.get("limit");
        if (l != null && !l.isNull()) {
            if (!l.isIntegralNumber() || l.asLong() < 1 || l.asLong() > MAX_LIMIT) {
                problems.add("limit: must be a whole number from 1 to " + MAX_LIMIT);
            } else {
                limit = l.asInt();
            }
        }
        // checked as a dry run's are
        Optional<List<PolicySource>> policies = EvaluateRequest.policies(body.get("policies"), problems);
        if (!problems.isEmpty()) {
            return new Parsed(Optional.empty(), problems);
        }
        return new Parsed(Optional.of(new ReplayRequest(trigger.get(), policies, limit)), List.of());
    }
}
