package io.interlock.decision;

/**
 * Bounds applied to policy results. Lengths count Unicode code points, sizes count UTF-8
 * bytes of the compact JSON serialisation.
 *
 * @param guardM2mScope refuse an M2M {@code scope} that names a scope the request did not
 * @param maxErrorMessageLength longest {@code error.message} shown to an end user
 * @param maxClaims most claims one response (or one merged chain) may add
 * @param maxClaimsBytes largest serialised {@code response.claims} object; tokens travel in
 *     headers and cookies, where a few KiB already hurt
 * @param maxClaimDepth deepest nesting of one claim value (a scalar is 0, {@code [1]} is 1)
 * @param maxClaimNameLength longest claim name
 * @param maxRoles most roles in one membership
 * @param maxRoleLength longest role name
 * @param maxOrganizationIdLength longest organization or external organization id
 */
public record ValidationOptions(
        boolean guardM2mScope,
        int maxErrorMessageLength,
        int maxClaims,
        int maxClaimsBytes,
        int maxClaimDepth,
        int maxClaimNameLength,
        int maxRoles,
        int maxRoleLength,
        int maxOrganizationIdLength) {

    public ValidationOptions {
        requirePositive(maxErrorMessageLength, "maxErrorMessageLength");
        requirePositive(maxClaims, "maxClaims");
        requirePositive(maxClaimsBytes, "maxClaimsBytes");
        requirePositive(maxClaimDepth, "maxClaimDepth");
        requirePositive(maxClaimNameLength, "maxClaimNameLength");
        requirePositive(maxRoles, "maxRoles");
        requirePositive(maxRoleLength, "maxRoleLength");
        requirePositive(maxOrganizationIdLength, "maxOrganizationIdLength");
    }

    public static ValidationOptions defaults() {
        return new ValidationOptions(true, 1000, 100, 16 * 1024, 8, 256, 50, 128, 256);
    }

    public ValidationOptions withGuardM2mScope(boolean guard) {
        return new ValidationOptions(guard, maxErrorMessageLength, maxClaims, maxClaimsBytes,
                maxClaimDepth, maxClaimNameLength, maxRoles, maxRoleLength, maxOrganizationIdLength);
    }

    private static void requirePositive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
