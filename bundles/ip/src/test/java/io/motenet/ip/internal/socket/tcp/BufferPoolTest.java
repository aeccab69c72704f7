package io.motenet.ip.internal.socket.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class BufferPoolTest {
    @Test
    void aReturnedRingIsTakenAgain() {
        BufferPool pool = new BufferPool(1 << 20);
        byte[] ring = pool.take(4096);
        assertEquals(4096, pool.inUse());
        pool.give(ring);
        assertEquals(0, pool.inUse());
        assertEquals(4096, pool.idle());
        assertSame(ring, pool.take(4096));
        assertEquals(0, pool.idle());
    }

    @Test
    void ringsLeftBehindByAutoTuningDoNotCrowdOutTheSizeInUse() {
        // a receive buffer grows 64 KiB -> 128 -> 256 -> 512 KiB, returning each smaller ring, then empties
        BufferPool pool = new BufferPool(768 << 10);
        byte[] ring = pool.take(64 << 10);
        for (int size = 128 << 10; size <= 512 << 10; size <<= 1) {
            byte[] bigger = pool.take(size);
            pool.give(ring);
            ring = bigger;
        }
        assertEquals(448 << 10, pool.idle());
        pool.give(ring); // 448 + 512 KiB would exceed 768: the older sizes make room
        assertSame(ring, pool.take(512 << 10), "the size the stream uses stays pooled");
        pool.give(ring);
        assertSame(ring, pool.take(512 << 10));
    }

    @Test
    void leastRecentlyUsedSizesGoFirst() {
        BufferPool pool = new BufferPool(3 << 10);
        byte[] a = pool.take(1024);
        byte[] b = pool.take(1024 + 1);
        byte[] c = pool.take(1024 - 1);
        pool.give(a);
        pool.give(b);
        pool.give(c);
        byte[] d = pool.take(1536);
        pool.give(d); // needs room: a's size (used least recently) goes, then b's
        assertSame(d, pool.take(1536));
        assertSame(c, pool.take(1024 - 1), "the most recently used other size survives");
        assertNotSame(a, pool.take(1024));
    }

    @Test
    void aRingLargerThanThePoolIsNotKept() {
        BufferPool pool = new BufferPool(1024);
        byte[] big = pool.take(2048);
        pool.give(big);
        assertEquals(0, pool.idle());
        assertEquals(0, pool.inUse());
        assertNotSame(big, pool.take(2048));
    }
}
