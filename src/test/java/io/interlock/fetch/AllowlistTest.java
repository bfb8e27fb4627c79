package io.interlock.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** INTERLOCK_FETCH_ALLOW: what each entry lets out, what a bad one says, and which addresses a name may not lead to. */
class AllowlistTest {

    static final Allowlist LIST = Allowlist.parse(" api.example.com, *.acmecorp.com:8443 ,billing.internal.:9000, 10.0.0.5, [fd00::1]:8080 ");

    @ParameterizedTest(name = "{0}:{1} ({2}) -> {3}")
    @CsvSource(nullValues = "-", value = {
            "api.example.com, 443, 443, api.example.com",
            "api.example.com, 80, 80, api.example.com",
            "api.example.com, 8080, 443, -",
            "www.api.example.com, 443, 443, -",
            "example.com, 443, 443, -",
            "eu.acmecorp.com, 8443, 443, *.acmecorp.com:8443",
            "a.b.acmecorp.com, 8443, 443, *.acmecorp.com:8443",
            "acmecorp.com, 8443, 443, -",
            "eu.acmecorp.com, 443, 443, -",
            "evilacmecorp.com, 8443, 443, -",
            "billing.internal, 9000, 443, billing.internal.:9000",
            "10.0.0.5, 443, 443, 10.0.0.5",
            "10.0.0.6, 443, 443, -",
            "fd00::1, 8080, 443, [fd00::1]:8080",
    })
    void matchesTheHostAndPortAnEntryNames(String host, int port, int defaultPort, String entry) {
        assertEquals(Optional.ofNullable(entry), LIST.match(host, port, defaultPort).map(Allowlist.Entry::text));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "*              | a wildcard may only be a leading *.",
            "*.com          | would allow a whole top-level domain",
            "api.*.com      | a wildcard may only be a leading *.",
            "https://a.com  | not host[:port]",
            "a.com:0        | the port must be a number from 1 to 65535",
            "a.com:http     | the port must be a number from 1 to 65535",
            "a_b.com        | not a host name",
            "*.10.0.0.5     | a wildcard needs a domain name",
            "[zz::1]        | an IPv6 address goes in brackets",
    })
    void aBadEntryStopsTheStartNamingItself(String entry, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Allowlist.parse("ok.example.com," + entry));
        assertTrue(e.getMessage().startsWith("INTERLOCK_FETCH_ALLOW: '" + entry.strip() + "'") && e.getMessage().contains(fragment),
                e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", value = {
            "93.184.216.34, -",
            "8.8.8.8, -",
            "127.0.0.1, a loopback address",
            "127.255.0.9, a loopback address",
            "0.0.0.0, an unspecified address",
            "10.1.2.3, a private address",
            "172.16.0.1, a private address",
            "172.31.255.255, a private address",
            "172.32.0.1, -",
            "192.168.1.1, a private address",
            "100.64.0.1, a shared (carrier-grade NAT) address",
            "169.254.169.254, a link-local address",
            "224.0.0.1, a multicast address",
            "255.255.255.255, a reserved address",
            "2606:4700::1111, -",
            "::1, a loopback address",
            "::, an unspecified address",
            "::ffff:127.0.0.1, a loopback address",
            "::ffff:10.0.0.1, a private address",
            "::127.0.0.1, a loopback address",
            "64:ff9b::a9fe:a9fe, a link-local address",
            "2002:0a00:0001::1, a private address",
            "fe80::1, a link-local address",
            "fd12:3456::1, a unique-local (private) address",
            "fc00::1, a unique-local (private) address",
            "ff02::1, a multicast address",
    })
    void namesMayNotLeadIntoThePrivateNetwork(String address, String why) throws Exception {
        assertEquals(Optional.ofNullable(why), Hosts.forbidden(InetAddress.getByName(address)));
    }

    @org.junit.jupiter.api.Test
    void anEmptySettingAllowsNothingAndSaysSo() {
        assertTrue(Allowlist.parse(" ").isEmpty());
        assertEquals("INTERLOCK_FETCH_ALLOW is empty, so no host is", Allowlist.parse("").describe());
        assertEquals("INTERLOCK_FETCH_ALLOW: a.com, *.b.com", Allowlist.parse("a.com,*.b.com").describe());
    }
}
