package io.motenet.driver.tap.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The Internet checksum (RFC 1071) as the driver needs it for offload: summing a range of a frame,
 * the IPv4 pseudo-header sum, and completing a partial checksum in place. The driver has its own copy
 * because a driver bundle must not depend on the IP bundle's internals.
 *
 * <p>Sums are kept unfolded in a {@code long} and folded to 16 bits at the end: adding big-endian
 * 32-bit words is the same one's-complement sum as adding 16-bit words, because 2<sup>16</sup> is 1
 * modulo 0xffff, and eight octets per step is what makes summing a 64 KiB super-frame cheap.
 */
final class InternetChecksum {
    private InternetChecksum() {
    }

    /**
     * The unfolded one's-complement sum of the octets {@code [from, to)} of {@code b} (absolute
     * indexes, big-endian pairs starting at {@code from}; an odd last octet is the high half of a pair).
     *
     * <p>The bulk is read little-endian, the machine's order, into four independent sums, and the folded
     * result swapped once (RFC 1071 2 (A): the sum is byte-order independent): about twice as fast as
     * big-endian reads into one sum, which matters at one pass per 64 KiB frame on the reader thread.
     */
    static long sum(ByteBuffer b, int from, int to) {
        int i = from;
        long sum = 0;
        if (to - from >= 64) {
            ByteBuffer le = b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            long s0 = 0;
            long s1 = 0;
            long s2 = 0;
            long s3 = 0;
            // Each sum gains under 2^33 per step: 64 KiB is 2^11 steps, far from overflowing.
            for (; i + 32 <= to; i += 32) {
                long w0 = le.getLong(i);
                long w1 = le.getLong(i + 8);
                long w2 = le.getLong(i + 16);
                long w3 = le.getLong(i + 24);
                s0 += (w0 >>> 32) + (w0 & 0xffff_ffffL);
                s1 += (w1 >>> 32) + (w1 & 0xffff_ffffL);
                s2 += (w2 >>> 32) + (w2 & 0xffff_ffffL);
                s3 += (w3 >>> 32) + (w3 & 0xffff_ffffL);
            }
            int folded = fold(s0 + s1 + s2 + s3);
            sum = ((folded & 0xff) << 8) | (folded >>> 8); // back to network order
        }
        for (; i + 8 <= to; i += 8) {
            long word = b.getLong(i);
            sum += (word >>> 32) + (word & 0xffff_ffffL);
        }
        if (i + 4 <= to) {
            sum += b.getInt(i) & 0xffff_ffffL;
            i += 4;
        }
        if (i + 2 <= to) {
            sum += b.getShort(i) & 0xffff;
            i += 2;
        }
        if (i < to) {
            sum += (b.get(i) & 0xff) << 8;
        }
        return sum;
    }

    /** Folds an unfolded sum to 16 bits, end-around carries added back. Not complemented. */
    static int fold(long sum) {
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) sum;
    }

    /**
     * The folded, not complemented, sum of the IPv4 pseudo-header for a transport segment of
     * {@code length} octets (RFC 793 section 3.1): what Linux leaves in the checksum field of a
     * packet whose checksum is partial ({@code CHECKSUM_PARTIAL}), and what a device expects there.
     *
     * @param ipHeader absolute index of the IPv4 header in {@code b} (addresses at +12 and +16)
     */
    static int pseudoHeaderSum(ByteBuffer b, int ipHeader, int protocol, int length) {
        long sum = (b.getInt(ipHeader + 12) & 0xffff_ffffL) + (b.getInt(ipHeader + 16) & 0xffff_ffffL) + protocol + length;
        return fold(sum);
    }

    /**
     * Completes a partial checksum in place, as a NIC does for {@code CHECKSUM_PARTIAL}: the field at
     * {@code start + offset} already holds the pseudo-header sum, so the checksum is the complement of the
     * sum from {@code start} to {@code end} (field included). Indexes are absolute. A result of 0 is
     * written as 0xffff, its other one's-complement form, as Linux does: to UDP a 0 would mean "no checksum".
     */
    static void complete(ByteBuffer b, int start, int offset, int end) {
        int checksum = ~fold(sum(b, start, end)) & 0xffff;
        b.putShort(start + offset, (short) (checksum == 0 ? 0xffff : checksum));
    }
}
