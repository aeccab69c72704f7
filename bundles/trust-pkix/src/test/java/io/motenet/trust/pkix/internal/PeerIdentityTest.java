package io.motenet.trust.pkix.internal;

import static io.motenet.trust.pkix.internal.TestPki.cert;
import static io.motenet.trust.pkix.internal.VerifierFixture.verify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.motenet.trust.Rule;
import io.motenet.trust.Verdict;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 9525 peer identity: SAN only, wildcard rules, public suffixes, IP addresses. */
class PeerIdentityTest {
    private static TestPki.Issued root;
    private static TestPki.Issued ica;
    private static PkixEngine engine;

    @BeforeAll
    static void pki() {
        root = cert("CN=Test Root").ca(null).selfSigned();
        ica = cert("CN=Test ICA").ca(0).signedBy(root);
        engine = VerifierFixture.engine(root);
    }

    private static Verdict leafFor(String host, String... dnsSans) {
        return verify(engine, host, cert("O=Leaf").dns(dnsSans).signedBy(ica), ica);
    }

    @ParameterizedTest(name = "{0} against SAN {1}: {2}")
    @CsvSource({
        "foo.example.com, *.example.com, true",
        "FOO.Example.COM., *.example.com, true",   // case-insensitive, trailing dot
        "example.com, *.example.com, false",        // wildcard needs exactly one label
        "a.b.example.com, *.example.com, false",    // and only one
        "baz.example.com, ba*.example.com, false",  // partial-label wildcard refused
        "foo.example.com, f*o.example.com, false",
        "xn--bliss-1b3c148a.example.com, xn--*-1b3c148a.example.com, false",
        "example.com, *.com, false",                // public suffix
        "example.co.uk, *.co.uk, false",            // multi-label public suffix
        "foo.example.co.uk, *.example.co.uk, true",
        "foo.github.io, *.github.io, false",        // private-section suffix
        "com, *, false",
        "www.example.com, WWW.EXAMPLE.COM, true",
        "www.example.com, www.example.com., true",
        "xn--n3h.example.com, xn--n3h.example.com, true",
        "example.org, example.com, false",
    })
    void dnsNames(String host, String san, boolean trusted) {
        Verdict v = leafFor(host, san);
        assertEquals(trusted, v.trusted(), v::toString);
        if (!trusted) {
            assertEquals(Rule.PEER_IDENTITY, ((Verdict.Rejected) v).rule());
        }
    }

    @Test
    void commonNameIsNeverUsed() {
        // Subject CN names the host, SAN does not: refused (no CN fallback).
        Verdict v = verify(engine, "cn.example.com", cert("CN=cn.example.com").dns("other.example.com").signedBy(ica), ica);
        assertFalse(v.trusted());
    }

    @Test
    void noSubjectAltNameNamesNoPeer() {
        Verdict v = verify(engine, "example.com", cert("O=No SAN").signedBy(ica), ica);
        assertEquals(Rule.PEER_IDENTITY, ((Verdict.Rejected) v).rule(), v::toString);
    }

    @Test
    void ipAddressesMatchIpSansByteForByte() {
        TestPki.Issued leaf = cert("O=IP Leaf").ip("192.0.2.7", "2001:db8::1").dns("192.0.2.8").signedBy(ica);
        assertTrue(verify(engine, "192.0.2.7", leaf, ica).trusted());
        assertTrue(verify(engine, "2001:db8:0:0:0:0:0:1", leaf, ica).trusted());
        assertTrue(verify(engine, "[2001:db8::1]", leaf, ica).trusted());
        // An IP written as a dNSName SAN is not an IP identity.
        assertFalse(verify(engine, "192.0.2.8", leaf, ica).trusted());
        assertFalse(verify(engine, "192.0.2.9", leaf, ica).trusted());
        // and an IP SAN never satisfies a DNS identity
        assertFalse(verify(engine, "host.example", leaf, ica).trusted());
    }

    @Test
    void ipv6TextIsCanonical() {
        assertEquals("2001:db8::1:0:0:1", IpText.canonical(bytes("2001:db8:0:0:1:0:0:1")));
        assertEquals("::1", IpText.canonical(bytes("::1")));
        assertEquals("2001:db8:0:1:1:1:1:1", IpText.canonical(bytes("2001:db8:0:1:1:1:1:1")));
        assertEquals("192.168.1.1", IpText.canonical(new byte[] {(byte) 192, (byte) 168, 1, 1}));
    }

    private static byte[] bytes(String v6) {
        return java.net.InetAddress.ofLiteral(v6).getAddress();
    }
}
