package io.motenet.ip.internal.socket.tcp;

import java.nio.ByteBuffer;

/**
 * The bytes written by the application and not yet acknowledged, as a ring. The ring is taken
 * from the pool on the first write, starts small ({@link #INITIAL}) and doubles while the
 * application keeps it full, up to the capacity; it goes back to the pool whenever everything
 * was acknowledged, so idle connections hold none.
 */
final class SendBuffer {
    static final int INITIAL = 64 * 1024;
    private final int capacity;
    private final BufferPool pool;
    private byte[] ring;
    private int head;
    private int length;

    SendBuffer(int capacity) {
        this(capacity, BufferPool.NONE);
    }

    SendBuffer(int capacity, BufferPool pool) {
        this.capacity = capacity;
        this.pool = pool;
    }

    int length() {
        return length;
    }

    int free() {
        return capacity - length;
    }

    int capacity() {
        return capacity;
    }

    boolean allocated() {
        return ring != null;
    }

    /** Bytes of ring held now. */
    int held() {
        return ring == null ? 0 : ring.length;
    }

    /** Copies as much of {@code src} as fits; returns the count. */
    int write(ByteBuffer src) {
        int n = Math.min(src.remaining(), free());
        if (n == 0) {
            return 0;
        }
        if (ring == null) {
            ring = pool.take(Math.min(capacity, INITIAL));
        }
        if (length + n > ring.length) {
            grow(length + n);
        }
        int size = ring.length;
        int tail = (head + length) % size;
        int first = Math.min(n, size - tail);
        src.get(ring, tail, first);
        src.get(ring, 0, n - first);
        length += n;
        return n;
    }

    private void grow(int need) {
        int size = ring.length;
        while (size < need) {
            size = (int) Math.min(capacity, 2L * size);
        }
        byte[] bigger = pool.take(size);
        int first = Math.min(length, ring.length - head);
        System.arraycopy(ring, head, bigger, 0, first);
        System.arraycopy(ring, 0, bigger, first, length - first);
        pool.give(ring);
        ring = bigger;
        head = 0;
    }

    /** Forgets the first {@code n} bytes (they were acknowledged). */
    void drop(int n) {
        n = Math.min(n, length);
        if (n == 0) {
            return;
        }
        head = (head + n) % ring.length;
        length -= n;
        if (length == 0) {
            pool.give(ring); // all acknowledged: the ring serves someone else until the next write
            ring = null;
            head = 0;
        }
    }

    /** Copies {@code len} bytes starting {@code offset} bytes after the first into {@code dst}. */
    void copy(int offset, int len, ByteBuffer dst) {
        int size = ring.length;
        int start = (head + offset) % size;
        int first = Math.min(len, size - start);
        dst.put(ring, start, first);
        dst.put(ring, 0, len - first);
    }

    void release() {
        pool.give(ring);
        ring = null;
        head = 0;
        length = 0;
    }
}
