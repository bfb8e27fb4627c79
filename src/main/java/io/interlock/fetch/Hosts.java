package io.interlock.fetch;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Address literals and the addresses a policy may not reach through a name: loopback, private,
 * shared (carrier-grade NAT), link-local (cloud metadata services live there), unique-local,
 * multicast, unspecified and reserved ranges, for IPv4 and IPv6 alike, with IPv4 addresses
 * embedded in IPv6 ones (mapped, compatible, NAT64, 6to4) judged as the IPv4 address they carry.
 */
final class Hosts {

    private static final Pattern DOTTED_QUAD = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    private Hosts() {}

    /** A dotted-quad IPv4 literal, parsed without any lookup. */
    static Optional<InetAddress> ipv4(String text) {
        if (!DOTTED_QUAD.matcher(text).matches()) {
            return Optional.empty();
        }
        return literal(text);
    }

    /** An IPv6 literal (without brackets), parsed without any lookup. */
    static Optional<InetAddress> ipv6(String text) {
        if (!text.contains(":") || !text.matches("[0-9a-fA-F:.]+")) {
            return Optional.empty();
        }
        return literal(text);
    }

    private static Optional<InetAddress> literal(String text) {
        try {
            // A literal is parsed, never looked up: only text of digits, dots, colons and hex gets here.
            return Optional.of(InetAddress.getByName(text));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** Why {@code address} may not be reached through a name, e.g. "a loopback address"; empty when it may. */
    static Optional<String> forbidden(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return forbiddenV4(b);
        }
        if (address instanceof Inet6Address) {
            return forbiddenV6(b);
        }
        return Optional.of("an address of an unknown kind");
    }

    private static Optional<String> forbiddenV4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        if (a0 == 0) {
            return Optional.of("an unspecified address");
        }
        if (a0 == 127) {
            return Optional.of("a loopback address");
        }
        if (a0 == 10 || (a0 == 172 && (a1 & 0xf0) == 16) || (a0 == 192 && a1 == 168)) {
            return Optional.of("a private address");
        }
        if (a0 == 100 && (a1 & 0xc0) == 64) {
            return Optional.of("a shared (carrier-grade NAT) address");
        }
        if (a0 == 169 && a1 == 254) {
            return Optional.of("a link-local address");
        }
        if (a0 == 192 && a1 == 0 && (b[2] & 0xff) == 0) {
            return Optional.of("a reserved address");
        }
        if (a0 == 198 && (a1 & 0xfe) == 18) {
            return Optional.of("a reserved (benchmarking) address");
        }
        if (a0 >= 224 && a0 <= 239) {
            return Optional.of("a multicast address");
        }
        if (a0 >= 240) {
            return Optional.of("a reserved address");
        }
        return Optional.empty();
    }

    private static Optional<String> forbiddenV6(byte[] b) {
        if (zero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return forbiddenV4(slice(b, 12)); // ::ffff:a.b.c.d, IPv4-mapped
        }
        if (zero(b, 0, 15)) {
            return Optional.of((b[15] & 0xff) == 1 ? "a loopback address" : "an unspecified address");
        }
        if (zero(b, 0, 12)) {
            return forbiddenV4(slice(b, 12)).or(() -> Optional.of("a deprecated IPv4-compatible address"));
        }
        int b0 = b[0] & 0xff;
        int b1 = b[1] & 0xff;
        if (b0 == 0x00 && b1 == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b && zero(b, 4, 12)) {
            return forbiddenV4(slice(b, 12)); // 64:ff9b::/96, NAT64
        }
        if (b0 == 0x20 && b1 == 0x02) {
            return forbiddenV4(slice(b, 2)); // 2002::/16, 6to4
        }
        if (b0 == 0xff) {
            return Optional.of("a multicast address");
        }
        if (b0 == 0xfe && (b1 & 0xc0) == 0x80) {
            return Optional.of("a link-local address");
        }
        if (b0 == 0xfe && (b1 & 0xc0) == 0xc0) {
            return Optional.of("a site-local address");
        }
        if ((b0 & 0xfe) == 0xfc) {
            return Optional.of("a unique-local (private) address");
        }
        return Optional.empty();
    }

    private static boolean zero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] slice(byte[] b, int from) {
        return new byte[] {b[from], b[from + 1], b[from + 2], b[from + 3]};
    }
}
