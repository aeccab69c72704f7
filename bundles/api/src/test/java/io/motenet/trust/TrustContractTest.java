package io.motenet.trust;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustContractTest {

    @Test
    void forHostTellsIpLiteralsFromDnsNames() {
        assertInstanceOf(PeerIdentity.IpAddress.class, PeerIdentity.forHost("192.0.2.1"));
        assertInstanceOf(PeerIdentity.IpAddress.class, PeerIdentity.forHost("[2001:db8::1]"));
        assertInstanceOf(PeerIdentity.IpAddress.class, PeerIdentity.forHost("::1"));
        assertInstanceOf(PeerIdentity.DnsName.class, PeerIdentity.forHost("api.anthropic.com"));
        // digits and dots but not four parts: a (strange) host name, never resolved as an address
        assertInstanceOf(PeerIdentity.DnsName.class, PeerIdentity.forHost("1.2.3"));
        assertArrayEquals(new byte[] {(byte) 192, 0, 2, 1}, ((PeerIdentity.IpAddress) PeerIdentity.ip("192.0.2.1")).address().getAddress());
        assertThrows(IllegalArgumentException.class, () -> PeerIdentity.ip("example.com"));
    }

    @Test
    void requestCopiesItsBytesAndRefusesAnEmptyChain() {
        byte[] cert = {0x30, 0x00};
        List<byte[]> chain = new ArrayList<>(List.of(cert));
        VerificationRequest r = VerificationRequest.server(chain, PeerIdentity.dns("a.example"), Instant.EPOCH);
        cert[0] = 0;
        chain.clear();
        assertEquals(0x30, r.peerCertificate()[0]);
        assertEquals(1, r.chain().size());
        assertEquals(Purpose.SERVER_AUTH, r.purpose());
        assertEquals(3, r.withMaxIntermediates(3).maxIntermediates().orElseThrow());
        assertThrows(IllegalArgumentException.class, () -> VerificationRequest.server(List.of(), PeerIdentity.dns("a"), Instant.EPOCH));
    }

    @Test
    void rejectionReadsAsASentence() {
        Verdict v = new Verdict.Rejected(Rule.PEER_IDENTITY, "CN=x", "certificate is not valid for wrong.example.com");
        assertEquals("PEER_IDENTITY [CN=x]: certificate is not valid for wrong.example.com", v.toString());
        assertEquals(false, v.trusted());
    }
}
