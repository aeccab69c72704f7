package io.motenet.ip.internal.stack;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Arrays for the frames drivers lend the loop, used again once the stack has consumed them: a 64 KiB frame
 * copied into a fresh array costs the zeroing of that array on top of the copy (Java has no uninitialised
 * arrays), and the garbage. Two sizes: Ethernet frames of a classic MTU, and the largest frame an MTU of 65535
 * or a coalescing device gives. Large ones are also lent to devices to read frames into (link contract 1.2). Drivers' threads take, the loop gives back; lock-free (a queue with a lock
 * showed up in the profile), bounded, never blocking.
 */
final class ReceiveBuffers {
    static final int SMALL = 2048;
    /** The largest frame an MTU of 65535 or a coalescing device gives, with room for a device's own header. */
    static final int LARGE = 65_536 + 64;

    private final Pool small;
    private final Pool large;

    /** Keeps at most {@code small} + {@code large} arrays for reuse (the rest become garbage). */
    ReceiveBuffers(int small, int large) {
        this.small = new Pool(SMALL, small);
        this.large = new Pool(LARGE, large);
    }

    /** An array of at least {@code length} octets, its content undefined. */
    byte[] take(int length) {
        if (length > LARGE) {
            return new byte[length]; // no device makes these; not worth keeping
        }
        return (length <= SMALL ? small : large).take();
    }

    /** An array from {@link #take} whose frame the stack has consumed. */
    void give(byte[] a) {
        if (a.length == SMALL) {
            small.give(a);
        } else if (a.length == LARGE) {
            large.give(a);
        }
    }

    private static final class Pool {
        private final int size;
        private final int max;
        private final ConcurrentLinkedQueue<byte[]> arrays = new ConcurrentLinkedQueue<>();
        private final AtomicInteger count = new AtomicInteger();

        Pool(int size, int max) {
            this.size = size;
            this.max = max;
        }

        byte[] take() {
            byte[] a = arrays.poll();
            if (a == null) {
                return new byte[size];
            }
            count.decrementAndGet();
            return a;
        }

        void give(byte[] a) {
            if (count.incrementAndGet() <= max) {
                arrays.offer(a);
            } else {
                count.decrementAndGet();
            }
        }
    }
}
