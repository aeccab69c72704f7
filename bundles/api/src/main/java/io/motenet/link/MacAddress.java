package io.motenet.link;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * A 48-bit IEEE 802 MAC address, held in the low 48 bits of a {@code long} so that reading one
 * from a frame, comparing and hashing it allocate nothing beyond this small record.
 *
 * @param bits the address, first octet in bits 47..40
 */
public record MacAddress(long bits) {

    /** ff:ff:ff:ff:ff:ff. */
    public static final MacAddress BROADCAST = new MacAddress(0xFFFF_FFFF_FFFFL);
    /** 00:00:00:00:00:00, used where an address is not yet known (as ARP does). */
    public static final MacAddress ZERO = new MacAddress(0L);
    /** Octets in an address. */
    public static final int LENGTH = 6;

    public MacAddress {
        if ((bits & ~0xFFFF_FFFF_FFFFL) != 0) {
            throw new IllegalArgumentException("a MAC address has 48 bits, got 0x" + Long.toHexString(bits));
        }
    }

    /** Parses {@code 02:00:5e:10:00:01} (or with {@code -} between octets); case does not matter. */
    public static MacAddress parse(String text) {
        String[] parts = text.trim().split("[:-]");
        if (parts.length != LENGTH) {
            throw new IllegalArgumentException("not a MAC address (want six hex octets like 02:00:5e:10:00:01): " + text);
        }
        long bits = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 2) {
                throw new IllegalArgumentException("not a MAC address (bad octet '" + part + "'): " + text);
            }
            try {
                bits = (bits << 8) | Integer.parseInt(part, 16);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a MAC address (bad octet '" + part + "'): " + text, e);
            }
        }
        return new MacAddress(bits);
    }

    /** The address in six octets, first octet first. */
    public static MacAddress of(byte[] octets) {
        if (octets.length != LENGTH) {
            throw new IllegalArgumentException("a MAC address has 6 octets, got " + octets.length);
        }
        return read(ByteBuffer.wrap(octets), 0);
    }

    /** Reads six octets at an absolute index (the buffer's position is not changed). */
    public static MacAddress read(ByteBuffer buffer, int index) {
        long bits = ((buffer.getShort(index) & 0xFFFFL) << 32) | (buffer.getInt(index + 2) & 0xFFFF_FFFFL);
        return new MacAddress(bits);
    }

    /** Reads the six octets at an absolute index as bits, allocating nothing. */
    public static long readBits(ByteBuffer buffer, int index) {
        return ((buffer.getShort(index) & 0xFFFFL) << 32) | (buffer.getInt(index + 2) & 0xFFFF_FFFFL);
    }

    /**
     * A random locally administered unicast address (first octet {@code x2}, {@code x6},
     * {@code xa} or {@code xe}), as a device without a configured MAC uses.
     */
    public static MacAddress randomLocal(RandomGenerator random) {
        long bits = random.nextLong() & 0xFFFF_FFFF_FFFFL;
        bits = (bits & ~(0x01L << 40)) | (0x02L << 40); // clear group bit, set local bit
        return new MacAddress(bits);
    }

    /** Writes the six octets at an absolute index (the buffer's position is not changed). */
    public void write(ByteBuffer buffer, int index) {
        buffer.putShort(index, (short) (bits >>> 32));
        buffer.putInt(index + 2, (int) bits);
    }

    /** A fresh array with the six octets. */
    public byte[] toBytes() {
        byte[] octets = new byte[LENGTH];
        write(ByteBuffer.wrap(octets), 0);
        return octets;
    }

    /** True for ff:ff:ff:ff:ff:ff. */
    public boolean isBroadcast() {
        return bits == BROADCAST.bits;
    }

    /** True when the group bit (least significant bit of the first octet) is set; broadcast is one. */
    public boolean isMulticast() {
        return (bits & (0x01L << 40)) != 0;
    }

    /** True when the locally administered bit (second-least significant bit of the first octet) is set. */
    public boolean isLocallyAdministered() {
        return (bits & (0x02L << 40)) != 0;
    }

    /** Lower-case, colon-separated: {@code 02:00:5e:10:00:01}. */
    @Override
    public String toString() {
        return HexFormat.ofDelimiter(":").formatHex(toBytes());
    }
}
