package io.interlock.config;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Micronaut's own MICRONAUT_SERVER_PORT and MICRONAUT_SERVER_HOST, checked with Interlock's
 * settings: Micronaut would otherwise fail on them only when it binds, with an injection error or
 * a stack trace that names neither variable.
 */
final class ServerSettings {

    private ServerSettings() {}

    static void check(InterlockConfig.Reader r) {
        r.string(Settings.SERVER_PORT).filter(s -> !s.isEmpty()).flatMap(ServerSettings::portProblem).ifPresent(r::problem);
        r.string(Settings.SERVER_HOST).filter(s -> !s.isEmpty()).flatMap(ServerSettings::hostProblem).ifPresent(r::problem);
    }

    /** 1-65535; also -1, Micronaut's "any free port", which the tests use. */
    static Optional<String> portProblem(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port == -1 || (port >= 1 && port <= 65_535)) {
                return Optional.empty();
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        return Optional.of(Settings.SERVER_PORT.env() + " must be a port number from 1 to 65535 (got '" + text + "')");
    }

    /** A name or address this machine can listen on: resolvable, and one of its own. */
    static Optional<String> hostProblem(String text) {
        String name = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        String fix = "; set an address of this machine (127.0.0.1 for this machine only), or unset it to listen on every interface";
        InetAddress address;
        try {
            address = InetAddress.getByName(name);
        } catch (UnknownHostException e) {
            return Optional.of(Settings.SERVER_HOST.env() + ": cannot resolve '" + text + "'" + fix);
        }
        if (address.isAnyLocalAddress() || address.isLoopbackAddress()) {
            return Optional.empty();
        }
        try {
            if (NetworkInterface.getByInetAddress(address) == null) {
                String resolved = address.getHostAddress().equals(name) ? "" : " (" + address.getHostAddress() + ")";
                return Optional.of(Settings.SERVER_HOST.env() + ": '" + text + "'" + resolved
                        + " is not an address of this machine" + fix);
            }
        } catch (SocketException e) {
            // cannot tell: let the bind decide
        }
        return Optional.empty();
    }
}
