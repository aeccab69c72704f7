package io.motenet.ip.internal.socket.tcp;

/**
 * Receive-window auto-tuning, after Linux's dynamic right-sizing (tcp_rcv_space_adjust): once per
 * round trip it looks at how many bytes arrived in order during that round trip. A sender that
 * fills more than half the window each round trip is probably held back by it, so the buffer (and
 * with it the window) grows to twice what arrived, up to the configured maximum: like slow start,
 * at most a doubling per round trip, and only for connections that move data. Idle and slow
 * connections keep the small initial buffer. The window never shrinks (RFC 9293 forbids moving its
 * right edge left). Times in nanoseconds; loop thread only.
 */
final class ReceiveWindowTuner {
    /** Where a buffer starts when auto-tuning can grow it: Linux's tcp_rmem default is 128 KiB. */
    static final int INITIAL = 64 * 1024;
    private final int max;
    private int target;
    private long intervalStart = Long.MIN_VALUE;
    private long bytesThisInterval;

    ReceiveWindowTuner(int initial, int max) {
        this.max = max;
        this.target = Math.min(initial, max);
    }

    /** The buffer size wanted now. */
    int target() {
        return target;
    }

    int max() {
        return max;
    }

    /**
     * {@code bytes} arrived in order at {@code now}; {@code rtt} is the best round-trip estimate
     * (0 or less when none yet: nothing is tuned until there is one). Returns the new target.
     */
    int onReceived(int bytes, long now, long rtt) {
        if (rtt <= 0 || target >= max) {
            return target;
        }
        if (intervalStart == Long.MIN_VALUE) {
            intervalStart = now;
        }
        bytesThisInterval += bytes;
        if (now - intervalStart >= rtt) {
            if (2 * bytesThisInterval > target) {
                target = (int) Math.min(max, Math.max(target, 2 * bytesThisInterval));
            }
            intervalStart = now;
            bytesThisInterval = 0;
        }
        return target;
    }
}
