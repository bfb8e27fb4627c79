package io.interlock.decision;

import io.interlock.trigger.Trigger;
import java.util.HashSet;
import java.util.Set;

/**
 * Claim names a policy may not set: the platform sets them, and relying parties trust them to
 * say who the token is for, who issued it, when it is valid and what it may do. Names are
 * case-sensitive (RFC 7519 §4), so {@code EXP} is an ordinary custom claim.
 */
final class ReservedClaims {
    private static final Set<String> PLATFORM_SET = union(
            // RFC 7519 §4.1 registered claims: issuer, subject, audience and validity window.
            Set.of("iss", "sub", "aud", "exp", "nbf", "iat", "jti"),
            // OIDC Core: bind an ID token to one client and one authentication event.
            Set.of("azp", "nonce", "auth_time", "at_hash", "c_hash", "acr", "amr", "sid"),
            // RFC 7800 key binding and RFC 8693 delegation: whose key, who acts for whom.
            Set.of("cnf", "act", "may_act"),
            // RFC 9068 / seed 000 M2M claims: which client, with which scopes; "scp" is the
            // same list under the name Okta and Entra use, which resource servers (Spring
            // Security's default, among others) read as granted scopes just like "scope".
            Set.of("client_id", "scope", "scopes", "scp"),
            // Platform identity (seed 000: oid; xoid/xuid are its external org/user ids).
            Set.of("oid", "xoid", "xuid"),
            // Authorization relying parties act on without further checks: the platform's roles
            // and permissions, RFC 9068 §2.2.3.1's groups and entitlements, RFC 9396's
            // authorization_details. Adding "admin" to one of them is escalation; a policy that
            // brings authorization from elsewhere names its own claim (Auth0 restricts the same).
            Set.of("roles", "permissions", "groups", "entitlements", "authorization_details"),
            // Identifiers applications key accounts on; overriding them is account takeover.
            Set.of("email", "email_verified", "phone_number", "phone_number_verified"),
            // Seed 000: the M2M client's configured claims; replacing it drops them silently.
            Set.of("custom_claims"));

    /**
     * DESIGN.md §1: an M2M policy may narrow {@code scope} and set {@code aud}; {@code scp}, the
     * other name for the granted scopes, may be narrowed like {@code scope} (M2mClaimRules).
     */
    private static final Set<String> M2M_REWRITABLE = Set.of("scope", "scp", "aud");

    private ReservedClaims() {}

    static boolean isReserved(Trigger trigger, String name) {
        return switch (trigger) {
            case PRE_M2M_TOKEN_CREATION -> PLATFORM_SET.contains(name) && !M2M_REWRITABLE.contains(name);
            case PRE_SESSION_CREATION, PRE_SIGNUP, PRE_USER_INVITATION -> PLATFORM_SET.contains(name);
        };
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... groups) {
        Set<String> all = new HashSet<>();
        for (Set<String> group : groups) {
            all.addAll(group);
        }
        return Set.copyOf(all);
    }
}
