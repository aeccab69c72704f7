package io.motenet.ip.internal.socket.tcp;

import java.nio.ByteBuffer;

/**
 * Received bytes waiting for the application, as a ring, with out-of-order data placed where it
 * belongs (as smoltcp's assembler does): the window never exceeds the free space, so every
 * acceptable segment fits. Holes are tracked as ranges of offsets from the end of the in-order
 * data; their number is bounded so hostile segments cannot cost memory. Allocated lazily.
 *
 * <p>The loop owns it, with one exception: {@link #copyOut} lets the application's thread copy
 * in-order bytes out itself, without a round trip to the loop. The ring's positions are guarded by
 * this object's monitor, held only for bookkeeping, never during a copy: the bytes being copied
 * are lent (still counted as readable, so the window stays closed over them and the loop writes
 * elsewhere), and a ring replaced or released during the loan is left to the collector instead of
 * the pool, which another connection could write into while the copy runs.
 */
final class ReceiveBuffer {
    static final int MAX_RANGES = 32;
    private int capacity;
    private final BufferPool pool;
    private byte[] ring;
    private int head;
    private int readable;
    private final int[] starts = new int[MAX_RANGES + 1]; // one spare: an in-order write may insert before merging
    private final int[] ends = new int[MAX_RANGES + 1];
    private int ranges;
    private int lent; // bytes at head being copied out by the application's thread
    private int releases; // counts release(): a copy that outlived its ring must not move the next one

    ReceiveBuffer(int capacity) {
        this(capacity, BufferPool.NONE);
    }

    ReceiveBuffer(int capacity, BufferPool pool) {
        this.capacity = capacity;
        this.pool = pool;
    }

    /** Bytes of ring held now. */
    synchronized int held() {
        return ring == null ? 0 : ring.length;
    }

    synchronized int capacity() {
        return capacity;
    }

    synchronized int readable() {
        return readable;
    }

    /** Free space after the in-order data: the most the receive window may offer. */
    synchronized int window() {
        return capacity - readable;
    }

    synchronized boolean hasOutOfOrder() {
        return ranges > 0;
    }

    /** Out-of-order ranges held, each as offsets from the end of the in-order data (for SACK). */
    synchronized int outOfOrderRanges() {
        return ranges;
    }

    synchronized int rangeStart(int i) {
        return starts[i];
    }

    synchronized int rangeEnd(int i) {
        return ends[i];
    }

    synchronized boolean allocated() {
        return ring != null;
    }

    /**
     * Stores {@code data} at {@code offset} bytes after the in-order data (what fits). Returns how
     * many bytes became in order (the caller advances RCV.NXT by that), or -1 when an out-of-order
     * segment would need more ranges than allowed (it is dropped; the peer resends it).
     */
    synchronized int write(int offset, ByteBuffer data) {
        int len = Math.min(data.remaining(), window() - offset);
        if (len <= 0 || offset < 0) {
            return 0;
        }
        int end = offset + len;
        int at = 0;
        while (at < ranges && ends[at] < offset) {
            at++;
        }
        int last = at;
        while (last < ranges && starts[last] <= end) {
            last++;
        }
        if (at == last && ranges == MAX_RANGES && offset > 0) {
            return -1; // would be a new range and there is no room for it
        }
        if (ring == null) {
            ring = pool.take(capacity);
        }
        int pos = (head + readable + offset) % capacity;
        int first = Math.min(len, capacity - pos);
        ByteBuffer d = data.duplicate();
        d.get(ring, pos, first);
        d.get(ring, 0, len - first);
        // merge [offset, end) with ranges at..last-1
        int s = offset;
        int e = end;
        if (at < last) {
            s = Math.min(s, starts[at]);
            e = Math.max(e, ends[last - 1]);
        }
        int removed = last - at;
        System.arraycopy(starts, last, starts, at + 1, ranges - last);
        System.arraycopy(ends, last, ends, at + 1, ranges - last);
        starts[at] = s;
        ends[at] = e;
        ranges = ranges - removed + 1;
        if (starts[0] > 0) {
            return 0;
        }
        int advance = ends[0];
        System.arraycopy(starts, 1, starts, 0, ranges - 1);
        System.arraycopy(ends, 1, ends, 0, ranges - 1);
        ranges--;
        for (int i = 0; i < ranges; i++) {
            starts[i] -= advance;
            ends[i] -= advance;
        }
        readable += advance;
        return advance;
    }

    /**
     * Receive-window auto-tuning: a larger capacity. The ring, when allocated, is copied into a new
     * one with the readable bytes first; out-of-order ranges keep their offsets. Never shrinks.
     */
    synchronized void grow(int newCapacity) {
        if (newCapacity <= capacity) {
            return;
        }
        if (ring != null) {
            byte[] bigger = pool.take(newCapacity);
            int held = readable + (ranges > 0 ? ends[ranges - 1] : 0); // in order plus the farthest out-of-order byte
            int first = Math.min(held, capacity - head);
            System.arraycopy(ring, head, bigger, 0, first);
            System.arraycopy(ring, 0, bigger, first, held - first);
            if (lent == 0) {
                pool.give(ring);
            } else {
                pool.drop(ring);
            }
            ring = bigger;
            head = 0;
        }
        capacity = newCapacity;
    }

    synchronized int read(ByteBuffer dst) {
        if (lent > 0) {
            return 0; // the application's thread is copying the first bytes out; nothing may overtake them
        }
        int n = Math.min(dst.remaining(), readable);
        if (n == 0) {
            return 0;
        }
        int first = Math.min(n, capacity - head);
        dst.put(ring, head, first);
        dst.put(ring, 0, n - first);
        head = (head + n) % capacity;
        readable -= n;
        if (readable == 0 && ranges == 0) {
            pool.give(ring); // all read: the ring serves someone else until the next segment
            ring = null;
            head = 0;
        }
        return n;
    }

    synchronized void release() {
        if (lent == 0) {
            pool.give(ring);
        } else if (ring != null) {
            pool.drop(ring);
        }
        releases++;
        ring = null;
        head = 0;
        readable = 0;
        ranges = 0;
    }

    /**
     * Any thread, one at a time: copies up to {@code len} in-order bytes into {@code dst} at {@code off} and
     * returns how many (0 when none, or when another copy is running). The copy runs outside the monitor on
     * lent bytes. An emptied ring stays until the loop calls {@link #releaseIfEmpty}: the pool is the loop's.
     */
    int copyOut(byte[] dst, int off, int len) {
        byte[] src;
        int from;
        int n;
        int cap;
        int generation;
        synchronized (this) {
            n = Math.min(len, readable);
            if (n <= 0 || lent > 0) {
                return 0;
            }
            src = ring;
            from = head;
            cap = capacity;
            generation = releases;
            lent = n;
        }
        int first = Math.min(n, cap - from);
        System.arraycopy(src, from, dst, off, first);
        System.arraycopy(src, 0, dst, off + first, n - first);
        synchronized (this) {
            lent = 0;
            if (generation == releases) {
                head = (head + n) % capacity; // a ring that grew meanwhile holds the same bytes from its own head
                readable -= n;
            }
        }
        return n;
    }

    /** On the loop: an emptied ring goes back to the pool (what {@link #read} does at once, {@link #copyOut} leaves). */
    synchronized void releaseIfEmpty() {
        if (ring != null && readable == 0 && ranges == 0 && lent == 0) {
            pool.give(ring);
            ring = null;
            head = 0;
        }
    }
}
