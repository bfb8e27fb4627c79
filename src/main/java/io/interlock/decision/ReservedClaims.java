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
            // RFC 9068 / seed 000 M2M claims: which client, with which scopes.
            Set.of("client_id", "scope", "scopes"),
            // Platform identity (seed 000: oid; xoid/xuid are its external org/user ids).
            Set.of("oid", "xoid", "xuid"),
            // Authorization the platform computes from memberships; adding "admin" is escalation.
            Set.of("roles", "permissions"),
            // Identifiers applications key accounts on; overriding them is account takeover.
            Set.of("email", "email_verified", "phone_number", "phone_number_verified"),
            // Seed 000: the M2M client's configured claims; replacing it drops them silently.
            Set.of("custom_claims"));

    /** DESIGN.md §1: an M2M policy may narrow {@code scope} and set {@code aud}. */
    private static final Set<String> M2M_REWRITABLE = Set.of("scope", "aud");

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
