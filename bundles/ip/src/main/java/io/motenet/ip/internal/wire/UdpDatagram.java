package io.motenet.ip.internal.wire;

import io.motenet.ip.internal.wire.WireException.Reason;
import java.nio.ByteBuffer;

/** A UDP datagram (RFC 768); its checksum covers the IPv4 pseudo-header. */
public record UdpDatagram(int srcPort, int dstPort, ByteBuffer payload) {
    public static final int HEADER_LENGTH = 8;

    /** Parses and verifies against the addresses of the enclosing IPv4 header. */
    public static UdpDatagram parse(ByteBuffer buf, Ipv4Address src, Ipv4Address dst) {
        WireException.requireLength(buf, HEADER_LENGTH, "UDP header");
        int p = buf.position();
        int length = buf.getShort(p + 4) & 0xffff;
        WireException.require(length >= HEADER_LENGTH && length <= buf.remaining(), Reason.BAD_LENGTH,
                "UDP length %d with %d bytes present", length, buf.remaining());
        int checksum = buf.getShort(p + 6) & 0xffff;
        if (checksum != 0) { // zero means the sender computed none (allowed for IPv4)
            int sum = Checksum.add(Checksum.pseudoHeader(src, dst, Ipv4Packet.PROTO_UDP, length), buf, p, length);
            WireException.require(Checksum.verifies(sum), Reason.BAD_CHECKSUM, "UDP checksum");
        }
        return new UdpDatagram(buf.getShort(p) & 0xffff, buf.getShort(p + 2) & 0xffff,
                buf.slice(p + HEADER_LENGTH, length - HEADER_LENGTH));
    }

    /** Reads only the ports, as an ICMP error quotes them (the rest is often cut off). */
    public static int[] quotedPorts(ByteBuffer buf) {
        WireException.requireLength(buf, 4, "quoted UDP ports");
        int p = buf.position();
        return new int[] {buf.getShort(p) & 0xffff, buf.getShort(p + 2) & 0xffff};
    }

    public int length() {
        return HEADER_LENGTH + payload.remaining();
    }

    /** Writes header and payload with the checksum and advances. */
    public void emit(ByteBuffer out, Ipv4Address src, Ipv4Address dst) {
        int p = out.position();
        int length = length();
        out.putShort((short) srcPort).putShort((short) dstPort).putShort((short) length).putShort((short) 0);
        out.put(payload.duplicate());
        int c = Checksum.finish(Checksum.add(Checksum.pseudoHeader(src, dst, Ipv4Packet.PROTO_UDP, length),
                out, p, length));
        out.putShort(p + 6, (short) (c == 0 ? 0xffff : c)); // a computed zero is sent as all ones
    }
}
