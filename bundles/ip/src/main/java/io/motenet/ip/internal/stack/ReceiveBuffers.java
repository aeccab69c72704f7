package io.motenet.ip.internal.stack;

import java.util.concurrent.ArrayBlockingQueue;

/**
 * Arrays for the frames drivers lend the loop, used again once the stack has consumed them: a 64 KiB frame
 * copied into a fresh array costs the zeroing of that array on top of the copy (Java has no uninitialised
 * arrays), and the garbage. Two sizes: Ethernet frames of a classic MTU, and the largest frame an MTU of 65535
 * or a coalescing device gives. Drivers' threads take, the loop gives back; both bounded, never blocking.
 */
final class ReceiveBuffers {
    static final int SMALL = 2048;
    static final int LARGE = 14 + 65_535;

    private final ArrayBlockingQueue<byte[]> small;
    private final ArrayBlockingQueue<byte[]> large;

    /** Keeps at most {@code small} + {@code large} arrays for reuse (the rest become garbage). */
    ReceiveBuffers(int small, int large) {
        this.small = new ArrayBlockingQueue<>(small);
        this.large = new ArrayBlockingQueue<>(large);
    }

    /** An array of at least {@code length} octets, its content undefined. */
    byte[] take(int length) {
        if (length > LARGE) {
            return new byte[length]; // no device makes these; not worth keeping
        }
        ArrayBlockingQueue<byte[]> q = length <= SMALL ? small : large;
        byte[] a = q.poll();
        return a != null ? a : new byte[q == small ? SMALL : LARGE];
    }

    /** An array from {@link #take} whose frame the stack has consumed. */
    void give(byte[] a) {
        if (a.length == SMALL) {
            small.offer(a);
        } else if (a.length == LARGE) {
            large.offer(a);
        }
    }
}
