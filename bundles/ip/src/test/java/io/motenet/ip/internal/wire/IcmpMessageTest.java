package io.motenet.ip.internal.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.motenet.ip.internal.wire.WireException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class IcmpMessageTest {
    static ByteBuffer icmp(String capture, int index) {
        return Ipv4Packet.parse(Ipv4PacketTest.ip(capture, index)).payload();
    }

    @Test
    void parsesAndReemitsCapturedEcho() {
        // captures/ping.txt: id 11078 (0x2b46), seq 1, 24 bytes of data after the 8-byte timestamp
        for (int i = 0; i < 2; i++) {
            ByteBuffer wire = icmp("ping", i);
            IcmpMessage.Echo e = assertInstanceOf(IcmpMessage.Echo.class, IcmpMessage.parse(wire));
            assertEquals(i == 0, e.request());
            assertEquals(0x2b46, e.identifier());
            assertEquals(1, e.sequence());
            assertEquals(24, e.data().remaining());
            ByteBuffer out = ByteBuffer.allocate(IcmpMessage.length(e));
            IcmpMessage.emit(e, out);
            assertArrayEquals(Captures.toArray(wire), out.array());
        }
    }

    @Test
    void parsesPortUnreachableWithQuotedUdp() {
        // captures/portunreach.txt: socat sends "hello-motenet\n" from 40000 to 10.99.1.1:7777
        IcmpMessage.Error e = assertInstanceOf(IcmpMessage.Error.class, IcmpMessage.parse(icmp("portunreach", 1)));
        assertEquals(IcmpMessage.TYPE_DEST_UNREACHABLE, e.type());
        assertEquals(IcmpMessage.CODE_PORT_UNREACHABLE, e.code());
        Ipv4Packet quoted = Ipv4Packet.parse(e.quoted(), false);
        assertEquals(Ipv4Packet.PROTO_UDP, quoted.protocol());
        assertEquals(Ipv4Address.parse("10.99.1.1"), quoted.dst());
        assertArrayEquals(new int[] {40000, 7777}, UdpDatagram.quotedPorts(quoted.payload()));
        // Linux quotes the whole datagram here, so the UDP datagram parses and verifies too.
        UdpDatagram udp = UdpDatagram.parse(quoted.payload(), quoted.src(), quoted.dst());
        assertEquals("hello-motenet\n", StandardCharsets.US_ASCII.decode(udp.payload()).toString());
    }

    @Test
    void parsesFragmentationNeededWithMtu() {
        // captures/fragneeded.txt: ping -M do -s 1400 across a 1280-MTU link
        IcmpMessage.Error e = assertInstanceOf(IcmpMessage.Error.class, IcmpMessage.parse(icmp("fragneeded", 1)));
        assertEquals(IcmpMessage.CODE_FRAG_NEEDED, e.code());
        assertEquals(1280, e.nextHopMtu());
        Ipv4Packet quoted = Ipv4Packet.parse(e.quoted(), false); // quote cut short by the router
        assertEquals(Ipv4Address.parse("10.99.2.2"), quoted.dst());
    }

    @Test
    void parsesTimeExceeded() {
        // captures/ttl.txt: ping -t 1 10.99.2.2 through the router namespace
        IcmpMessage.Error e = assertInstanceOf(IcmpMessage.Error.class, IcmpMessage.parse(icmp("ttl", 1)));
        assertEquals(IcmpMessage.TYPE_TIME_EXCEEDED, e.type());
        assertEquals(0, e.code());
        assertEquals(0, e.nextHopMtu());
        ByteBuffer out = ByteBuffer.allocate(IcmpMessage.length(e));
        IcmpMessage.emit(e, out);
        assertArrayEquals(Captures.toArray(icmp("ttl", 1)), out.array());
    }

    @Test
    void refusesHostileVariants() {
        ByteBuffer good = icmp("ping", 0);
        assertEquals(Reason.TRUNCATED, reason(good.slice(0, 7)));
        ByteBuffer bad = Captures.copy(good);
        bad.put(20, (byte) (bad.get(20) ^ 1));
        assertEquals(Reason.BAD_CHECKSUM, reason(bad));
        // an error message too short to quote even an IP header (checksum fixed up)
        ByteBuffer shortQuote = Captures.copy(icmp("portunreach", 1)).slice(0, 8 + 19);
        ByteBuffer fixed = ByteBuffer.allocate(shortQuote.remaining());
        fixed.put(shortQuote).putShort(2, (short) 0).putShort(2, (short) Checksum.of(fixed, 0, fixed.capacity()));
        fixed.clear();
        assertEquals(Reason.TRUNCATED, reason(fixed));
    }

    private static Reason reason(ByteBuffer b) {
        return assertThrows(WireException.class, () -> IcmpMessage.parse(b)).reason();
    }
}
