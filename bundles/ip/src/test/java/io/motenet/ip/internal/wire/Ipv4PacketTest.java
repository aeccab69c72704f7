package io.motenet.ip.internal.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.motenet.ip.internal.wire.WireException.Reason;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class Ipv4PacketTest {
    static ByteBuffer ip(String capture, int index) {
        return EthernetFrame.parse(Captures.frame(capture, index)).payload();
    }

    @Test
    void parsesCapturedEchoRequest() {
        // captures/ping.txt: ping -c1 -s 24 -p 6d6f74656e6574 10.99.1.1 ; header 4500 0034 dd69 4000 4001 4697
        Ipv4Packet p = Ipv4Packet.parse(ip("ping", 0));
        assertEquals(0xdd69, p.identification());
        assertTrue(p.dontFragment());
        assertFalse(p.isFragment());
        assertEquals(64, p.ttl());
        assertEquals(Ipv4Packet.PROTO_ICMP, p.protocol());
        assertEquals(Ipv4Address.parse("10.99.1.2"), p.src());
        assertEquals(Ipv4Address.parse("10.99.1.1"), p.dst());
        assertEquals(32, p.payload().remaining());
        assertEquals(52, p.totalLength());
    }

    @Test
    void emitReproducesCapturedHeaderAndChecksum() {
        for (String capture : new String[] {"ping", "portunreach"}) {
            ByteBuffer wire = ip(capture, 1); // reply / ICMP error from the kernel, DF clear
            ByteBuffer out = ByteBuffer.allocate(wire.remaining());
            Ipv4Packet.parse(wire).emit(out);
            assertArrayEquals(Captures.toArray(wire), out.array(), capture);
        }
    }

    @Test
    void skipsOptions() {
        // captures/ipopts.txt: ping -R (record route): IHL 15, 40 bytes of options before ICMP
        Ipv4Packet p = Ipv4Packet.parse(ip("ipopts", 0));
        assertEquals(Ipv4Packet.PROTO_ICMP, p.protocol());
        assertEquals(0x7c - 60, p.payload().remaining());
        assertEquals(8, p.payload().get(0)); // the ICMP echo request type, right after the options
        Ipv4Packet reply = Ipv4Packet.parse(ip("ipopts", 1));
        assertEquals(0, reply.payload().get(0));
    }

    @Test
    void trimsEthernetPadding() {
        ByteBuffer frame = Captures.copy(ip("portunreach", 0)); // UDP, total length 0x2a = 42
        ByteBuffer padded = ByteBuffer.allocate(frame.remaining() + 4);
        padded.put(frame).flip();
        assertEquals(42 - 20, Ipv4Packet.parse(padded).payload().remaining());
    }

    @Test
    void parsesCapturedFragments() {
        // captures/frag.txt: ping -M dont -s 1600: 1500-byte first fragment, then the rest at offset 1480
        Ipv4Packet first = Ipv4Packet.parse(ip("frag", 0));
        assertTrue(first.moreFragments());
        assertEquals(0, first.fragmentOffset());
        assertEquals(1480, first.payload().remaining());
        Ipv4Packet second = Ipv4Packet.parse(ip("frag", 1));
        assertFalse(second.moreFragments());
        assertEquals(1480, second.fragmentOffset());
        assertEquals(1608 - 1480, second.payload().remaining());
        assertEquals(first.identification(), second.identification());
    }

    @Test
    void refusesHostileVariants() {
        ByteBuffer good = ip("ping", 0);
        assertEquals(Reason.TRUNCATED, reason(good.slice(0, 19)));
        ByteBuffer v6 = Captures.copy(good);
        v6.put(0, (byte) 0x65);
        assertEquals(Reason.BAD_VERSION, reason(v6));
        ByteBuffer ihl = Captures.copy(good);
        ihl.put(0, (byte) 0x44); // IHL 16 bytes < 20
        assertEquals(Reason.BAD_LENGTH, reason(ihl));
        ByteBuffer bigIhl = Captures.copy(good).slice(0, 30);
        bigIhl.put(0, (byte) 0x4f); // 60-byte header in a 30-byte buffer
        assertEquals(Reason.TRUNCATED, reason(bigIhl));
        ByteBuffer longTotal = Captures.copy(good);
        longTotal.putShort(2, (short) 0x0100);
        assertEquals(Reason.TRUNCATED, reason(longTotal));
        ByteBuffer shortTotal = Captures.copy(good);
        shortTotal.putShort(2, (short) 19);
        assertEquals(Reason.BAD_LENGTH, reason(shortTotal));
        ByteBuffer checksum = Captures.copy(good);
        checksum.put(8, (byte) 63); // TTL changed without fixing the checksum
        assertEquals(Reason.BAD_CHECKSUM, reason(checksum));
        ByteBuffer evil = Captures.copy(good);
        evil.put(6, (byte) (evil.get(6) | 0x80)); // RFC 3514's evil bit: reserved, must be zero
        evil.putShort(10, (short) 0);
        evil.putShort(10, (short) Checksum.of(evil, 0, 20));
        assertEquals(Reason.BAD_FIELD, reason(evil));
    }

    private static Reason reason(ByteBuffer b) {
        return assertThrows(WireException.class, () -> Ipv4Packet.parse(b)).reason();
    }
}
