package io.interlock.fetch;

import java.net.InetAddress;
import java.net.URI;
import java.util.Locale;

/**
 * Where one hop of a call goes: the URL's host and port, and the address that was checked for
 * it, which is the one the connection is made to (no second lookup between check and connect).
 */
record Target(boolean tls, String host, int port, InetAddress address, String requestTarget) {

    static Target of(URI url, InetAddress address) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        String query = url.getRawQuery() == null ? "" : "?" + url.getRawQuery();
        return new Target(isTls(url), hostOf(url), portOf(url), address, path + query);
    }

    static boolean isTls(URI url) {
        return url.getScheme().equalsIgnoreCase("https");
    }

    /** Lower case, without IPv6 brackets or a trailing dot. */
    static String hostOf(URI url) {
        String host = url.getHost().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    static int portOf(URI url) {
        return url.getPort() >= 0 ? url.getPort() : defaultPort(url);
    }

    static int defaultPort(URI url) {
        return isTls(url) ? 443 : 80;
    }

    /** The Host header: the name, bracketed for IPv6, with the port when it is not the default. */
    String hostHeader() {
        String shown = host.contains(":") ? "[" + host + "]" : host;
        return port == (tls ? 443 : 80) ? shown : shown + ":" + port;
    }
}
