package io.motenet.ip.internal.wire;

import io.motenet.link.MacAddress;
import io.motenet.ip.internal.wire.WireException.Reason;
import java.nio.ByteBuffer;

/** An ARP packet for IPv4 over Ethernet (RFC 826); other hardware/protocol pairs are refused. */
public record ArpPacket(int operation, MacAddress senderMac, Ipv4Address senderIp,
        MacAddress targetMac, Ipv4Address targetIp) {
    public static final int LENGTH = 28;
    public static final int REQUEST = 1;
    public static final int REPLY = 2;

    public static ArpPacket parse(ByteBuffer buf) {
        WireException.requireLength(buf, LENGTH, "ARP packet");
        int p = buf.position();
        int htype = buf.getShort(p) & 0xffff;
        int ptype = buf.getShort(p + 2) & 0xffff;
        int hlen = buf.get(p + 4) & 0xff;
        int plen = buf.get(p + 5) & 0xff;
        WireException.require(htype == 1 && ptype == EthernetFrame.ETHERTYPE_IPV4 && hlen == 6 && plen == 4,
                Reason.UNSUPPORTED, "ARP for htype " + htype + " ptype " + ptype + " hlen " + hlen + " plen " + plen);
        int op = buf.getShort(p + 6) & 0xffff;
        WireException.require(op == REQUEST || op == REPLY, Reason.BAD_FIELD, "ARP operation " + op);
        return new ArpPacket(op, MacAddress.read(buf, p + 8), new Ipv4Address(buf.getInt(p + 14)),
                MacAddress.read(buf, p + 18), new Ipv4Address(buf.getInt(p + 24)));
    }

    /** Writes the 28 bytes at the buffer's position and advances it. */
    public void emit(ByteBuffer out) {
        out.putShort((short) 1).putShort((short) EthernetFrame.ETHERTYPE_IPV4).put((byte) 6).put((byte) 4)
                .putShort((short) operation);
        out.put(senderMac.toBytes()).putInt(senderIp.bits()).put(targetMac.toBytes()).putInt(targetIp.bits());
    }

    public static ArpPacket request(MacAddress mac, Ipv4Address ip, Ipv4Address target) {
        return new ArpPacket(REQUEST, mac, ip, MacAddress.ZERO, target);
    }

    /** A gratuitous ARP announcement: a request for our own address (RFC 5227 section 3). */
    public static ArpPacket announcement(MacAddress mac, Ipv4Address ip) {
        return new ArpPacket(REQUEST, mac, ip, MacAddress.ZERO, ip);
    }
}
