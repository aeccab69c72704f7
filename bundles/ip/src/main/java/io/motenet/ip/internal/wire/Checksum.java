package io.motenet.ip.internal.wire;

import java.nio.ByteBuffer;

/** The Internet checksum (RFC 1071): a 16-bit one's complement sum of 16-bit words. */
public final class Checksum {
    private Checksum() {
    }

    private static final java.lang.invoke.VarHandle LONG_LE =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /**
     * Adds {@code len} bytes of {@code buf} from absolute index {@code off} to a running sum. Eight
     * bytes at a time: since 2^16 = 1 (mod 0xffff), the one's complement sum of 16-bit words equals
     * the folded sum of the two 32-bit halves of each 64-bit word (RFC 1071 2 (B)). On a heap
     * buffer the words are read little-endian straight from the array (the machine's order, no
     * byte swaps) and the folded result is swapped once at the end (RFC 1071 2 (A): the sum is
     * byte-order independent).
     */
    public static int add(int sum, ByteBuffer buf, int off, int len) {
        int i = off;
        int end = off + len;
        long acc = sum & 0xffffffffL;
        if (buf.hasArray() && len >= 16) {
            byte[] a = buf.array();
            int base = buf.arrayOffset();
            int stop = off + (len & ~7);
            long le = 0;
            for (; i < stop; i += 8) {
                long v = (long) LONG_LE.get(a, base + i);
                le += (v >>> 32) + (v & 0xffffffffL);
            }
            int folded = foldToInt(le);
            acc += ((folded & 0xff) << 8) | (folded >>> 8); // back to network order
        } else if (buf.order() == java.nio.ByteOrder.BIG_ENDIAN) {
            for (; i + 7 < end; i += 8) {
                long v = buf.getLong(i);
                acc += (v >>> 32) + (v & 0xffffffffL); // at most 2^33 per step: no overflow below 2^30 steps
            }
        }
        for (; i + 1 < end; i += 2) {
            acc += ((buf.get(i) & 0xff) << 8) | (buf.get(i + 1) & 0xff);
        }
        if (i < end) {
            acc += (buf.get(i) & 0xff) << 8; // odd length: pad with a zero byte
        }
        return foldToInt(acc);
    }

    /** Sum of the IPv4 pseudo-header that UDP and TCP checksums cover (RFC 768). */
    public static int pseudoHeader(Ipv4Address src, Ipv4Address dst, int protocol, int length) {
        long acc = (src.bits() >>> 16) + (src.bits() & 0xffff)
                + (dst.bits() >>> 16) + (dst.bits() & 0xffff) + protocol + length;
        return foldToInt(acc);
    }

    /** The checksum field value for a sum: its one's complement. */
    public static int finish(int sum) {
        return ~foldToInt(sum) & 0xffff;
    }

    /** Checksum of a whole region, ready for the header field. */
    public static int of(ByteBuffer buf, int off, int len) {
        return finish(add(0, buf, off, len));
    }

    /** True when a region that contains its own checksum field sums to 0xffff (verifies). */
    public static boolean verifies(int sum) {
        return foldToInt(sum) == 0xffff;
    }

    private static int foldToInt(long acc) {
        long a = acc;
        while ((a >>> 16) != 0) {
            a = (a & 0xffff) + (a >>> 16);
        }
        return (int) a;
    }
}
