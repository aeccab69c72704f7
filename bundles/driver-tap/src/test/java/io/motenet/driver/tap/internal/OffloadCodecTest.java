package io.motenet.driver.tap.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.motenet.link.DropReason;

/**
 * The offload wire work without a device: the virtio-net header's bytes, the checksum helper, completing a
 * partial checksum on receive and building a segmentation request on transmit. Packets are real: captured
 * from Linux 6.18 through a TAP device without offload (so their checksums are complete), kernel side
 * 10.77.0.1, our side 10.77.0.2.
 */
class OffloadCodecTest {

    /** The kernel's SYN from 10.77.0.1:40001 to 10.77.0.2:80, MSS/SACK/timestamps/window scale; TCP checksum 0x2043. */
    static final byte[] SYN = HexFormat.of().parseHex("026d6e00000246dbfbf51a5c08004500003cb96c400040066cb30a4d00010a4d0002"
            + "9c4100505bf0feea00000000a002faf020430000020405b40402080ad9d946e6000000000103030a");
    /** A UDP datagram with 17 octets of payload (odd), 10.77.0.1:40000 to 10.77.0.2:7777; UDP checksum 0x6b30. */
    static final byte[] UDP = HexFormat.of().parseHex("026d6e00000262de21bb384108004500002de1f14000401144320a4d00010a4d0002"
            + "9c401e6100196b306f64643a203137206f6374657473212121");

    static final int H = VirtioNetHeader.LENGTH;

    @Test
    void headerIsLittleEndianInTheStructOrder() {
        ByteBuffer b = ByteBuffer.allocate(H);
        VirtioNetHeader.write(b, 0, VirtioNetHeader.F_NEEDS_CSUM, VirtioNetHeader.GSO_TCPV4, 74, 1448, 34, 16);
        assertEquals("0101" + "4a00" + "a805" + "2200" + "1000", HexFormat.of().formatHex(b.array()));
        assertEquals(1, VirtioNetHeader.flags(b, 0));
        assertEquals(1, VirtioNetHeader.gsoType(b, 0));
        assertEquals(74, VirtioNetHeader.hdrLen(b, 0));
        assertEquals(1448, VirtioNetHeader.gsoSize(b, 0));
        assertEquals(34, VirtioNetHeader.csumStart(b, 0));
        assertEquals(16, VirtioNetHeader.csumOffset(b, 0));
        ByteBuffer big = ByteBuffer.wrap(HexFormat.of().parseHex("0200ffff0180feff0100"));
        assertEquals(VirtioNetHeader.F_DATA_VALID, VirtioNetHeader.flags(big, 0));
        assertEquals(0xffff, VirtioNetHeader.hdrLen(big, 0), "unsigned");
        assertEquals(0x8001, VirtioNetHeader.gsoSize(big, 0));
        assertEquals(0xfffe, VirtioNetHeader.csumStart(big, 0));
        VirtioNetHeader.writePlain(big, 0);
        assertArrayEquals(new byte[H], big.array());
    }

    /** RFC 1071 section 3: 00 01 f2 03 f4 f5 f6 f7 sums to 2ddf0, folded ddf2. */
    @Test
    void rfc1071Example() {
        ByteBuffer b = ByteBuffer.wrap(HexFormat.of().parseHex("0001f203f4f5f6f7"));
        assertEquals(0xddf2, InternetChecksum.fold(InternetChecksum.sum(b, 0, 8)));
    }

    /** The fast sum against a plain pair-by-pair one, at every alignment and length near the steps. */
    @Test
    void sumAgreesWithThePlainDefinition() {
        Random random = new Random(1071);
        byte[] data = new byte[70_000];
        random.nextBytes(data);
        ByteBuffer b = ByteBuffer.wrap(data);
        for (int from = 0; from < 9; from++) {
            for (int length = 0; length < 200; length++) { // short sums and the four-way bulk with every tail
                assertEquals(reference(data, from, from + length), InternetChecksum.fold(InternetChecksum.sum(b, from, from + length)),
                        "from " + from + " length " + length);
            }
        }
        assertEquals(reference(data, 3, 65_538), InternetChecksum.fold(InternetChecksum.sum(b, 3, 65_538)));
        ByteBuffer direct = ByteBuffer.allocateDirect(data.length).put(0, data); // as the reader's buffer is
        assertEquals(reference(data, 13, 65_550), InternetChecksum.fold(InternetChecksum.sum(direct, 13, 65_550)));
        byte[] ones = new byte[65_536];
        java.util.Arrays.fill(ones, (byte) 0xff);
        assertEquals(0xffff, InternetChecksum.fold(InternetChecksum.sum(ByteBuffer.wrap(ones), 0, ones.length)), "no overflow");
    }

    @Test
    void completesTheKernelsPartialTcpChecksum() {
        ByteBuffer read = asRead(partial(SYN, 16), VirtioNetHeader.F_NEEDS_CSUM, 34, 16);
        assertNotEquals((short) 0x2043, read.getShort(H + 34 + 16), "the field holds the pseudo sum, not the checksum");
        assertNull(OffloadReceive.prepare(read, read.limit(), 1514));
        assertArrayEquals(SYN, frameOf(read), "checksum completed to what Linux computed: 0x2043");
    }

    @Test
    void completesAnOddLengthUdpChecksum() {
        ByteBuffer read = asRead(partial(UDP, 6), VirtioNetHeader.F_NEEDS_CSUM, 34, 6);
        assertNull(OffloadReceive.prepare(read, read.limit(), 1514));
        assertArrayEquals(UDP, frameOf(read), "0x6b30 over an odd number of octets");
    }

    @Test
    void leavesFramesAloneWithoutNeedsCsum() {
        ByteBuffer read = asRead(SYN, VirtioNetHeader.F_DATA_VALID, 0, 0);
        assertNull(OffloadReceive.prepare(read, read.limit(), 1514));
        assertArrayEquals(SYN, frameOf(read));
    }

    @Test
    void verifiesTcpChecksumsTheKernelNeitherComputedNorValidated() {
        ByteBuffer good = asRead(SYN, 0, 0, 0);
        assertNull(OffloadReceive.prepare(good, good.limit(), 1514), "Linux's own checksum 0x2043 holds");
        byte[] flipped = SYN.clone();
        flipped[flipped.length - 3] ^= 0x10; // one bit of the window scale option
        ByteBuffer bad = asRead(flipped, 0, 0, 0);
        assertEquals(io.motenet.link.DropReason.BAD_CHECKSUM, OffloadReceive.prepare(bad, bad.limit(), 1514),
                "consumers of an offloading device skip TCP checksums, so the device must not pass a bad one");
        ByteBuffer trusted = asRead(flipped, VirtioNetHeader.F_DATA_VALID, 0, 0);
        assertNull(OffloadReceive.prepare(trusted, trusted.limit(), 1514), "the kernel said it validated it");
        ByteBuffer udp = asRead(UDP, 0, 0, 0);
        assertNull(OffloadReceive.prepare(udp, udp.limit(), 1514), "UDP is the stack's to verify");
    }

    @Test
    void dropsHeadersThatDoNotFitTheFrame() {
        assertEquals(DropReason.IO_ERROR, OffloadReceive.prepare(asRead(SYN, 1, 34, SYN.length - 34 - 1), H + SYN.length, 1514),
                "checksum field would end past the frame");
        assertEquals(DropReason.IO_ERROR, OffloadReceive.prepare(asRead(SYN, 1, SYN.length, 0), H + SYN.length, 1514));
        assertEquals(DropReason.IO_ERROR, OffloadReceive.prepare(asRead(SYN, 1, 6, 0), H + SYN.length, 1514),
                "checksumming from inside the Ethernet header");
        ByteBuffer fits = asRead(SYN, 1, 34, SYN.length - 34 - 2);
        assertNull(OffloadReceive.prepare(fits, H + SYN.length, 1514), "the last two octets may hold the checksum");
        assertEquals(DropReason.IO_ERROR, OffloadReceive.prepare(ByteBuffer.allocate(9), 9, 1514), "shorter than the header");
        assertEquals(DropReason.TOO_SHORT, OffloadReceive.prepare(ByteBuffer.allocate(H + 13), H + 13, 1514));
    }

    @Test
    void onlyTcpOverIpv4MayBeLongerThanTheMtu() {
        // DATA_VALID: these frames carry no real checksum; their lengths are what is tested here
        ByteBuffer tcp = asRead(superFrame(3000), VirtioNetHeader.F_DATA_VALID, 0, 0);
        assertNull(OffloadReceive.prepare(tcp, tcp.limit(), 1514));
        ByteBuffer udp = asRead(superFrame(3000), VirtioNetHeader.F_DATA_VALID, 0, 0);
        udp.put(H + 14 + 9, (byte) 17);
        assertEquals(DropReason.TOO_LONG, OffloadReceive.prepare(udp, udp.limit(), 1514));
        ByteBuffer tooBig = ByteBuffer.allocate(H + 14 + 65_536);
        assertEquals(14 + 65_535, OffloadReceive.MAX_FRAME);
        tooBig.put(H, superFrame(100), 0, 14 + 40);
        tooBig.put(0, (byte) VirtioNetHeader.F_DATA_VALID);
        assertEquals(DropReason.TOO_LONG, OffloadReceive.prepare(tooBig, tooBig.capacity(), 1514));
        assertNull(OffloadReceive.prepare(tooBig, tooBig.capacity() - 1, 1514), "14 + 65535 is the largest");
    }

    @Test
    void segmentationRequestCarriesHeaderAndPseudoSum() {
        byte[] frame = superFrame(4000);
        ByteBuffer in = ByteBuffer.allocate(frame.length + 6).position(3);
        in.put(frame).flip().position(3);
        ByteBuffer out = ByteBuffer.allocate(H + 65_600);
        int n = OffloadTransmit.prepare(in, out, 1440, 1500);
        assertEquals(H + frame.length, n);
        assertEquals(3, in.position());
        assertEquals(3 + frame.length, in.limit());
        assertEquals("0101" + "4a00" + "a005" + "2200" + "1000", HexFormat.of().formatHex(out.array(), 0, H),
                "NEEDS_CSUM, TCPV4, 74 octets of headers (TCP with 20 of options), 1440 per segment, checksum at 34 + 16");
        // the copy holds the pseudo-header sum for the whole TCP length; completing it gives a valid checksum
        int tcpLength = frame.length - 34;
        int expectedPseudo = foldPseudo(frame, tcpLength);
        assertEquals(expectedPseudo, out.getShort(H + 34 + 16) & 0xffff);
        out.limit(n);
        assertNull(OffloadReceive.prepare(out, n, 1514));
        byte[] sent = new byte[frame.length];
        out.get(H, sent);
        assertEquals(0xffff, reference(sent, 34, sent.length, foldPseudo(sent, tcpLength)), "valid TCP checksum");
        assertEquals(0, in.getShort(3 + 34 + 16), "the caller's frame is not written to");
    }

    @Test
    void onePacketsWorthAsksOnlyForTheChecksum() {
        byte[] frame = superFrame(1440);
        ByteBuffer out = ByteBuffer.allocate(H + 2000);
        OffloadTransmit.prepare(ByteBuffer.wrap(frame), out, 1440, 1500);
        assertEquals("0100" + "4a00" + "0000" + "2200" + "1000", HexFormat.of().formatHex(out.array(), 0, H));
    }

    @Test
    void refusesWhatIsNotTcpOverIpv4() {
        ByteBuffer out = ByteBuffer.allocate(H + 70_000);
        byte[] udp = superFrame(100);
        udp[14 + 9] = 17;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OffloadTransmit.prepare(ByteBuffer.wrap(udp), out, 1448, 1500))
                .getMessage().contains("IP protocol 17"));
        byte[] arp = superFrame(100);
        arp[12] = 0x08;
        arp[13] = 0x06;
        assertThrows(IllegalArgumentException.class, () -> OffloadTransmit.prepare(ByteBuffer.wrap(arp), out, 1448, 1500));
        byte[] padded = java.util.Arrays.copyOf(superFrame(100), 14 + 60 + 100 + 4);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OffloadTransmit.prepare(ByteBuffer.wrap(padded), out, 1448, 1500))
                .getMessage().contains("total length"));
        byte[] fine = superFrame(3000);
        assertThrows(IllegalArgumentException.class, () -> OffloadTransmit.prepare(ByteBuffer.wrap(fine), out, 0, 1500));
        assertThrows(IllegalArgumentException.class, () -> OffloadTransmit.prepare(ByteBuffer.wrap(fine), out, 1441, 1500),
                "1441 + 20 + 40 > 1500");
        assertEquals(H + fine.length, OffloadTransmit.prepare(ByteBuffer.wrap(fine), out, 1440, 1500));
        byte[] badOffset = superFrame(0);
        badOffset[34 + 12] = (byte) 0xf0; // 60 octets of TCP header in a 40-octet segment
        assertThrows(IllegalArgumentException.class, () -> OffloadTransmit.prepare(ByteBuffer.wrap(badOffset), out, 1440, 1500));
    }

    /**
     * A TCP/IPv4 frame with {@code payload} octets of data, headers from the captured SYN (so 20 octets of
     * TCP options), flags ACK|PSH, IPv4 total length and header checksum correct, TCP checksum zero.
     */
    static byte[] superFrame(int payload) {
        byte[] f = new byte[SYN.length + payload];
        System.arraycopy(SYN, 0, f, 0, SYN.length);
        for (int i = 0; i < payload; i++) {
            f[SYN.length + i] = (byte) (i * 7 + 3);
        }
        ByteBuffer b = ByteBuffer.wrap(f);
        b.putShort(16, (short) (f.length - 14));
        b.putShort(24, (short) 0);
        b.putShort(24, (short) ~reference(f, 14, 34));
        b.put(34 + 13, (byte) 0x18);
        b.putShort(34 + 16, (short) 0);
        return f;
    }

    /** A copy of a frame whose checksum at 34 + {@code offset} is replaced by the pseudo-header sum, as Linux leaves it. */
    static byte[] partial(byte[] frame, int offset) {
        byte[] f = frame.clone();
        ByteBuffer.wrap(f).putShort(34 + offset, (short) foldPseudo(f, f.length - 34));
        return f;
    }

    static int foldPseudo(byte[] f, int transportLength) {
        int sum = 0;
        for (int i = 26; i < 34; i += 2) {
            sum += (f[i] & 0xff) << 8 | f[i + 1] & 0xff;
        }
        sum += f[14 + 9] & 0xff;
        sum += transportLength;
        while (sum >>> 16 != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return sum;
    }

    static ByteBuffer asRead(byte[] frame, int flags, int csumStart, int csumOffset) {
        ByteBuffer b = ByteBuffer.allocate(H + frame.length);
        VirtioNetHeader.write(b, 0, flags, 0, 0, 0, csumStart, csumOffset);
        b.put(H, frame);
        return b;
    }

    static byte[] frameOf(ByteBuffer read) {
        byte[] f = new byte[read.limit() - H];
        read.get(H, f);
        return f;
    }

    /** RFC 1071 as written: 16-bit big-endian words, an odd last octet padded with zero, end-around carry. */
    static int reference(byte[] data, int from, int to) {
        return reference(data, from, to, 0);
    }

    static int reference(byte[] data, int from, int to, int initial) {
        long sum = initial;
        for (int i = from; i < to; i += 2) {
            int hi = data[i] & 0xff;
            int lo = i + 1 < to ? data[i + 1] & 0xff : 0;
            sum += hi << 8 | lo;
        }
        while (sum >>> 16 != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) sum;
    }
}
