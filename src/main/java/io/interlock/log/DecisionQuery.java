package io.interlock.log;

import io.interlock.config.LogSettings.Pii;
import io.interlock.trigger.Trigger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The filters of {@code GET /v1/decisions}, parsed strictly: an unknown parameter or a value that
 * cannot match anything is a 400 naming the parameter, never a silently empty page, because an
 * empty page would read as "no such decisions".
 *
 * @param from   inclusive
 * @param to     exclusive
 * @param search lower-cased text the event's JSON must contain (its JSON-escaped form), else null
 * @param cursor where the page starts
 * @param version the policies version label or the chain hash a decision was made by (issue 28)
 */
record DecisionQuery(
        Instant from,
        Instant to,
        Trigger trigger,
        String decision,
        Email email,
        String organization,
        String failure,
        String policy,
        String source,
        String search,
        int limit,
        Cursor cursor,
        String shadow,
        String version) {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    static final List<String> PARAMETERS =
            List.of("from", "to", "trigger", "decision", "email", "organization", "failure", "policy", "source", "search", "shadow",
                    "version", "limit", "cursor");
    static final List<String> SOURCES = List.of("intercept", "evaluate");
    /** The shadow filter: the shadow run agreed with the live answer, disagreed, or there was one at all. */
    static final List<String> SHADOW = List.of("agree", "disagree", "any");
    private static final int MAX_VALUE_LENGTH = 320;

    /**
     * An email filter, compared with the stored (masked, lower-cased) address: the whole address,
     * or every address of a domain ({@code @acmecorp.com}).
     */
    sealed interface Email {
        boolean matches(String storedLowerCase);

        record Address(String lowerCase) implements Email {
            @Override
            public boolean matches(String stored) {
                return lowerCase.equals(stored);
            }
        }

        record Domain(String lowerCase) implements Email {
            @Override
            public boolean matches(String stored) {
                return lowerCase.equals(domainOf(stored));
            }
        }

        /** The part after the last {@code @}, or null: what a domain filter compares, in memory and in SQL alike. */
        static String domainOf(String address) {
            int at = address == null ? -1 : address.lastIndexOf('@');
            return at < 0 ? null : address.substring(at + 1);
        }
    }

    /** Parses the query string; the cursor is checked against the store by the store. */
    static DecisionQuery parse(Map<String, List<String>> parameters, Masking masking) {
        for (String name : new TreeSet<>(parameters.keySet())) {
            if (!PARAMETERS.contains(name)) {
                throw new BadQuery(name, "unknown parameter; known: " + String.join(", ", PARAMETERS));
            }
        }
        Values v = new Values(parameters);
        Instant from = v.get("from") == null ? null : instant("from", v.get("from"));
        Instant to = v.get("to") == null ? null : instant("to", v.get("to"));
        if (from != null && to != null && !from.isBefore(to)) {
            throw new BadQuery("to", "must be later than from");
        }
        return new DecisionQuery(
                from,
                to,
                v.get("trigger") == null ? null : trigger(v.get("trigger")),
                v.get("decision") == null ? null : decision(v.get("decision")),
                v.get("email") == null ? null : email(v.get("email"), masking),
                v.get("organization"),
                v.get("failure") == null ? null : failure(v.get("failure")),
                v.get("policy"),
                v.get("source") == null ? null : source(v.get("source")),
                v.get("search") == null ? null : search(v.get("search")),
                v.get("limit") == null ? DEFAULT_LIMIT : limit(v.get("limit")),
                v.get("cursor") == null ? Cursor.START : Cursor.decode(v.get("cursor")),
                v.get("shadow") == null ? null : shadow(v.get("shadow")),
                v.get("version"));
    }

    boolean matches(DecisionEvent e) {
        return (from == null || !e.time().isBefore(from))
                && (to == null || e.time().isBefore(to))
                && (trigger == null || e.trigger() == trigger)
                && (decision == null || decision.equals(e.decision()))
                && (email == null || (e.userEmail() != null && email.matches(e.userEmail().toLowerCase(Locale.ROOT))))
                && (organization == null || organization.equals(e.organizationId()))
                && (failure == null || failure.equals(e.failureCode()))
                && (policy == null || e.policies().stream().anyMatch(p -> p.matches(policy)))
                && (source == null || source.equals(e.source()))
                && (search == null || EventJson.summaryText(e).toLowerCase(Locale.ROOT).contains(search))
                && (shadow == null || shadowMatches(e.shadow()))
                && (version == null || (e.version() != null && e.version().matches(version)));
    }

    private boolean shadowMatches(DecisionEvent.Shadow s) {
        return s != null && switch (shadow) {
            case "agree" -> s.agrees();
            case "disagree" -> !s.agrees();
            default -> true;
        };
    }

    private static String shadow(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (!SHADOW.contains(lower)) {
            throw new BadQuery("shadow", "must be agree, disagree or any (got '" + value + "')");
        }
        return lower;
    }

    private static Instant instant(String name, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e2) {
                throw new BadQuery(name, "must be an ISO-8601 time with a zone, like 2025-10-09T12:50:41Z (got '" + value + "')");
            }
        }
    }

    private static Trigger trigger(String value) {
        return Trigger.fromWire(value).or(() -> Trigger.fromFolder(value)).orElseThrow(() -> new BadQuery("trigger",
                "unknown trigger '" + value + "'; one of " + Arrays.stream(Trigger.values())
                        .map(Trigger::wireName).collect(Collectors.joining(", ")) + " (or its folder name)"));
    }

    private static String decision(String value) {
        String upper = value.toUpperCase(Locale.ROOT);
        if (!upper.equals("ALLOW") && !upper.equals("DENY")) {
            throw new BadQuery("decision", "must be ALLOW or DENY (got '" + value + "')");
        }
        return upper;
    }

    /**
     * Email filters match what the store holds. With masked PII the given address is masked the
     * same way first, so an operator can paste the full address (it then also matches other users
     * with the same initial and domain). {@code @domain} matches every user of that domain.
     */
    private static Email email(String value, Masking masking) {
        if (masking.mode() == Pii.NONE) {
            throw new BadQuery("email", "INTERLOCK_LOG_PII=none keeps no email addresses, so none can match");
        }
        int at = value.indexOf('@');
        if (at < 0 || at == value.length() - 1) {
            throw new BadQuery("email", "must be an email address or @domain (got '" + value + "')");
        }
        if (at == 0) {
            return new Email.Domain(value.substring(1).toLowerCase(Locale.ROOT));
        }
        return new Email.Address(masking.email(value).toLowerCase(Locale.ROOT));
    }

    private static String failure(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (!FailureCodes.ALL.contains(lower)) {
            throw new BadQuery("failure", "unknown failure code '" + value + "'; one of " + String.join(", ", FailureCodes.ALL));
        }
        return lower;
    }

    private static String source(String value) {
        if (!SOURCES.contains(value)) {
            throw new BadQuery("source", "must be intercept or evaluate (got '" + value + "')");
        }
        return value;
    }

    /**
     * The search looks for the text in the event as stored, which is JSON: a quote or backslash in
     * it is looked for escaped, as JSON writes it.
     */
    private static String search(String value) {
        String json = com.fasterxml.jackson.databind.node.TextNode.valueOf(value.toLowerCase(Locale.ROOT)).toString();
        return json.substring(1, json.length() - 1);
    }

    private static int limit(String value) {
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadQuery("limit", "must be a whole number from 1 to " + MAX_LIMIT + " (got '" + value + "')");
    }

    /** One value per parameter; an empty value counts as not given, as HTML forms send them. */
    private record Values(Map<String, List<String>> parameters) {
        String get(String name) {
            List<String> values = parameters.getOrDefault(name, List.of());
            if (values.size() > 1) {
                throw new BadQuery(name, "given more than once");
            }
            if (values.isEmpty() || values.get(0).trim().isEmpty()) {
                return null;
            }
            String value = values.get(0).trim();
            if (value.length() > MAX_VALUE_LENGTH) {
                throw new BadQuery(name, "longer than " + MAX_VALUE_LENGTH + " characters");
            }
            return value;
        }
    }
}
