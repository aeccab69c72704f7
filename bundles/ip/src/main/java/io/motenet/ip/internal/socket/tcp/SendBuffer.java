package io.motenet.ip.internal.socket.tcp;

import java.nio.ByteBuffer;

/**
 * The bytes written by the application and not yet acknowledged, as a ring. The array is
 * allocated on the first write and dropped on release, so idle and half-open connections hold
 * none (a pool can take over the allocation later).
 */
final class SendBuffer {
    private final int capacity;
    private byte[] ring;
    private int head;
    private int length;

    SendBuffer(int capacity) {
        this.capacity = capacity;
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

    /** Copies as much of {@code src} as fits; returns the count. */
    int write(ByteBuffer src) {
        int n = Math.min(src.remaining(), free());
        if (n == 0) {
            return 0;
        }
        if (ring == null) {
            ring = new byte[capacity];
        }
        int tail = (head + length) % capacity;
        int first = Math.min(n, capacity - tail);
        src.get(ring, tail, first);
        src.get(ring, 0, n - first);
        length += n;
        return n;
    }

    /** Forgets the first {@code n} bytes (they were acknowledged). */
    void drop(int n) {
        n = Math.min(n, length);
        head = (head + n) % capacity;
        length -= n;
        if (length == 0) {
            head = 0;
        }
    }

    /** Copies {@code len} bytes starting {@code offset} bytes after the first into {@code dst}. */
    void copy(int offset, int len, ByteBuffer dst) {
        int start = (head + offset) % capacity;
        int first = Math.min(len, capacity - start);
        dst.put(ring, start, first);
        dst.put(ring, 0, len - first);
    }

    void release() {
        ring = null;
        head = 0;
        length = 0;
    }
}
