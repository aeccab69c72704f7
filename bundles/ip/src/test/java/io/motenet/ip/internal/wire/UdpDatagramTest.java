package io.motenet.ip.internal.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.motenet.ip.internal.wire.WireException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UdpDatagramTest {
    static final Ipv4Address SRC = Ipv4Address.parse("10.99.1.2");
    static final Ipv4Address DST = Ipv4Address.parse("10.99.1.1");

    static ByteBuffer udp() {
        // captures/portunreach.txt frame 0: echo hello-motenet | socat - UDP4-SENDTO:10.99.1.1:7777,sourceport=40000
        // UDP header 9c40 1e61 0016 2614
        return Ipv4Packet.parse(Ipv4PacketTest.ip("portunreach", 0)).payload();
    }

    @Test
    void parsesCapturedDatagramAndReemitsIt() {
        UdpDatagram d = UdpDatagram.parse(udp(), SRC, DST);
        assertEquals(40000, d.srcPort());
        assertEquals(7777, d.dstPort());
        assertEquals("hello-motenet\n", StandardCharsets.US_ASCII.decode(d.payload().duplicate()).toString());
        ByteBuffer out = ByteBuffer.allocate(d.length());
        d.emit(out, SRC, DST);
        assertArrayEquals(Captures.toArray(udp()), out.array()); // checksum 2614 computed alike
    }

    @Test
    void checksumCoversPseudoHeader() {
        // Same bytes, but claimed to come from another address: the pseudo-header no longer matches.
        assertEquals(Reason.BAD_CHECKSUM, assertThrows(WireException.class,
                () -> UdpDatagram.parse(udp(), Ipv4Address.parse("10.99.1.3"), DST)).reason());
    }

    @Test
    void zeroChecksumMeansNone() {
        ByteBuffer b = Captures.copy(udp());
        b.putShort(6, (short) 0);
        b.put(10, (byte) 'J'); // payload changed: without a checksum nobody can tell
        assertEquals(7777, UdpDatagram.parse(b, SRC, DST).dstPort());
    }

    @Test
    void refusesHostileVariants() {
        assertEquals(Reason.TRUNCATED, reason(udp().slice(0, 7)));
        ByteBuffer tooLong = Captures.copy(udp());
        tooLong.putShort(4, (short) 23); // one byte more than present
        assertEquals(Reason.BAD_LENGTH, reason(tooLong));
        ByteBuffer tooShort = Captures.copy(udp());
        tooShort.putShort(4, (short) 7);
        assertEquals(Reason.BAD_LENGTH, reason(tooShort));
        ByteBuffer flipped = Captures.copy(udp());
        flipped.put(12, (byte) 'X');
        assertEquals(Reason.BAD_CHECKSUM, reason(flipped));
    }

    private static Reason reason(ByteBuffer b) {
        return assertThrows(WireException.class, () -> UdpDatagram.parse(b, SRC, DST)).reason();
    }
}
