package io.motenet.ip.internal.socket.tcp;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ring arrays for the send and receive buffers of one TCP layer. A ring goes back here the moment
 * its buffer empties, so an idle connection holds no ring at all, and a bulk stream, whose
 * receive ring empties whenever the application has read everything, takes the same array back
 * instead of making garbage. At most {@code maxIdleBytes} wait here. When a returned ring would
 * not fit, rings of the sizes used least recently go to the collector first: auto-tuning leaves
 * rings of every size it grew through, and those must not crowd out the size a stream takes
 * again and again (a miss allocates, and zeroes, a ring of up to several MiB). Also counts the
 * bytes handed out and not returned: the layer's memory in use, against which auto-tuning growth
 * is checked. Loop thread only.
 */
final class BufferPool {
    /** No pooling (unit tests of the buffers): every take allocates, every give forgets. */
    static final BufferPool NONE = new BufferPool(0);

    private final long maxIdleBytes;
    // size -> idle rings of that size; access order, so the first entry is the size used least recently
    private final LinkedHashMap<Integer, ArrayDeque<byte[]>> free = new LinkedHashMap<>(16, 0.75f, true);
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
        if (ring.length > maxIdleBytes) {
            return;
        }
        ArrayDeque<byte[]> own = free.computeIfAbsent(ring.length, k -> new ArrayDeque<>());
        evictOtherSizes(ring.length, maxIdleBytes - ring.length);
        if (idleBytes + ring.length <= maxIdleBytes) {
            own.push(ring);
            idleBytes += ring.length;
        }
    }

    /** A ring handed out that will not come back (someone may still read it): no longer counted as in use. */
    void drop(byte[] ring) {
        inUse -= ring.length;
    }

    /** Drops idle rings of sizes other than {@code keep}, least recently used sizes first, until at most {@code limit} bytes idle. */
    private void evictOtherSizes(int keep, long limit) {
        Iterator<Map.Entry<Integer, ArrayDeque<byte[]>>> it = free.entrySet().iterator();
        while (idleBytes > limit && it.hasNext()) {
            Map.Entry<Integer, ArrayDeque<byte[]>> e = it.next();
            if (e.getKey() == keep) {
                continue;
            }
            ArrayDeque<byte[]> q = e.getValue();
            while (idleBytes > limit && !q.isEmpty()) {
                q.pop();
                idleBytes -= e.getKey();
            }
            if (q.isEmpty()) {
                it.remove();
            }
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
