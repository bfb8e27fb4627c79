package io.interlock.decision;

import com.fasterxml.jackson.databind.JsonNode;
import io.interlock.decision.PreSignupResponse.Membership;
import io.interlock.trigger.Trigger;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * {@code response}: an object, only with ALLOW, never for PRE_USER_INVITATION, holding only
 * the one key its trigger defines. Contents are still checked when the pairing is wrong, so
 * one run reports everything the author has to fix.
 */
final class ResponseRules {
    private static final String PATH = "response";

    private ResponseRules() {}

    static ResponseParts check(Trigger trigger, Optional<Verdict> verdict, JsonNode response,
            JsonNode request, ValidationOptions options, Violations violations) {
        if (Text.isAbsent(response)) {
            return ResponseParts.NONE;
        }
        if (ResponseParts.keyFor(trigger).isEmpty()) {
            violations.add(PATH, "not allowed for " + trigger.wireName());
            return ResponseParts.NONE;
        }
        if (verdict.equals(Optional.of(Verdict.DENY))) {
            violations.add(PATH, "only allowed with ALLOW");
        }
        if (!response.isObject()) {
            violations.add(PATH, "must be an object");
            return ResponseParts.NONE;
        }
        return checkFields(trigger, response, request, options, violations);
    }

    private static ResponseParts checkFields(Trigger trigger, JsonNode response, JsonNode request,
            ValidationOptions options, Violations violations) {
        Optional<Membership> membership = Optional.empty();
        Map<String, JsonNode> claims = Map.of();
        for (Iterator<Map.Entry<String, JsonNode>> it = response.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (!isAllowed(trigger, name, violations) || Text.isAbsent(value)) {
                continue;
            }
            if (name.equals(ResponseParts.MEMBERSHIP)) {
                membership = MembershipRules.check(value, options, violations);
            } else {
                claims = ClaimRules.check(trigger, value, request, options, violations);
            }
        }
        return new ResponseParts(membership, claims);
    }

    private static boolean isAllowed(Trigger trigger, String name, Violations violations) {
        String path = JsonPath.field(PATH, name);
        if (ResponseParts.keyFor(trigger).filter(name::equals).isPresent()) {
            return true;
        }
        switch (name) {
            case ResponseParts.MEMBERSHIP -> violations.add(path, "only for PRE_SIGNUP");
            case ResponseParts.CLAIMS ->
                    violations.add(path, "only for PRE_SESSION_CREATION and PRE_M2M_TOKEN_CREATION");
            default -> violations.add(path, "unknown field");
        }
        return false;
    }
}
