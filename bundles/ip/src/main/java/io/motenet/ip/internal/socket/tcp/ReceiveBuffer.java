package io.motenet.ip.internal.socket.tcp;

import java.nio.ByteBuffer;

/**
 * Received bytes waiting for the application, as a ring, with out-of-order data placed where it
 * belongs (as smoltcp's assembler does): the window never exceeds the free space, so every
 * acceptable segment fits. Holes are tracked as ranges of offsets from the end of the in-order
 * data; their number is bounded so hostile segments cannot cost memory. Allocated lazily.
 */
final class ReceiveBuffer {
    static final int MAX_RANGES = 32;
    private final int capacity;
    private byte[] ring;
    private int head;
    private int readable;
    private final int[] starts = new int[MAX_RANGES + 1]; // one spare: an in-order write may insert before merging
    private final int[] ends = new int[MAX_RANGES + 1];
    private int ranges;

    ReceiveBuffer(int capacity) {
        this.capacity = capacity;
    }

    int capacity() {
        return capacity;
    }

    int readable() {
        return readable;
    }

    /** Free space after the in-order data: the most the receive window may offer. */
    int window() {
        return capacity - readable;
    }

    boolean hasOutOfOrder() {
        return ranges > 0;
    }

    boolean allocated() {
        return ring != null;
    }

    /**
     * Stores {@code data} at {@code offset} bytes after the in-order data (what fits). Returns how
     * many bytes became in order (the caller advances RCV.NXT by that), or -1 when an out-of-order
     * segment would need more ranges than allowed (it is dropped; the peer resends it).
     */
    int write(int offset, ByteBuffer data) {
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
            ring = new byte[capacity];
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

    int read(ByteBuffer dst) {
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
            head = 0;
        }
        return n;
    }

    void release() {
        ring = null;
        head = 0;
        readable = 0;
        ranges = 0;
    }
}
