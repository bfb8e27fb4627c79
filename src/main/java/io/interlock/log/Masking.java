package io.interlock.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interlock.config.LogSettings.Pii;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Applies INTERLOCK_LOG_PII to everything an event keeps: the user's email, the caller's IP,
 * free text that may quote an email (console output, failure messages), and the kept payload.
 * {@code masked} keeps enough to recognise a user or network while hiding who it is;
 * {@code none} keeps no email, IP or personal name at all.
 */
final class Masking {

    static final String REMOVED_EMAIL = "[email]";
    /** What the engine appends to a console line it cut. */
    private static final char CUT = '\u2026';
    /** RFC 5321 §4.5.3.1.1: 64 octets; generous, since text may hold it escaped. */
    private static final int MAX_QUOTED_LOCAL = 256;
    private static final String DELIMITERS = "@<>()[]{},;:\"\\`=|";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");
    /** Payload keys that hold an IP address (the platform sends the end user's as ip_address). */
    private static final Set<String> IP_KEYS = Set.of("ip_address", "ip");
    /** Payload keys that hold a person's name; "name" counts only inside a "user" object. */
    private static final Set<String> NAME_KEYS = Set.of("first_name", "last_name", "given_name", "family_name");

    private final Pii mode;

    Masking(Pii mode) {
        this.mode = mode;
    }

    Pii mode() {
        return mode;
    }

    /** {@code john.doe@acmecorp.com} → {@code j***@acmecorp.com} (masked) or null (none). */
    String email(String email) {
        if (email == null || mode == Pii.FULL) {
            return email;
        }
        if (mode == Pii.NONE) {
            return null;
        }
        int at = email.lastIndexOf('@');
        if (at <= 0) {
            return "***";
        }
        return initial(email) + "***" + email.substring(at);
    }

    /**
     * The one character a masked value keeps: its first code point when that is a letter or
     * digit, else nothing (a quote, an ellipsis or a lone surrogate says nothing about the person
     * and a lone surrogate would not survive UTF-8).
     */
    private static String initial(String value) {
        if (value.isEmpty()) {
            return "";
        }
        int first = value.codePointAt(0);
        return Character.isLetterOrDigit(first) && !Character.isSurrogate(value.charAt(0))
                ? new String(Character.toChars(first)) : "";
    }

    /**
     * IPv4 keeps its /24 ({@code 203.0.113.24} → {@code 203.0.113.0}), IPv6 its /48
     * ({@code 2001:db8:85a3::}): the network an operator needs, not the host. Anything that is
     * not an IP address is dropped rather than guessed at.
     */
    String ip(String ip) {
        if (ip == null || mode == Pii.FULL) {
            return ip;
        }
        if (mode == Pii.NONE) {
            return null;
        }
        String text = ip.trim();
        var v4 = IPV4.matcher(text);
        if (v4.matches()) {
            for (int i = 1; i <= 4; i++) {
                if (Integer.parseInt(v4.group(i)) > 255) {
                    return null;
                }
            }
            return v4.group(1) + "." + v4.group(2) + "." + v4.group(3) + ".0";
        }
        int zone = text.indexOf('%');
        String literal = zone >= 0 ? text.substring(0, zone) : text;
        // Only a string that can be nothing but an IPv6 literal reaches InetAddress, so it never
        // turns into a DNS lookup.
        if (!literal.contains(":") || !IPV6_CHARS.matcher(literal).matches()) {
            return null;
        }
        try {
            InetAddress address = InetAddress.getByName(literal);
            byte[] b = address.getAddress();
            if (address instanceof Inet4Address) {
                return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + ".0";
            }
            if (address instanceof Inet6Address) {
                return Integer.toHexString(((b[0] & 0xff) << 8) | (b[1] & 0xff)) + ":"
                        + Integer.toHexString(((b[2] & 0xff) << 8) | (b[3] & 0xff)) + ":"
                        + Integer.toHexString(((b[4] & 0xff) << 8) | (b[5] & 0xff)) + "::";
            }
        } catch (UnknownHostException e) {
            // not an address after all
        }
        return null;
    }

    /**
     * Free text (console output, messages): each email inside is masked or replaced. The local
     * part is everything before the '@' back to a space, a control character or a delimiter,
     * whatever it holds (accents, other scripts, lone surrogates), so no part of it stays
     * readable. A domain needs a dot, unless it runs into the end of the text or a cut mark
     * ('…'): text cut inside an address must not leave its local part readable.
     */
    String text(String text) {
        if (text == null || mode == Pii.FULL || text.indexOf('@') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        int at = text.indexOf('@');
        while (at >= 0) {
            // Scanning outwards from each '@' keeps this linear on hostile input, unlike a regex
            // whose local part would be retried from every start position ('@' ends both scans).
            int start = localStart(text, at, copied);
            int end = at + 1;
            while (end < text.length() && isDomain(text.charAt(end))) {
                end++;
            }
            boolean cut = end == text.length() || text.charAt(end) == CUT;
            while (end > at + 1 && (text.charAt(end - 1) == '.' || text.charAt(end - 1) == '-')) {
                end--;
                cut = false;
            }
            String domain = text.substring(at + 1, end);
            if (start < at && (domain.indexOf('.') > 0 || cut && !domain.isEmpty())) {
                out.append(text, copied, start);
                String email = text.substring(start, end);
                out.append(mode == Pii.NONE ? REMOVED_EMAIL : email(email));
                copied = end;
            }
            at = text.indexOf('@', Math.max(end, at + 1));
        }
        return out.append(text, copied, text.length()).toString();
    }

    /**
     * Where the local part before the '@' at {@code at} begins, not before {@code floor}. A quoted
     * local part ({@code "john doe"@x.io}) is taken whole, up to the longest a local part may be.
     */
    private static int localStart(String text, int at, int floor) {
        if (at > floor && text.charAt(at - 1) == '"') {
            for (int open = at - 2; open >= Math.max(floor, at - MAX_QUOTED_LOCAL); open--) {
                if (text.charAt(open) == '"') {
                    return open;
                }
            }
        }
        int start = at;
        while (start > floor && isLocal(text.charAt(start - 1))) {
            start--;
        }
        return start;
    }

    /** A masked deep copy of a request payload (the original is the caller's and stays untouched). */
    JsonNode payload(JsonNode payload) {
        if (mode == Pii.FULL) {
            return payload;
        }
        return copy(payload, null);
    }

    private JsonNode copy(JsonNode node, String parentKey) {
        if (node.isObject()) {
            ObjectNode out = JSON.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String key = field.getKey();
                JsonNode value = field.getValue();
                String keptKey = text(key); // an address can be a key too (a map keyed by user)
                if (value.isTextual() && IP_KEYS.contains(key)) {
                    out.set(keptKey, textOrNull(ip(value.textValue())));
                } else if (value.isTextual() && (NAME_KEYS.contains(key) || ("name".equals(key) && "user".equals(parentKey)))) {
                    out.set(keptKey, textOrNull(name(value.textValue())));
                } else {
                    out.set(keptKey, copy(value, key));
                }
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JSON.arrayNode(node.size());
            for (JsonNode item : node) {
                out.add(copy(item, parentKey));
            }
            return out;
        }
        if (node.isTextual()) {
            String value = node.textValue();
            if (mode == Pii.NONE && isEmail(value)) {
                return JSON.nullNode();
            }
            return JSON.textNode(text(value));
        }
        return node.deepCopy();
    }

    private String name(String name) {
        if (mode == Pii.NONE) {
            return null;
        }
        return name.isEmpty() ? name : initial(name) + "***";
    }

    private static JsonNode textOrNull(String value) {
        return value == null ? JSON.nullNode() : JSON.textNode(value);
    }

    /** True when the whole string is one email address. */
    static boolean isEmail(String value) {
        int at = value.indexOf('@');
        if (at <= 0 || at != value.lastIndexOf('@') || at == value.length() - 1) {
            return false;
        }
        for (int i = 0; i < at; i++) {
            if (!isLocal(value.charAt(i))) {
                return false;
            }
        }
        String domain = value.substring(at + 1);
        if (domain.indexOf('.') <= 0 || domain.endsWith(".")) {
            return false;
        }
        for (int i = 0; i < domain.length(); i++) {
            if (!isDomain(domain.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * A character that can be part of a local part as found in text: anything but space, control
     * characters, the cut mark and the characters that delimit an address in prose, markup or
     * {@code key=value} output. Generous on purpose: masking too much hides a little log text,
     * masking too little publishes a name.
     */
    private static boolean isLocal(char c) {
        return !Character.isWhitespace(c) && !Character.isSpaceChar(c) && !Character.isISOControl(c)
                && c != CUT && DELIMITERS.indexOf(c) < 0;
    }

    /** ASCII letters, digits, '.', '-', and beyond ASCII the letters, digits and marks of IDN domains. */
    private static boolean isDomain(char c) {
        if (c < 0x80) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-';
        }
        int type = Character.getType(c);
        return Character.isLetterOrDigit(c) || Character.isSurrogate(c)
                || type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK;
    }
}
