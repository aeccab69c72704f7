package io.motenet.ip.internal.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.motenet.ip.internal.wire.WireException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TCP segments captured from Linux (captures/tcp-capture.sh makes tcp.txt and tcp-rst.txt). */
class TcpSegmentTest {
    static final Ipv4Address A = Ipv4Address.parse("10.99.1.2");
    static final Ipv4Address B = Ipv4Address.parse("10.99.1.1");

    static ByteBuffer tcp(String capture, int index) {
        return Ipv4Packet.parse(Ipv4PacketTest.ip(capture, index)).payload();
    }

    private static void reemits(ByteBuffer wire, Ipv4Address src, Ipv4Address dst) {
        TcpSegment s = TcpSegment.parse(wire, src, dst);
        ByteBuffer out = ByteBuffer.allocate(s.length());
        s.emit(out, src, dst);
        assertArrayEquals(Captures.toArray(wire), out.array(), s.toString());
    }

    @Test
    void parsesLinuxSynWithAllItsOptions() {
        // tcp.txt frame 0: Flags [S], seq 496602296, win 64240,
        // options [mss 1460,sackOK,TS val 283793762 ecr 0,nop,wscale 10]
        // 9c40 1e61 1d99 8cb8 0000 0000 a002 faf0 6704 0000 0204 05b4 0402 080a 10ea 5962 0000 0000 0103 030a
        TcpSegment s = TcpSegment.parse(tcp("tcp", 0), A, B);
        assertEquals(40000, s.srcPort());
        assertEquals(7777, s.dstPort());
        assertEquals(496602296, s.seq());
        assertEquals(TcpSegment.SYN, s.flags());
        assertEquals(64240, s.window());
        assertEquals(new TcpOptions(1460, 10, true, true, 283793762, 0, List.of()), s.options());
        assertEquals(1, s.sequenceLength());
        assertEquals(40, s.headerLength());
    }

    @Test
    void parsesSynAckAndData() {
        // frame 1: Flags [S.], seq 919887748, ack 496602297, TS val 2596461422 ecr 283793762
        TcpSegment synAck = TcpSegment.parse(tcp("tcp", 1), B, A);
        assertEquals(919887748, synAck.seq());
        assertEquals(496602297, synAck.ack());
        assertTrue(synAck.has(TcpSegment.SYN) && synAck.has(TcpSegment.ACK));
        assertEquals(283793762, synAck.options().tsEcr());
        assertEquals((int) 2596461422L, synAck.options().tsVal()); // above 2^31: compared modulo 2^32
        // frame 3: Flags [P.], seq 1:14, options [nop,nop,TS val 283793763 ecr 2596461422], length 13
        TcpSegment data = TcpSegment.parse(tcp("tcp", 3), A, B);
        assertEquals(TcpSegment.PSH | TcpSegment.ACK, data.flags());
        assertEquals(63, data.window());
        assertEquals(-1, data.options().mss());
        assertEquals(-1, data.options().windowScale());
        assertFalse(data.options().sackPermitted());
        assertEquals("hello-motenet", StandardCharsets.US_ASCII.decode(data.payload().duplicate()).toString());
        assertEquals(13, data.sequenceLength());
        // frame 5: Flags [F.]
        assertEquals(1, TcpSegment.parse(tcp("tcp", 5), A, B).sequenceLength());
    }

    @Test
    void emitReproducesEveryCapturedSegment() {
        for (int i = 0; i < 8; i++) {
            boolean fromA = i == 0 || i == 2 || i == 3 || i == 5 || i == 7;
            reemits(tcp("tcp", i), fromA ? A : B, fromA ? B : A);
        }
        reemits(tcp("tcp-rst", 0), A, B);
        reemits(tcp("tcp-rst", 1), B, A);
    }

    @Test
    void parsesKernelReset() {
        // tcp-rst.txt frame 1: Flags [R.], seq 0, ack 1289702390, win 0, length 0 — 20-byte header, no options
        TcpSegment r = TcpSegment.parse(tcp("tcp-rst", 1), B, A);
        assertEquals(TcpSegment.RST | TcpSegment.ACK, r.flags());
        assertEquals(0, r.seq());
        assertEquals(1289702390, r.ack());
        assertEquals(TcpOptions.NONE, r.options());
        assertEquals(0, r.sequenceLength());
    }

    @Test
    void sackBlocksRoundTrip() {
        // No SACK blocks in the captures (no loss on a veth): the layout is Linux's, NOP NOP 05 len.
        TcpOptions o = new TcpOptions(-1, -1, false, true, 7, 9,
                List.of(new TcpOptions.SackBlock(1000, 2000), new TcpOptions.SackBlock(3000, 4000)));
        TcpSegment s = new TcpSegment(1, 2, 100, 200, TcpSegment.ACK, 512, 0, o, ByteBuffer.allocate(0));
        ByteBuffer out = ByteBuffer.allocate(s.length());
        s.emit(out, A, B);
        assertEquals(20 + 12 + 20, s.length());
        assertEquals(0x01010512, out.getInt(32)); // NOP NOP SACK, length 2 + 2 * 8, after the timestamps
        assertEquals(o, TcpSegment.parse(out.flip(), A, B).options());
    }

    @Test
    void unknownOptionsAreSkippedAndWrongLengthsOfKnownOnesIgnored() {
        ByteBuffer b = Captures.copy(tcp("tcp", 0));
        // replace "0402" (SACK-permitted) with an unknown kind 0xfd of length 2 (RFC 4727 experiment)
        b.put(24, (byte) 0xfd);
        b.put(38, (byte) 2); // window scale with length 2 instead of 3: ignored ...
        b.put(39, (byte) 1); // ... and its shift byte becomes a NOP
        fixChecksum(b, A, B);
        TcpOptions o = TcpSegment.parse(b, A, B).options();
        assertFalse(o.sackPermitted());
        assertEquals(-1, o.windowScale());
        assertEquals(1460, o.mss());
        assertEquals(283793762, o.tsVal());
    }

    @Test
    void windowScaleAbove14IsClamped() {
        ByteBuffer b = Captures.copy(tcp("tcp", 0));
        b.put(39, (byte) 15);
        fixChecksum(b, A, B);
        assertEquals(14, TcpSegment.parse(b, A, B).options().windowScale());
    }

    @Test
    void refusesHostileVariants() {
        assertEquals(Reason.TRUNCATED, reason(tcp("tcp", 0).slice(0, 19), A, B));
        ByteBuffer shortOffset = Captures.copy(tcp("tcp", 0));
        shortOffset.put(12, (byte) 0x40); // data offset 16 bytes
        assertEquals(Reason.BAD_LENGTH, reason(shortOffset, A, B));
        ByteBuffer longOffset = Captures.copy(tcp("tcp", 0));
        longOffset.put(12, (byte) 0xb0); // 44 bytes, only 40 present
        assertEquals(Reason.TRUNCATED, reason(longOffset, A, B));
        ByteBuffer flipped = Captures.copy(tcp("tcp", 3));
        flipped.put(40, (byte) 'X');
        assertEquals(Reason.BAD_CHECKSUM, reason(flipped, A, B));
        assertEquals(Reason.BAD_CHECKSUM, reason(tcp("tcp", 3), A, Ipv4Address.parse("10.99.1.3")));
        ByteBuffer zeroLen = Captures.copy(tcp("tcp", 0));
        zeroLen.put(21, (byte) 0); // MSS option length 0: would loop forever if trusted
        fixChecksum(zeroLen, A, B);
        assertEquals(Reason.BAD_OPTION, reason(zeroLen, A, B));
        ByteBuffer overrun = Captures.copy(tcp("tcp", 0));
        overrun.put(38, (byte) 9); // window scale claims 9 bytes, 3 remain in the header
        fixChecksum(overrun, A, B);
        assertEquals(Reason.BAD_OPTION, reason(overrun, A, B));
        ByteBuffer noLength = Captures.copy(tcp("tcp", 0));
        noLength.put(37, (byte) 1).put(38, (byte) 1).put(39, (byte) 3); // window scale kind as the last byte
        fixChecksum(noLength, A, B);
        assertEquals(Reason.BAD_OPTION, reason(noLength, A, B));
    }

    @Test
    void endOfOptionListStopsParsing() {
        ByteBuffer b = Captures.copy(tcp("tcp", 0));
        b.put(24, (byte) 0); // EOL where SACK-permitted was: the timestamps and window scale after it are padding
        fixChecksum(b, A, B);
        TcpOptions o = TcpSegment.parse(b, A, B).options();
        assertEquals(1460, o.mss());
        assertFalse(o.timestamps());
        assertEquals(-1, o.windowScale());
    }

    private static void fixChecksum(ByteBuffer b, Ipv4Address src, Ipv4Address dst) {
        b.putShort(16, (short) 0);
        b.putShort(16, (short) Checksum.finish(Checksum.add(
                Checksum.pseudoHeader(src, dst, Ipv4Packet.PROTO_TCP, b.remaining()), b, 0, b.remaining())));
    }

    private static Reason reason(ByteBuffer b, Ipv4Address src, Ipv4Address dst) {
        return assertThrows(WireException.class, () -> TcpSegment.parse(b, src, dst)).reason();
    }
}
