package io.interlock.decision;

import com.fasterxml.jackson.databind.JsonNode;
import io.interlock.trigger.Trigger;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a policy's returned JSON into a typed decision for its trigger, or into the list of
 * every rule it broke (DESIGN.md §1). Nothing is coerced: a result is either exactly right or
 * refused with a path and a rule the policy author can act on.
 *
 * <p>Decisions where the wire contract is silent:
 * <ul>
 *   <li>JSON {@code null} for an optional object or id ({@code error}, {@code response},
 *       {@code claims}, {@code create_organization_membership}, either organization id) counts
 *       as absent: JS code writes {@code error: cond ? {...} : null}, and the typed decision
 *       drops it, so nothing null is ever sent. A {@code null} claim value is a value.
 *   <li>{@code error} without a usable {@code message} is refused; omit {@code error} to get
 *       the platform's generic text.
 *   <li>{@code response: {}} and {@code claims: {}} are valid and mean "nothing added".
 *   <li>Violations are reported in walk order (unknown top-level fields, {@code decision},
 *       {@code error}, {@code response} in document order), capped at
 *       {@value Violations#MAX_REPORTED} with a count of the rest.
 * </ul>
 * Membership, claim and scope rules are documented on {@link MembershipRules},
 * {@link ClaimRules}, {@link ReservedClaims} and {@link M2mClaimRules}.
 */
public final class DecisionValidator {
    private static final Set<String> TOP_LEVEL = Set.of("decision", "error", "response");

    private final ValidationOptions options;

    public DecisionValidator(ValidationOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * @param snapshot the policy's result as plain JSON; any JSON value, or null
     * @param requestPayload the platform's request, the source of the scopes an M2M policy may keep
     */
    public Validation validate(Trigger trigger, JsonNode snapshot, JsonNode requestPayload) {
        Objects.requireNonNull(trigger, "trigger");
        Violations violations = new Violations();
        if (snapshot == null || !snapshot.isObject()) {
            violations.add(JsonPath.ROOT, "must be an object");
            return new Validation.Invalid(violations.list());
        }
        Fields.refuseUnknown(snapshot, TOP_LEVEL, JsonPath.ROOT, violations);
        Optional<Verdict> verdict = checkDecision(snapshot.get("decision"), violations);
        Optional<String> message = checkError(verdict, snapshot.get("error"), violations);
        ResponseParts parts = ResponseRules.check(
                trigger, verdict, snapshot.get("response"), requestPayload, options, violations);
        if (!violations.isEmpty()) {
            return new Validation.Invalid(violations.list());
        }
        return new Validation.Valid(parts.toResponse(trigger, verdict.orElseThrow(), message));
    }

    /**
     * Merges the ALLOW results of one trigger's chain, in file order: claims key by key with
     * later results winning, at most one membership, bounds checked again on the sum.
     */
    public Validation merge(Trigger trigger, List<TriggerResponse> allowResults) {
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(allowResults, "allowResults");
        return ChainMerge.merge(trigger, allowResults, options);
    }

    private static Optional<Verdict> checkDecision(JsonNode decision, Violations violations) {
        if (Text.isAbsent(decision)) {
            violations.add("decision", "required");
            return Optional.empty();
        }
        Optional<Verdict> verdict = decision.isTextual()
                ? Verdict.fromWire(decision.textValue()) : Optional.empty();
        if (verdict.isEmpty()) {
            violations.add("decision", "must be \"ALLOW\" or \"DENY\"");
        }
        return verdict;
    }

    private Optional<String> checkError(Optional<Verdict> verdict, JsonNode error, Violations violations) {
        if (Text.isAbsent(error)) {
            return Optional.empty();
        }
        if (verdict.equals(Optional.of(Verdict.ALLOW))) {
            violations.add("error", "only allowed with DENY");
        }
        return ErrorRules.check(error, options.maxErrorMessageLength(), violations);
    }
}
