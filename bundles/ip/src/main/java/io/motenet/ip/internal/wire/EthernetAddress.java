package io.motenet.ip.internal.wire;

import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * A 48-bit MAC address as it appears in Ethernet and ARP headers. The link layer's own MAC type
 * is converted to this at the interface boundary, so that {@code wire} knows bytes only.
 */
public record EthernetAddress(long bits) {
    public static final EthernetAddress BROADCAST = new EthernetAddress(0xffff_ffff_ffffL);
    public static final EthernetAddress ZERO = new EthernetAddress(0);

    public EthernetAddress {
        if ((bits & ~0xffff_ffff_ffffL) != 0) {
            throw new IllegalArgumentException("not a 48-bit address: " + Long.toHexString(bits));
        }
    }

    public static EthernetAddress of(byte[] six) {
        if (six.length != 6) {
            throw new IllegalArgumentException("a MAC address has 6 bytes, not " + six.length);
        }
        long v = 0;
        for (byte b : six) {
            v = v << 8 | (b & 0xff);
        }
        return new EthernetAddress(v);
    }

    public static EthernetAddress parse(String text) {
        String hex = text.replace(":", "").replace("-", "");
        if (hex.length() != 12) {
            throw new IllegalArgumentException("not a MAC address: " + text);
        }
        return of(HexFormat.of().parseHex(hex));
    }

    static EthernetAddress read(ByteBuffer buf, int index) {
        long v = 0;
        for (int i = 0; i < 6; i++) {
            v = v << 8 | (buf.get(index + i) & 0xff);
        }
        return new EthernetAddress(v);
    }

    void write(ByteBuffer buf, int index) {
        for (int i = 0; i < 6; i++) {
            buf.put(index + i, (byte) (bits >>> (40 - 8 * i)));
        }
    }

    public byte[] toBytes() {
        byte[] b = new byte[6];
        for (int i = 0; i < 6; i++) {
            b[i] = (byte) (bits >>> (40 - 8 * i));
        }
        return b;
    }

    public boolean isBroadcast() {
        return bits == BROADCAST.bits;
    }

    /** Group bit: broadcast and multicast frames. */
    public boolean isMulticast() {
        return (bits >>> 40 & 1) != 0;
    }

    @Override
    public String toString() {
        return HexFormat.ofDelimiter(":").formatHex(toBytes());
    }
}
