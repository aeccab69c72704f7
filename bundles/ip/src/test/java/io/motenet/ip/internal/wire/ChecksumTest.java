package io.motenet.ip.internal.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The eight-bytes-at-a-time Internet checksum against RFC 1071's word-by-word definition. */
class ChecksumTest {

    /** RFC 1071 4.1, word by word. */
    static int reference(ByteBuffer b, int off, int len) {
        long sum = 0;
        for (int i = 0; i < len; i += 2) {
            int hi = b.get(off + i) & 0xff;
            int lo = i + 1 < len ? b.get(off + i + 1) & 0xff : 0;
            sum += (hi << 8) | lo;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }

    @Test
    void matchesTheWordByWordSumForEveryLengthAndOffset() {
        SplittableRandom r = new SplittableRandom(3);
        byte[] data = new byte[70000];
        r.nextBytes(data);
        ByteBuffer b = ByteBuffer.wrap(data);
        for (int len = 0; len < 80; len++) {
            for (int off = 0; off < 9; off++) {
                assertEquals(reference(b, off, len), Checksum.of(b, off, len), "length " + len + " offset " + off);
            }
        }
        assertEquals(reference(b, 3, 65535), Checksum.of(b, 3, 65535), "a 64 KiB segment");
        ByteBuffer direct = ByteBuffer.allocateDirect(4096).put(ByteBuffer.wrap(data, 0, 4096)).flip();
        ByteBuffer slice = ByteBuffer.wrap(data, 100, 5000).slice(); // an array offset of 100
        for (int len = 0; len < 300; len += 7) {
            assertEquals(reference(b, 5, len), Checksum.of(direct, 5, len), "direct buffer, length " + len);
            assertEquals(reference(b, 105, len), Checksum.of(slice, 5, len), "sliced heap buffer, length " + len);
        }
        java.util.Arrays.fill(data, (byte) 0xff);
        assertEquals(reference(b, 0, 65536), Checksum.of(b, 0, 65536), "all ones: the largest sums");
    }

    @Test
    void rfc1071Example() {
        // RFC 1071 3: the bytes 00 01 f2 03 f4 f5 f6 f7 sum to ddf2, checksum 220d
        ByteBuffer b = ByteBuffer.wrap(new byte[] {0x00, 0x01, (byte) 0xf2, 0x03, (byte) 0xf4, (byte) 0xf5, (byte) 0xf6,
                (byte) 0xf7});
        assertEquals(0xddf2, Checksum.add(0, b, 0, 8));
        assertEquals(0x220d, Checksum.of(b, 0, 8));
        assertTrue(Checksum.verifies(Checksum.add(0x220d, b, 0, 8)));
    }
}
