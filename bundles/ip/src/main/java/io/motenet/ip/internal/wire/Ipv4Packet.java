package io.motenet.ip.internal.wire;

import io.motenet.ip.internal.wire.WireException.Reason;
import java.nio.ByteBuffer;

/**
 * An IPv4 datagram (RFC 791): the header fields and the payload as a view. Options are length
 * checked and skipped, never interpreted. {@code fragmentOffset} is in bytes.
 */
public record Ipv4Packet(int tos, int identification, boolean dontFragment, boolean moreFragments,
        int fragmentOffset, int ttl, int protocol, Ipv4Address src, Ipv4Address dst, ByteBuffer payload) {
    public static final int MIN_HEADER = 20;
    public static final int PROTO_ICMP = 1;
    public static final int PROTO_TCP = 6;
    public static final int PROTO_UDP = 17;

    public static Ipv4Packet parse(ByteBuffer buf) {
        return parse(buf, true);
    }

    /**
     * @param whole false for the quoted header inside an ICMP error, whose payload the router
     *              cut short: there the total length may exceed what is present.
     */
    public static Ipv4Packet parse(ByteBuffer buf, boolean whole) {
        WireException.requireLength(buf, MIN_HEADER, "IPv4 header");
        int p = buf.position();
        int vihl = buf.get(p) & 0xff;
        WireException.require(vihl >>> 4 == 4, Reason.BAD_VERSION, "IP version ", vihl >>> 4);
        int ihl = (vihl & 0xf) * 4;
        WireException.require(ihl >= MIN_HEADER, Reason.BAD_LENGTH, "IPv4 header length ", ihl);
        WireException.requireLength(buf, ihl, "IPv4 header with options");
        int total = buf.getShort(p + 2) & 0xffff;
        WireException.require(total >= ihl, Reason.BAD_LENGTH, "IPv4 total length %d < header %d", total, ihl);
        if (whole) {
            WireException.require(total <= buf.remaining(), Reason.TRUNCATED,
                    "IPv4 total length %d but %d bytes present", total, buf.remaining());
        }
        WireException.require(Checksum.verifies(Checksum.add(0, buf, p, ihl)), Reason.BAD_CHECKSUM,
                "IPv4 header checksum");
        int flagsOffset = buf.getShort(p + 6) & 0xffff;
        WireException.require((flagsOffset & 0x8000) == 0, Reason.BAD_FIELD, "IPv4 reserved flag set");
        // Bytes past the total length are link-layer padding (short frames) and are not payload.
        int payloadLength = Math.min(total, buf.remaining()) - ihl;
        return new Ipv4Packet(buf.get(p + 1) & 0xff, buf.getShort(p + 4) & 0xffff,
                (flagsOffset & 0x4000) != 0, (flagsOffset & 0x2000) != 0, (flagsOffset & 0x1fff) * 8,
                buf.get(p + 8) & 0xff, buf.get(p + 9) & 0xff,
                new Ipv4Address(buf.getInt(p + 12)), new Ipv4Address(buf.getInt(p + 16)),
                buf.slice(p + ihl, payloadLength));
    }

    public boolean isFragment() {
        return moreFragments || fragmentOffset != 0;
    }

    public int totalLength() {
        return MIN_HEADER + payload.remaining();
    }

    /** Writes a 20-byte header for {@code payloadLength} bytes, with its checksum, and advances. */
    public static void emitHeader(ByteBuffer out, int tos, int identification, boolean dontFragment,
            boolean moreFragments, int fragmentOffset, int ttl, int protocol, Ipv4Address src, Ipv4Address dst,
            int payloadLength) {
        if ((fragmentOffset & 7) != 0 || fragmentOffset > 0xfff8) {
            throw new IllegalArgumentException("fragment offset " + fragmentOffset);
        }
        if (payloadLength + MIN_HEADER > 0xffff) {
            throw new IllegalArgumentException("IPv4 datagram too long: " + (payloadLength + MIN_HEADER));
        }
        int p = out.position();
        out.put((byte) 0x45).put((byte) tos).putShort((short) (payloadLength + MIN_HEADER))
                .putShort((short) identification)
                .putShort((short) ((dontFragment ? 0x4000 : 0) | (moreFragments ? 0x2000 : 0) | fragmentOffset / 8))
                .put((byte) ttl).put((byte) protocol).putShort((short) 0).putInt(src.bits()).putInt(dst.bits());
        out.putShort(p + 10, (short) Checksum.of(out, p, MIN_HEADER));
    }

    /** Writes this datagram (header without options, then payload) and advances. */
    public void emit(ByteBuffer out) {
        emitHeader(out, tos, identification, dontFragment, moreFragments, fragmentOffset, ttl, protocol, src, dst,
                payload.remaining());
        out.put(payload.duplicate());
    }
}
