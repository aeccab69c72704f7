package io.motenet.ip.internal.socket.tcp;

import io.motenet.ip.internal.wire.TcpOptions.SackBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * The receiver's side of RFC 2018: which SACK blocks an ACK carries. The first block holds the
 * segment that arrived most recently (RFC 2018 4), the next ones the blocks reported most recently
 * before it, so that each block is repeated in several ACKs and survives ACK loss; the rest of the
 * room goes to the other ranges, lowest first. Blocks come from the receive buffer's out-of-order
 * ranges, so they always describe what is really held. Loop thread only.
 */
final class SackReporter {
    private static final int MEMORY = 4;
    private final int[] recent = new int[MEMORY]; // sequence numbers of the latest out-of-order arrivals
    private int count;

    /** An out-of-order segment starting at {@code seq} was stored. */
    void received(int seq) {
        int n = Math.min(count, MEMORY - 1);
        System.arraycopy(recent, 0, recent, 1, n);
        recent[0] = seq;
        count = n + 1;
    }

    /** The blocks for an ACK at {@code rcvNxt}, at most {@code max}; empty when nothing is out of order. */
    List<SackBlock> blocks(ReceiveBuffer buf, int rcvNxt, int max) {
        int n = buf.outOfOrderRanges();
        if (n == 0 || max <= 0) {
            count = 0;
            return List.of();
        }
        List<SackBlock> out = new ArrayList<>(Math.min(max, n));
        boolean[] used = new boolean[n];
        for (int r = 0; r < count && out.size() < max; r++) {
            int offset = recent[r] - rcvNxt;
            for (int i = 0; i < n; i++) {
                if (!used[i] && buf.rangeStart(i) <= offset && offset < buf.rangeEnd(i)) {
                    used[i] = true;
                    out.add(new SackBlock(rcvNxt + buf.rangeStart(i), rcvNxt + buf.rangeEnd(i)));
                }
            }
        }
        for (int i = 0; i < n && out.size() < max; i++) {
            if (!used[i]) {
                out.add(new SackBlock(rcvNxt + buf.rangeStart(i), rcvNxt + buf.rangeEnd(i)));
            }
        }
        return out;
    }
}
