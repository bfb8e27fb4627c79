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
        return email.substring(0, email.offsetByCodePoints(0, 1)) + "***" + email.substring(at);
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

    /** Free text (console output, messages): each email inside is masked or replaced. */
    String text(String text) {
        if (text == null || mode == Pii.FULL || text.indexOf('@') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        int at = text.indexOf('@');
        while (at >= 0) {
            // Scanning outwards from each '@' keeps this linear on hostile input, unlike a regex
            // whose local part would be retried from every start position.
            int start = at;
            while (start > copied && isLocal(text.charAt(start - 1))) {
                start--;
            }
            int end = at + 1;
            while (end < text.length() && isDomain(text.charAt(end))) {
                end++;
            }
            while (end > at + 1 && (text.charAt(end - 1) == '.' || text.charAt(end - 1) == '-')) {
                end--;
            }
            String domain = text.substring(at + 1, end);
            if (start < at && domain.indexOf('.') > 0) {
                out.append(text, copied, start);
                String email = text.substring(start, end);
                out.append(mode == Pii.NONE ? REMOVED_EMAIL : email(email));
                copied = end;
            }
            at = text.indexOf('@', Math.max(end, at + 1));
        }
        return out.append(text, copied, text.length()).toString();
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
                if (value.isTextual() && IP_KEYS.contains(key)) {
                    out.set(key, textOrNull(ip(value.textValue())));
                } else if (value.isTextual() && (NAME_KEYS.contains(key) || ("name".equals(key) && "user".equals(parentKey)))) {
                    out.set(key, textOrNull(name(value.textValue())));
                } else {
                    out.set(key, copy(value, key));
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
        return name.isEmpty() ? name : name.substring(0, name.offsetByCodePoints(0, 1)) + "***";
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

    private static boolean isLocal(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "._%+-'".indexOf(c) >= 0;
    }

    private static boolean isDomain(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-';
    }
}
