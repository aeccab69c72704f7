package io.motenet.ip.internal.socket.tcp;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Ring arrays for the send and receive buffers of one TCP layer. A ring goes back here the moment
 * its buffer empties, so an idle connection holds no ring at all, and a bulk stream, whose
 * receive ring empties whenever the application has read everything, takes the same array back
 * instead of making garbage. At most {@code maxIdleBytes} wait here; beyond that returned rings are
 * left to the collector. Also counts the bytes handed out and not returned: the layer's memory in
 * use, against which auto-tuning growth is checked. Loop thread only.
 */
final class BufferPool {
    /** No pooling (unit tests of the buffers): every take allocates, every give forgets. */
    static final BufferPool NONE = new BufferPool(0);

    private final long maxIdleBytes;
    private final Map<Integer, ArrayDeque<byte[]>> free = new HashMap<>();
    private long idleBytes;
    private long inUse;

    BufferPool(long maxIdleBytes) {
        this.maxIdleBytes = maxIdleBytes;
    }

    byte[] take(int size) {
        inUse += size;
        ArrayDeque<byte[]> q = free.get(size);
        if (q != null && !q.isEmpty()) {
            idleBytes -= size;
            return q.pop(); // old contents stay: a ring only ever reads what was written into it
        }
        return new byte[size];
    }

    void give(byte[] ring) {
        if (ring == null) {
            return;
        }
        inUse -= ring.length;
        if (idleBytes + ring.length <= maxIdleBytes) {
            free.computeIfAbsent(ring.length, k -> new ArrayDeque<>()).push(ring);
            idleBytes += ring.length;
        }
    }

    /** Bytes of ring held by buffers now. */
    long inUse() {
        return inUse;
    }

    /** Bytes of ring waiting here for reuse. */
    long idle() {
        return idleBytes;
    }
}
