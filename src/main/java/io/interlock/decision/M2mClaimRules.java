package io.interlock.decision;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The platform claims an M2M policy may set (DESIGN.md §1).
 *
 * <p>{@code scope} follows RFC 6749 §3.3 strictly: tokens of printable ASCII except
 * {@code "} and {@code \}, separated by single spaces, no duplicates, not empty (to give no
 * scopes at all, DENY). With the guard on, every scope must be one the request carried:
 * {@code data.m2m_token_claims.claims.scopes}, else {@code scope} split on spaces; a request
 * with neither lets no scope through (fail closed).
 *
 * <p>{@code scp} carries the same scopes under another name and is read as granted scopes by
 * resource servers, so it gets the same rules and the same guard, in either of its two forms:
 * a space-separated string, or an array of scope tokens.
 *
 * <p>{@code aud} is a non-empty string or a non-empty array of non-empty strings (RFC 7519).
 */
final class M2mClaimRules {
    private static final Pattern SCOPE_TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");

    private M2mClaimRules() {}

    static void check(String name, JsonNode value, String path, JsonNode request,
            ValidationOptions options, Violations violations) {
        switch (name) {
            case "scope" -> checkScope(value, path, request, options, violations);
            case "scp" -> checkScp(value, path, request, options, violations);
            case "aud" -> checkAudience(value, path, violations);
            default -> { }
        }
    }

    private static void checkScope(JsonNode value, String path, JsonNode request,
            ValidationOptions options, Violations violations) {
        if (!value.isTextual()) {
            violations.add(path, "must be a string of space-separated scopes");
            return;
        }
        String scope = value.textValue();
        if (scope.isEmpty()) {
            violations.add(path, "must not be empty");
            return;
        }
        if (checkGrammar(scope, path, violations) && options.guardM2mScope()) {
            checkNarrowing(scope, path, request, violations);
        }
    }

    private static void checkScp(JsonNode value, String path, JsonNode request,
            ValidationOptions options, Violations violations) {
        if (!value.isArray()) {
            if (value.isTextual()) {
                checkScope(value, path, request, options, violations);
            } else {
                violations.add(path, "must be a string of space-separated scopes or an array of scopes");
            }
            return;
        }
        if (value.isEmpty()) {
            violations.add(path, "must not be empty");
            return;
        }
        int before = violations.count();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode entry = value.get(i);
            String at = JsonPath.index(path, i);
            if (!entry.isTextual() || !SCOPE_TOKEN.matcher(entry.textValue()).matches()) {
                violations.add(at, entry.isTextual() ? "invalid scope " + Text.quoted(entry.textValue()) : "must be a scope string");
            } else if (!seen.add(entry.textValue())) {
                violations.add(at, "duplicate scope " + Text.quoted(entry.textValue()));
            }
        }
        if (violations.count() == before && options.guardM2mScope()) {
            checkNarrowing(String.join(" ", seen), path, request, violations);
        }
    }

    private static boolean checkGrammar(String scope, String path, Violations violations) {
        int before = violations.count();
        Set<String> seen = new LinkedHashSet<>();
        for (String token : scope.split(" ", -1)) {
            if (token.isEmpty()) {
                violations.add(path, "scopes must be separated by single spaces");
                return false;
            }
            if (!SCOPE_TOKEN.matcher(token).matches()) {
                violations.add(path, "invalid scope " + Text.quoted(token));
            } else if (!seen.add(token)) {
                violations.add(path, "duplicate scope " + Text.quoted(token));
            }
        }
        return violations.count() == before;
    }

    private static void checkNarrowing(String scope, String path, JsonNode request, Violations violations) {
        Set<String> requested = requestedScopes(request);
        List<String> widened = new ArrayList<>();
        for (String token : scope.split(" ")) {
            if (!requested.contains(token)) {
                widened.add(token);
            }
        }
        if (!widened.isEmpty()) {
            String list = String.join(" ", widened);
            violations.add(path, "widens requested scopes (" + excerpt(list) + ")");
        }
    }

    /** Scope tokens are printable ASCII already; only their length needs bounding here. */
    private static String excerpt(String list) {
        return list.length() <= 200 ? list : list.substring(0, 200) + "…";
    }

    private static Set<String> requestedScopes(JsonNode request) {
        JsonNode claims = request == null ? null : request.at("/data/m2m_token_claims/claims");
        Set<String> scopes = new LinkedHashSet<>();
        if (claims == null || !claims.isObject()) {
            return scopes;
        }
        JsonNode array = claims.get("scopes");
        JsonNode string = claims.get("scope");
        if (array != null && array.isArray()) {
            array.forEach(s -> {
                if (s.isTextual()) {
                    scopes.add(s.textValue());
                }
            });
        } else if (string != null && string.isTextual()) {
            for (String token : string.textValue().trim().split("\\s+")) {
                if (!token.isEmpty()) {
                    scopes.add(token);
                }
            }
        }
        return scopes;
    }

    private static void checkAudience(JsonNode value, String path, Violations violations) {
        if (value.isTextual()) {
            if (value.textValue().isEmpty()) {
                violations.add(path, "must not be empty");
            }
        } else if (value.isArray()) {
            if (value.isEmpty()) {
                violations.add(path, "must not be empty");
            }
            for (int i = 0; i < value.size(); i++) {
                JsonNode entry = value.get(i);
                if (!entry.isTextual() || entry.textValue().isEmpty()) {
                    violations.add(JsonPath.index(path, i), "must be a non-empty string");
                }
            }
        } else {
            violations.add(path, "must be a string or an array of strings");
        }
    }
}
