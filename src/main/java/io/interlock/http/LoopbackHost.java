package io.interlock.http;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whether a Host (or Origin) names this machine's loopback interface: {@code localhost},
 * {@code 127.x.y.z} or {@code [::1]}, with any port. A DNS-rebinding page reaches a loopback
 * socket under its own name, so without an admin token the name must be checked as well as the
 * address. Parsing is strict, and refuses what it does not understand: a wrongly refused local
 * tool can set {@code Host: localhost}, a wrongly accepted page reads the decision log.
 * Nothing here resolves a name (an IPv6 literal is parsed by {@link InetAddress} only after its
 * characters prove it is one).
 */
final class LoopbackHost {

    private static final Pattern PORT = Pattern.compile("[0-9]{0,5}");
    private static final Pattern IPV4 = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-f:.]+");

    private LoopbackHost() {}

    /** A Host header value: {@code host[:port]}; null or blank is not loopback. */
    static boolean isLoopback(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return false;
        }
        String value = hostHeader.strip().toLowerCase(Locale.ROOT);
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            return close > 0 && isPort(value.substring(close + 1)) && isLoopbackIpv6(value.substring(1, close));
        }
        int colon = value.indexOf(':');
        if (colon >= 0 && !isPort(value.substring(colon))) {
            return false;
        }
        return isLoopbackName(colon >= 0 ? value.substring(0, colon) : value);
    }

    /** An Origin header value ({@code scheme://host[:port]}); {@code null} (the literal) is not loopback. */
    static boolean isLoopbackOrigin(String origin) {
        try {
            URI uri = new URI(origin.strip());
            if (uri.getRawAuthority() == null || uri.getRawUserInfo() != null
                    || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                return false;
            }
            return isLoopback(uri.getRawAuthority());
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** {@code ""} or {@code ":"} followed by up to five digits. */
    private static boolean isPort(String rest) {
        return rest.isEmpty() || rest.charAt(0) == ':' && PORT.matcher(rest.substring(1)).matches();
    }

    private static boolean isLoopbackName(String host) {
        // "localhost." is the same name written absolutely; "localhost.." and "x.localhost" are not.
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (name.equals("localhost")) {
            return true;
        }
        if (!IPV4.matcher(name).matches()) {
            return false;
        }
        String[] octets = name.split("\\.");
        for (String octet : octets) {
            if (Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return octets[0].equals("127");
    }

    private static boolean isLoopbackIpv6(String literal) {
        if (!literal.contains(":") || !IPV6.matcher(literal).matches()) {
            return false;
        }
        try {
            // ::ffff:127.0.0.1 comes back as an Inet4Address; both kinds answer isLoopbackAddress.
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
