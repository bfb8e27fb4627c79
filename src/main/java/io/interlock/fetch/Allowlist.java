package io.interlock.fetch;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The hosts policies may call: {@code INTERLOCK_FETCH_ALLOW}, comma-separated {@code host[:port]}
 * and {@code *.domain[:port]} entries. A host entry matches that name exactly; {@code *.domain}
 * matches every name below the domain (not the domain itself). Without a port an entry matches
 * the scheme's default port only (443 for https, 80 for http), so {@code api.example.com} does
 * not open {@code api.example.com:8080}. Empty: nothing is reachable.
 *
 * <p>Only an exact entry (no wildcard) may reach a loopback, private or link-local address: a
 * wildcard says "whatever these names are", never "and whatever they point to inside my network".
 */
public final class Allowlist {

    /** One entry as the operator wrote it, normalised: lower case, no trailing dot. */
    public record Entry(String text, boolean wildcard, String host, int port) {

        boolean matches(String candidate, int candidatePort, int defaultPort) {
            if ((port < 0 ? defaultPort : port) != candidatePort) {
                return false;
            }
            return wildcard ? candidate.endsWith("." + host) : candidate.equals(host);
        }
    }

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Allowlist EMPTY = new Allowlist(List.of());

    private final List<Entry> entries;

    private Allowlist(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public static Allowlist none() {
        return EMPTY;
    }

    /** Parses the setting; throws {@link IllegalArgumentException} naming the first bad entry. */
    public static Allowlist parse(String setting) {
        List<Entry> entries = new ArrayList<>();
        if (setting == null || setting.isBlank()) {
            return EMPTY;
        }
        for (String raw : setting.split(",")) {
            String text = raw.trim();
            if (!text.isEmpty()) {
                entries.add(entry(text));
            }
        }
        return new Allowlist(entries);
    }

    private static Entry entry(String text) {
        // The likeliest mistake is pasting a URL: say what to remove, not what the port is.
        if (text.contains("://")) {
            throw bad(text, "drop the scheme, like " + example(text.substring(text.indexOf("://") + 3))
                    + " (fetch() takes http or https from the URL it is given)");
        }
        if (text.contains("/")) {
            throw bad(text, "drop the path, like " + example(text) + " (an entry allows a whole host)");
        }
        String lower = text.toLowerCase(Locale.ROOT);
        String host = lower;
        int port = -1;
        int colon = lower.lastIndexOf(':');
        boolean bracketed = lower.startsWith("[");
        if (colon > 0 && (!bracketed || colon > lower.indexOf(']'))) {
            host = lower.substring(0, colon);
            port = port(text, lower.substring(colon + 1));
        }
        if (bracketed) {
            if (!host.endsWith("]") || Hosts.ipv6(host.substring(1, host.length() - 1)).isEmpty()) {
                throw bad(text, "an IPv6 address goes in brackets, like [2001:db8::1]:8443");
            }
            return new Entry(text, false, host.substring(1, host.length() - 1), port);
        }
        boolean wildcard = host.startsWith("*.");
        String name = wildcard ? host.substring(2) : host;
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.contains("*")) {
            throw bad(text, "a wildcard may only be a leading *. (like *.example.com)");
        }
        if (Hosts.ipv4(name).isPresent()) {
            if (wildcard) {
                throw bad(text, "a wildcard needs a domain name, not an address");
            }
            return new Entry(text, false, name, port);
        }
        if (!validName(name)) {
            throw bad(text, "not a host name (letters, digits, hyphens and dots; IPv6 in brackets)");
        }
        if (wildcard && !name.contains(".")) {
            throw bad(text, "*." + name + " would allow a whole top-level domain; name your own domain, like *.example.com");
        }
        return new Entry(text, wildcard, name, port);
    }

    /** The host[:port] part of what an operator pasted, for the message. */
    private static String example(String withoutScheme) {
        int slash = withoutScheme.indexOf('/');
        String host = slash < 0 ? withoutScheme : withoutScheme.substring(0, slash);
        return host.isEmpty() ? "api.example.com" : host;
    }

    private static int port(String text, String digits) {
        try {
            int port = Integer.parseInt(digits);
            if (port >= 1 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(text, "the port must be a number from 1 to 65535");
    }

    private static boolean validName(String name) {
        if (name.isEmpty() || name.length() > 253) {
            return false;
        }
        for (String label : name.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    private static IllegalArgumentException bad(String entry, String why) {
        return new IllegalArgumentException("INTERLOCK_FETCH_ALLOW: '" + entry + "' is not host[:port] or *.domain[:port]: " + why);
    }

    /** The entry that allows {@code host} (lower case, no trailing dot) on {@code port}, if any. */
    public Optional<Entry> match(String host, int port, int defaultPort) {
        for (Entry entry : entries) {
            if (!entry.wildcard() && entry.matches(host, port, defaultPort)) {
                return Optional.of(entry);
            }
        }
        for (Entry entry : entries) {
            if (entry.wildcard() && entry.matches(host, port, defaultPort)) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    public List<Entry> entries() {
        return entries;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** For error messages: what the setting allows, so the reader sees why a host is not in it. */
    public String describe() {
        if (entries.isEmpty()) {
            return "INTERLOCK_FETCH_ALLOW is empty, so no host is";
        }
        StringBuilder text = new StringBuilder("INTERLOCK_FETCH_ALLOW: ");
        for (int i = 0; i < entries.size(); i++) {
            text.append(i == 0 ? "" : ", ").append(entries.get(i).text());
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
