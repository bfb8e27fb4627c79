package io.interlock.decision;

import com.fasterxml.jackson.databind.JsonNode;
import io.interlock.decision.PreSignupResponse.Membership;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code response.create_organization_membership} (PRE_SIGNUP + ALLOW).
 *
 * <p>Exactly one of {@code organization_id} / {@code external_organization_id}: the seed's
 * example shows both, but two references that may disagree leave the platform to pick one
 * silently. {@code roles} is required and must not be empty: the platform does not document
 * what an empty list means (no role, or the organization's default role), and provisioning
 * someone with an unknown role set is the wrong thing to guess about. Ids and roles are
 * limited to letters, digits and {@code _ . : @ / + = | ~ -}: the shapes of real ids
 * ({@code org_…}, UUIDs, slugs, URNs), and nothing that breaks a log line or a URL.
 */
final class MembershipRules {
    private static final String PATH = "response." + ResponseParts.MEMBERSHIP;
    private static final String ORG = "organization_id";
    private static final String EXTERNAL_ORG = "external_organization_id";
    private static final String ROLES = "roles";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_.:@/+=|~-]+");
    private static final String SAFE_RULE = "only letters, digits and _ . : @ / + = | ~ - allowed";

    private MembershipRules() {}

    static Optional<Membership> check(JsonNode membership, ValidationOptions options, Violations violations) {
        if (!membership.isObject()) {
            violations.add(PATH, "must be an object");
            return Optional.empty();
        }
        int before = violations.count();
        Fields.refuseUnknown(membership, Set.of(ORG, EXTERNAL_ORG, ROLES), PATH, violations);
        JsonNode org = membership.get(ORG);
        JsonNode externalOrg = membership.get(EXTERNAL_ORG);
        if (Text.isAbsent(org) == Text.isAbsent(externalOrg)) {
            violations.add(PATH, "exactly one of organization_id, external_organization_id required");
        }
        Optional<String> orgId = identifier(org, ORG, options, violations);
        Optional<String> externalOrgId = identifier(externalOrg, EXTERNAL_ORG, options, violations);
        List<String> roles = roles(membership.get(ROLES), options, violations);
        if (violations.count() != before) {
            return Optional.empty();
        }
        return Optional.of(new Membership(orgId, externalOrgId, roles));
    }

    private static Optional<String> identifier(
            JsonNode value, String field, ValidationOptions options, Violations violations) {
        if (Text.isAbsent(value)) {
            return Optional.empty();
        }
        String path = PATH + "." + field;
        return token(value, path, options.maxOrganizationIdLength(), violations);
    }

    private static List<String> roles(JsonNode value, ValidationOptions options, Violations violations) {
        String path = PATH + "." + ROLES;
        if (Text.isAbsent(value)) {
            violations.add(path, "required");
            return List.of();
        }
        if (!value.isArray()) {
            violations.add(path, "must be an array of strings");
            return List.of();
        }
        if (value.isEmpty()) {
            violations.add(path, "must not be empty");
        }
        if (value.size() > options.maxRoles()) {
            violations.add(path, "more than " + options.maxRoles() + " roles");
            return List.of();
        }
        return roleList(value, path, options, violations);
    }

    private static List<String> roleList(JsonNode array, String path, ValidationOptions options, Violations violations) {
        List<String> roles = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            String rolePath = JsonPath.index(path, i);
            token(array.get(i), rolePath, options.maxRoleLength(), violations).ifPresent(role -> {
                if (seen.add(role)) {
                    roles.add(role);
                } else {
                    violations.add(rolePath, "duplicate role " + Text.quoted(role));
                }
            });
        }
        return roles;
    }

    /** A non-empty, bounded string of safe characters, as ids and role names must be. */
    private static Optional<String> token(JsonNode value, String path, int maxLength, Violations violations) {
        if (!value.isTextual()) {
            violations.add(path, "must be a string");
            return Optional.empty();
        }
        String text = value.textValue();
        if (text.isEmpty()) {
            violations.add(path, "must not be empty");
        } else if (Text.length(text) > maxLength) {
            violations.add(path, "longer than " + maxLength + " characters");
        } else if (!SAFE.matcher(text).matches()) {
            violations.add(path, SAFE_RULE);
        } else {
            return Optional.of(text);
        }
        return Optional.empty();
    }
}
