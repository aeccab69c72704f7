package io.motenet.ip.internal.socket.tcp;

import io.motenet.ip.internal.wire.TcpOptions.SackBlock;
import java.util.List;

/**
 * The sender's SACK scoreboard and the RFC 6675 functions over it: which bytes above SND.UNA the
 * peer holds (RFC 2018), {@link #isLost}, {@link #nextHole} (NextSeg rules 1 and 3) and
 * {@link #pipe}. Byte-granular; segments are cut from holes by the caller. The ranges are sorted,
 * disjoint and bounded in number, so a hostile peer's blocks cost no memory: a block that would
 * need a range beyond the bound is ignored, which only makes the sender retransmit more. SACK is
 * advisory (the peer may renege), so nothing here frees send-buffer data; after a timeout the
 * connection {@link #clear clears} it (RFC 6675 5.1). Loop thread only.
 */
final class SackScoreboard {
    static final int DUP_THRESH = 3;
    static final int MAX_RANGES = 32;
    private final int[] starts = new int[MAX_RANGES];
    private final int[] ends = new int[MAX_RANGES];
    private int ranges;
    private long dsacks;

    int ranges() {
        return ranges;
    }

    boolean isEmpty() {
        return ranges == 0;
    }

    /** D-SACK blocks seen (RFC 2883): tolerated, counted, and never taken as new information. */
    long dsacks() {
        return dsacks;
    }

    /** Highest SACKed sequence number plus one (RFC 6675 HighACK's counterpart), or {@code una}. */
    int highestSacked(int una) {
        return ranges == 0 ? una : ends[ranges - 1];
    }

    void clear() {
        ranges = 0;
    }

    /**
     * Takes an ACK's cumulative point and SACK blocks; returns the bytes newly SACKed (greater than
     * zero makes the ACK a "duplicate" in RFC 6675's sense even when the window changed).
     */
    int update(int una, int sndMax, List<SackBlock> blocks) {
        dropBelow(una);
        int added = 0;
        for (int i = 0; i < blocks.size(); i++) {
            SackBlock b = blocks.get(i);
            int left = b.left();
            int right = b.right();
            if (!Seq.lt(left, right)) {
                continue; // empty or inverted: malformed, ignored
            }
            if (i == 0 && (Seq.le(right, una) || blocks.size() > 1 && covers(blocks.get(1), b))) {
                dsacks++; // RFC 2883 4: the first block reports a duplicate, not a hole filled
                continue;
            }
            if (Seq.le(right, una) || Seq.gt(right, sndMax)) {
                continue; // old, or beyond anything sent: nothing to learn (or a lie)
            }
            added += add(Seq.max(left, una), right);
        }
        return added;
    }

    private static boolean covers(SackBlock outer, SackBlock inner) {
        return Seq.le(outer.left(), inner.left()) && Seq.ge(outer.right(), inner.right());
    }

    private void dropBelow(int una) {
        int keep = 0;
        for (int i = 0; i < ranges; i++) {
            if (Seq.gt(ends[i], una)) {
                starts[keep] = Seq.max(starts[i], una);
                ends[keep] = ends[i];
                keep++;
            }
        }
        ranges = keep;
    }

    /** Merges [s, e) in; returns how many of its bytes were not SACKed before. */
    private int add(int s, int e) {
        int at = 0;
        while (at < ranges && Seq.lt(ends[at], s)) {
            at++;
        }
        int last = at;
        int covered = 0;
        while (last < ranges && Seq.le(starts[last], e)) {
            covered += Math.max(0, minSeq(ends[last], e) - Seq.max(starts[last], s));
            last++;
        }
        if (at == last && ranges == MAX_RANGES) {
            return 0; // no room for another range: ignore the block (costs retransmissions, not safety)
        }
        int ns = at < last ? minSeq(s, starts[at]) : s;
        int ne = at < last ? Seq.max(e, ends[last - 1]) : e;
        System.arraycopy(starts, last, starts, at + 1, ranges - last);
        System.arraycopy(ends, last, ends, at + 1, ranges - last);
        starts[at] = ns;
        ends[at] = ne;
        ranges = ranges - (last - at) + 1;
        return (e - s) - covered;
    }

    boolean isSacked(int seq) {
        for (int i = 0; i < ranges; i++) {
            if (Seq.le(starts[i], seq) && Seq.lt(seq, ends[i])) {
                return true;
            }
        }
        return false;
    }

    /** The end of the SACKed range holding {@code seq}, or {@code seq} itself when it is not SACKed. */
    int sackedEnd(int seq) {
        for (int i = 0; i < ranges; i++) {
            if (Seq.le(starts[i], seq) && Seq.lt(seq, ends[i])) {
                return ends[i];
            }
        }
        return seq;
    }

    /** The start of the first SACKed range above {@code seq}, or {@code limit} when none comes before it. */
    int nextSackedStart(int seq, int limit) {
        for (int i = 0; i < ranges; i++) {
            if (Seq.gt(starts[i], seq)) {
                return minSeq(starts[i], limit);
            }
        }
        return limit;
    }

    /** SACKed bytes in [from, to). */
    int sackedBetween(int from, int to) {
        int n = 0;
        for (int i = 0; i < ranges; i++) {
            n += overlap(starts[i], ends[i], from, to);
        }
        return n;
    }

    /**
     * The sequence number below which every un-SACKed byte counts as lost (RFC 6675 IsLost): below
     * it lie either DupThresh discontiguous SACKed ranges or more than (DupThresh - 1) * SMSS SACKed
     * bytes. Both criteria only weaken as the number grows, so one boundary answers for all bytes.
     * Returns {@code una} when nothing is lost.
     */
    int lostBelow(int una, int mss) {
        int boundary = una;
        if (ranges >= DUP_THRESH) {
            boundary = starts[ranges - DUP_THRESH];
        }
        long limit = (long) (DUP_THRESH - 1) * mss;
        long cum = 0;
        for (int i = ranges - 1; i >= 0; i--) {
            int len = ends[i] - starts[i];
            if (cum + len > limit) {
                int need = (int) (limit + 1 - cum); // the top 'need' bytes of this range complete it
                int b = ends[i] - need;
                return Seq.max(boundary, b);
            }
            cum += len;
        }
        return boundary;
    }

    /** RFC 6675 IsLost(seq) for an un-SACKed byte. */
    boolean isLost(int seq, int una, int mss) {
        return !isSacked(seq) && Seq.lt(seq, lostBelow(una, mss));
    }

    /**
     * RFC 6675 SetPipe: the bytes in [una, sndMax) thought to be in the network — every un-SACKed
     * byte not deemed lost, plus every byte retransmitted (below {@code highRxt}, the end of the
     * highest retransmission).
     */
    int pipe(int una, int sndMax, int highRxt, int mss) {
        int lost = lostBelow(una, mss);
        long pipe = 0;
        int holeStart = una;
        for (int i = 0; i <= ranges; i++) {
            int holeEnd = i < ranges ? starts[i] : sndMax;
            if (Seq.lt(holeStart, holeEnd)) {
                pipe += overlap(holeStart, holeEnd, lost, sndMax); // not lost
                pipe += overlap(holeStart, holeEnd, una, highRxt); // retransmitted
            }
            if (i < ranges) {
                holeStart = ends[i];
            }
        }
        return (int) Math.min(pipe, Integer.MAX_VALUE);
    }

    private static int overlap(int s, int e, int from, int to) {
        int a = Seq.max(s, from);
        int b = minSeq(e, to);
        return Seq.lt(a, b) ? b - a : 0;
    }

    /**
     * RFC 6675 NextSeg rules 1 and 3: the first un-SACKed byte at or above {@code highRxt} that is
     * lost (rule 1) or, when {@code anyHole}, merely below the highest SACKed byte (rule 3).
     * Returns the stretch to send (at most {@code mss} bytes) packed for {@link #holeSeq} and
     * {@link #holeLength}, or {@link #NO_HOLE}; packed so the hot path allocates nothing.
     */
    long nextHole(int una, int highRxt, int mss, boolean anyHole) {
        if (ranges == 0) {
            return NO_HOLE;
        }
        int limit = anyHole ? ends[ranges - 1] : lostBelow(una, mss);
        int from = Seq.max(una, highRxt);
        int holeStart = una;
        for (int i = 0; i < ranges; i++) {
            int holeEnd = starts[i];
            int s = Seq.max(holeStart, from);
            int e = minSeq(holeEnd, limit);
            if (Seq.lt(s, e)) {
                return pack(s, Math.min(e - s, mss));
            }
            holeStart = ends[i];
        }
        return NO_HOLE;
    }

    static final long NO_HOLE = -1L;

    private static int minSeq(int a, int b) {
        return Seq.lt(a, b) ? a : b;
    }

    private static long pack(int seq, int len) {
        return ((long) len << 32) | (seq & 0xffffffffL);
    }

    static int holeSeq(long hole) {
        return (int) hole;
    }

    static int holeLength(long hole) {
        return (int) (hole >>> 32);
    }
}
