package io.motenet.ip.internal.wire;

import java.util.List;

/**
 * The TCP options motenet understands (RFC 9293 MSS, RFC 7323 window scale and timestamps,
 * RFC 2018 SACK). Absent values are -1 / false / empty. Unknown options are skipped when parsed
 * and never emitted.
 *
 * @param mss           maximum segment size, -1 when absent
 * @param windowScale   shift count 0-14, -1 when absent (larger shifts are clamped to 14, RFC 7323 2.3)
 * @param sackPermitted SACK-permitted (SYN only)
 * @param timestamps    true when the timestamps option is present
 * @param tsVal         sender's timestamp value (when {@code timestamps})
 * @param tsEcr         echoed timestamp (when {@code timestamps})
 * @param sackBlocks    SACK blocks, at most 4
 */
public record TcpOptions(int mss, int windowScale, boolean sackPermitted, boolean timestamps, int tsVal, int tsEcr,
        List<SackBlock> sackBlocks) {
    public static final TcpOptions NONE = new TcpOptions(-1, -1, false, false, 0, 0, List.of());
    public static final int MAX_WINDOW_SCALE = 14;
    public static final int MAX_LENGTH = 40;

    /** One SACK block: the sequence numbers of the first byte and of the byte after the last. */
    public record SackBlock(int left, int right) {
    }

    public TcpOptions {
        sackBlocks = List.copyOf(sackBlocks);
    }

    public TcpOptions withTimestamps(int val, int ecr) {
        return new TcpOptions(mss, windowScale, sackPermitted, true, val, ecr, sackBlocks);
    }

    /** Bytes these options take on the wire, padded to a multiple of four. */
    public int length() {
        int n = 0;
        if (mss >= 0) {
            n += 4;
        }
        if (timestamps || sackPermitted) {
            n += timestamps ? 12 : 4; // SACK-permitted rides in the two NOPs before the timestamps
        }
        if (windowScale >= 0) {
            n += 4;
        }
        if (!sackBlocks.isEmpty()) {
            n += 4 + 8 * sackBlocks.size();
        }
        return n;
    }

    /**
     * Writes the options in the layout Linux uses (MSS; SACK-permitted and timestamps; NOP and
     * window scale; NOP NOP SACK) so that a captured segment re-emits byte for byte.
     */
    void emit(java.nio.ByteBuffer out) {
        if (length() > MAX_LENGTH) {
            throw new IllegalArgumentException("TCP options need " + length() + " bytes, at most 40 fit");
        }
        if (mss >= 0) {
            out.put((byte) 2).put((byte) 4).putShort((short) mss);
        }
        if (timestamps) {
            if (sackPermitted) {
                out.put((byte) 4).put((byte) 2);
            } else {
                out.put((byte) 1).put((byte) 1);
            }
            out.put((byte) 8).put((byte) 10).putInt(tsVal).putInt(tsEcr);
        } else if (sackPermitted) {
            out.put((byte) 1).put((byte) 1).put((byte) 4).put((byte) 2);
        }
        if (windowScale >= 0) {
            out.put((byte) 1).put((byte) 3).put((byte) 3).put((byte) windowScale);
        }
        if (!sackBlocks.isEmpty()) {
            out.put((byte) 1).put((byte) 1).put((byte) 5).put((byte) (2 + 8 * sackBlocks.size()));
            for (SackBlock b : sackBlocks) {
                out.putInt(b.left()).putInt(b.right());
            }
        }
    }
}
