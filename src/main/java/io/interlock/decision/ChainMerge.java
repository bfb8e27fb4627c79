package io.interlock.decision;

import com.fasterxml.jackson.databind.JsonNode;
import io.interlock.decision.PreSignupResponse.Membership;
import io.interlock.trigger.Trigger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Combines the ALLOW results of one trigger's chain (DESIGN.md §3). A claim set twice keeps
 * its first position and the later value. Two memberships are an error rather than "later
 * wins": provisioning a user into an organization is not something to override silently.
 */
final class ChainMerge {
    private static final String MEMBERSHIP_PATH = "response." + ResponseParts.MEMBERSHIP;

    private ChainMerge() {}

    static Validation merge(Trigger trigger, List<TriggerResponse> results, ValidationOptions options) {
        if (results.size() == 1 && results.get(0) != null && results.get(0).trigger() == trigger
                && results.get(0).verdict() == Verdict.ALLOW) {
            // One result was validated with the same bounds already: merging it alone changes nothing.
            return new Validation.Valid(results.get(0));
        }
        Violations violations = new Violations();
        Optional<Membership> membership = Optional.empty();
        Map<String, JsonNode> claims = new LinkedHashMap<>();
        boolean conflict = false;
        for (int i = 0; i < results.size(); i++) {
            TriggerResponse result = results.get(i);
            if (!isMergeable(trigger, result, JsonPath.index("results", i), violations)) {
                continue;
            }
            ResponseParts parts = ResponseParts.of(result);
            if (parts.membership().isPresent() && membership.isPresent() && !conflict) {
                violations.add(MEMBERSHIP_PATH, "set by more than one policy");
                conflict = true;
            }
            membership = membership.or(parts::membership);
            claims.putAll(parts.claims());
        }
        ClaimRules.checkBounds(claims, options, violations);
        if (!violations.isEmpty()) {
            return new Validation.Invalid(violations.list());
        }
        return new Validation.Valid(
                new ResponseParts(membership, claims).toResponse(trigger, Verdict.ALLOW, Optional.empty()));
    }

    private static boolean isMergeable(Trigger trigger, TriggerResponse result, String path, Violations violations) {
        if (result == null) {
            violations.add(path, "must not be null");
        } else if (result.trigger() != trigger) {
            violations.add(path, "a " + result.trigger().wireName() + " result, not " + trigger.wireName());
        } else if (result.verdict() != Verdict.ALLOW) {
            violations.add(path, "only ALLOW results merge; the first DENY ends the chain");
        } else {
            return true;
        }
        return false;
    }
}
