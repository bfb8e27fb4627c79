package io.interlock.decision;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** Character-level checks on strings that reach end users, tokens or logs. */
final class Text {
    /** Excerpts of policy-supplied text in violations stay short: they end up in logs. */
    private static final int EXCERPT_CODE_POINTS = 64;

    private Text() {}

    static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    /**
     * The first character a user-facing or identifier string must not carry: C0/C1 controls
     * (they corrupt logs and UIs) and unpaired surrogates (they cannot be encoded as UTF-8).
     */
    static Optional<String> firstForbidden(String text, boolean allowNewlineAndTab) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isPairStart(text, i)) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of("unpaired surrogate not allowed");
            } else if (Character.isISOControl(c) && !(allowNewlineAndTab && (c == '\n' || c == '\t'))) {
                return Optional.of(String.format("control character U+%04X not allowed", (int) c));
            }
        }
        return Optional.empty();
    }

    /**
     * A JSON-quoted, truncated rendering of policy-supplied text for a violation message, with
     * controls and unpaired surrogates escaped so the message itself is safe to log.
     */
    static String quoted(String text) {
        boolean cut = length(text) > EXCERPT_CODE_POINTS;
        String kept = cut ? text.substring(0, text.offsetByCodePoints(0, EXCERPT_CODE_POINTS)) : text;
        StringBuilder out = new StringBuilder(kept.length() + 4).append('"');
        for (int i = 0; i < kept.length(); i++) {
            char c = kept.charAt(i);
            if (isPairStart(kept, i)) {
                out.append(c).append(kept.charAt(++i));
            } else if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (Character.isISOControl(c) || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append(cut ? "…\"" : "\"").toString();
    }

    /** JSON null is treated like an absent optional field: JS code writes {@code error: null}. */
    static boolean isAbsent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    private static boolean isPairStart(String text, int i) {
        return Character.isHighSurrogate(text.charAt(i)) && i + 1 < text.length()
                && Character.isLowSurrogate(text.charAt(i + 1));
    }
}
