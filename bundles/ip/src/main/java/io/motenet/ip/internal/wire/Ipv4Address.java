package io.motenet.ip.internal.wire;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IPv4 address as its 32 bits, in network order (first octet in the high byte). */
public record Ipv4Address(int bits) implements Comparable<Ipv4Address> {
    public static final Ipv4Address UNSPECIFIED = new Ipv4Address(0);
    public static final Ipv4Address BROADCAST = new Ipv4Address(-1);

    public static Ipv4Address of(int a, int b, int c, int d) {
        return new Ipv4Address((a & 0xff) << 24 | (b & 0xff) << 16 | (c & 0xff) << 8 | (d & 0xff));
    }

    /** Parses dotted-quad notation only (never a host name: nothing here may touch DNS). */
    public static Ipv4Address parse(String text) {
        String[] parts = text.trim().split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + text);
        }
        int bits = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            int v = Integer.parseInt(part);
            if (v > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            bits = bits << 8 | v;
        }
        return new Ipv4Address(bits);
    }

    public static Ipv4Address of(Inet4Address address) {
        byte[] b = address.getAddress();
        return of(b[0], b[1], b[2], b[3]);
    }

    public Inet4Address toInetAddress() {
        try {
            return (Inet4Address) InetAddress.getByAddress(toBytes());
        } catch (UnknownHostException e) {
            throw new AssertionError(e); // four bytes are always a valid literal
        }
    }

    public byte[] toBytes() {
        return new byte[] {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits};
    }

    public boolean isUnspecified() {
        return bits == 0;
    }

    public boolean isBroadcast() {
        return bits == -1;
    }

    public boolean isMulticast() {
        return (bits >>> 28) == 0xe;
    }

    public boolean isLoopback() {
        return (bits >>> 24) == 127;
    }

    /** The network mask of a prefix length, e.g. 24 gives 255.255.255.0. */
    public static int mask(int prefixLength) {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    public boolean inSubnet(Ipv4Address network, int prefixLength) {
        int m = mask(prefixLength);
        return (bits & m) == (network.bits & m);
    }

    /** Prefix length of a contiguous netmask, or -1 when the mask has holes. */
    public int prefixLengthOfMask() {
        int len = Integer.bitCount(bits);
        return mask(len) == bits ? len : -1;
    }

    @Override
    public int compareTo(Ipv4Address o) {
        return Integer.compareUnsigned(bits, o.bits);
    }

    @Override
    public String toString() {
        return (bits >>> 24) + "." + (bits >>> 16 & 0xff) + "." + (bits >>> 8 & 0xff) + "." + (bits & 0xff);
    }
}
