package io.motenet.ip.internal.wire;

import io.motenet.link.MacAddress;
import io.motenet.ip.internal.wire.WireException.Reason;
import java.nio.ByteBuffer;

/**
 * An Ethernet II frame (without FCS): destination, source, an optional 802.1Q tag, EtherType and
 * the payload as a view of the received buffer.
 *
 * @param vlanTci the 802.1Q tag control information, or -1 for an untagged frame
 */
public record EthernetFrame(MacAddress dst, MacAddress src, int vlanTci, int etherType,
        ByteBuffer payload) {
    public static final int HEADER_LENGTH = 14;
    public static final int TAG_LENGTH = 4;
    public static final int ETHERTYPE_IPV4 = 0x0800;
    public static final int ETHERTYPE_ARP = 0x0806;
    public static final int ETHERTYPE_VLAN = 0x8100;
    /** Smallest frame on the wire without FCS; shorter ones are padded on send. */
    public static final int MIN_FRAME = 60;

    public static EthernetFrame parse(ByteBuffer frame) {
        WireException.requireLength(frame, HEADER_LENGTH, "Ethernet frame");
        int p = frame.position();
        MacAddress dst = MacAddress.read(frame, p);
        MacAddress src = MacAddress.read(frame, p + 6);
        int type = frame.getShort(p + 12) & 0xffff;
        int tci = -1;
        int header = HEADER_LENGTH;
        if (type == ETHERTYPE_VLAN) {
            WireException.requireLength(frame, HEADER_LENGTH + TAG_LENGTH, "802.1Q frame");
            tci = frame.getShort(p + 14) & 0xffff;
            type = frame.getShort(p + 16) & 0xffff;
            header += TAG_LENGTH;
        }
        // Values up to 1500 are IEEE 802.3 lengths (LLC frames such as STP), not EtherTypes.
        WireException.require(type >= 0x0600, Reason.UNSUPPORTED, "802.3 length field, not Ethernet II: ", type);
        return new EthernetFrame(dst, src, tci, type, frame.slice(p + header, frame.remaining() - header));
    }

    public int vlanId() {
        return vlanTci < 0 ? -1 : vlanTci & 0xfff;
    }

    public int headerLength() {
        return HEADER_LENGTH + (vlanTci >= 0 ? TAG_LENGTH : 0);
    }

    /** Writes the header at the buffer's position and advances it; the caller writes the payload. */
    public static void emitHeader(ByteBuffer out, MacAddress dst, MacAddress src, int etherType) {
        int p = out.position();
        dst.write(out, p);
        src.write(out, p + 6);
        out.putShort(p + 12, (short) etherType);
        out.position(p + HEADER_LENGTH);
    }

    /** Writes the whole frame (header, tag if any, payload) and pads it to {@link #MIN_FRAME}. */
    public void emit(ByteBuffer out) {
        int start = out.position();
        dst.write(out, start);
        src.write(out, start + 6);
        out.position(start + 12);
        if (vlanTci >= 0) {
            out.putShort((short) ETHERTYPE_VLAN).putShort((short) vlanTci);
        }
        out.putShort((short) etherType);
        out.put(payload.duplicate());
        while (out.position() - start < MIN_FRAME) {
            out.put((byte) 0);
        }
    }
}
