package io.motenet.driver.tap.internal;

import java.nio.ByteBuffer;

/**
 * {@code struct virtio_net_hdr} (linux/virtio_net.h), the 10 octets a TAP device opened with
 * {@code IFF_VNET_HDR} puts before every frame, in both directions:
 *
 * <pre>
 * 0  flags       u8   NEEDS_CSUM (1): the checksum at csum_start + csum_offset is partial; DATA_VALID (2)
 * 1  gso_type    u8   NONE (0), TCPV4 (1), ... ; ECN (0x80) as a flag
 * 2  hdr_len     u16  Ethernet + IP + TCP header octets (copied into every segment)
 * 4  gso_size    u16  payload octets per segment
 * 6  csum_start  u16  where checksumming starts, from the first octet of the frame
 * 8  csum_offset u16  where the checksum field is, from csum_start
 * </pre>
 *
 * The 16-bit fields are little-endian: the driver asks for that with {@code TUNSETVNETLE}, so it holds
 * on any host (without it the kernel uses the host's order, which on x86-64 and aarch64 is the same).
 * Reading and writing go through absolute indexes, so no per-frame object is made.
 */
final class VirtioNetHeader {
    private VirtioNetHeader() {
    }

    /** Octets of the header (without {@code num_buffers}, which only mergeable receive buffers add). */
    static final int LENGTH = 10;

    static final int F_NEEDS_CSUM = 1;
    static final int F_DATA_VALID = 2;
    static final int GSO_NONE = 0;
    static final int GSO_TCPV4 = 1;

    /** Writes a header at {@code at}. */
    static void write(ByteBuffer b, int at, int flags, int gsoType, int hdrLen, int gsoSize, int csumStart, int csumOffset) {
        b.put(at, (byte) flags);
        b.put(at + 1, (byte) gsoType);
        putLe16(b, at + 2, hdrLen);
        putLe16(b, at + 4, gsoSize);
        putLe16(b, at + 6, csumStart);
        putLe16(b, at + 8, csumOffset);
    }

    /** Writes the header of a plain frame: no offload asked for, all zeros. */
    static void writePlain(ByteBuffer b, int at) {
        b.putLong(at, 0L);
        b.putShort(at + 8, (short) 0);
    }

    static int flags(ByteBuffer b, int at) {
        return b.get(at) & 0xff;
    }

    static int gsoType(ByteBuffer b, int at) {
        return b.get(at + 1) & 0xff;
    }

    static int hdrLen(ByteBuffer b, int at) {
        return le16(b, at + 2);
    }

    static int gsoSize(ByteBuffer b, int at) {
        return le16(b, at + 4);
    }

    static int csumStart(ByteBuffer b, int at) {
        return le16(b, at + 6);
    }

    static int csumOffset(ByteBuffer b, int at) {
        return le16(b, at + 8);
    }

    private static int le16(ByteBuffer b, int at) {
        return (b.get(at) & 0xff) | (b.get(at + 1) & 0xff) << 8;
    }

    private static void putLe16(ByteBuffer b, int at, int value) {
        b.put(at, (byte) value);
        b.put(at + 1, (byte) (value >>> 8));
    }
}
