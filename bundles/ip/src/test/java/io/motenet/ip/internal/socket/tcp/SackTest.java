package io.motenet.ip.internal.socket.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.motenet.ip.internal.wire.TcpOptions.SackBlock;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The SACK scoreboard against RFC 6675's definitions (IsLost, SetPipe, NextSeg) and the receiver's
 * choice of blocks against RFC 2018. Segments of 1000 bytes from sequence number 1000 (and once
 * across the 2^32 wrap).
 */
class SackTest {
    static final int MSS = 1000;

    static SackBlock seg(int base, int from, int to) {
        return new SackBlock(base + from * MSS, base + to * MSS);
    }

    @Test
    void lostNeedsThreeSegmentsOrThreeRangesAbove() {
        int una = 1000;
        SackScoreboard s = new SackScoreboard();
        // segments 0..9 sent; the peer holds 1 and 2 only: two segments above 0, not yet lost
        assertEquals(2 * MSS, s.update(una, una + 10 * MSS, List.of(seg(una, 1, 3))));
        assertFalse(s.isLost(una, una, MSS), "2 segments SACKed above: not lost (DupThresh 3)");
        assertEquals(MSS, s.update(una, una + 10 * MSS, List.of(seg(una, 1, 4))), "one new segment SACKed");
        assertTrue(s.isLost(una, una, MSS), "more than 2 SMSS SACKed above: lost");
        assertFalse(s.isLost(una + 4 * MSS, una, MSS), "nothing SACKed above segment 4");
        // three discontiguous single bytes above also make it lost
        SackScoreboard d = new SackScoreboard();
        d.update(una, una + 10 * MSS, List.of(new SackBlock(una + 2000, una + 2001), new SackBlock(una + 4000,
                una + 4001), new SackBlock(una + 6000, una + 6001)));
        assertTrue(d.isLost(una + 1000, una, MSS), "three SACKed ranges above");
        assertFalse(d.isLost(una + 3000, una, MSS), "only two ranges above");
    }

    @Test
    void pipeCountsUnsackedNotLostAndRetransmitted() {
        int una = 1000;
        int max = una + 10 * MSS;
        SackScoreboard s = new SackScoreboard();
        s.update(una, max, List.of(seg(una, 1, 4), seg(una, 6, 7)));
        // holes: 0 (lost: 4 segments SACKed above), 4-5 (1 segment above: not lost), 7-9 (not lost)
        assertEquals(5 * MSS, s.pipe(una, max, una, MSS), "segments 4, 5, 7, 8, 9");
        assertEquals(6 * MSS, s.pipe(una, max, una + MSS, MSS), "segment 0 retransmitted counts again");
    }

    @Test
    void nextSegTakesLostHolesFirstThenAnyHoleBelowTheHighestSack() {
        int una = 1000;
        int max = una + 10 * MSS;
        SackScoreboard s = new SackScoreboard();
        s.update(una, max, List.of(seg(una, 2, 5), seg(una, 6, 7)));
        long h = s.nextHole(una, una, MSS, false);
        assertEquals(una, SackScoreboard.holeSeq(h), "rule 1: the first lost byte");
        assertEquals(MSS, SackScoreboard.holeLength(h), "one segment at most");
        h = s.nextHole(una, una + MSS, MSS, false);
        assertEquals(una + MSS, SackScoreboard.holeSeq(h), "after HighRxt: segment 1, also lost");
        assertEquals(SackScoreboard.NO_HOLE, s.nextHole(una, una + 2 * MSS, MSS, false),
                "segment 5 has only one segment SACKed above: not lost");
        h = s.nextHole(una, una + 2 * MSS, MSS, true);
        assertEquals(una + 5 * MSS, SackScoreboard.holeSeq(h), "rule 3: an un-SACKed hole below the highest SACK");
        assertEquals(SackScoreboard.NO_HOLE, s.nextHole(una, una + 6 * MSS, MSS, true), "none left");
    }

    @Test
    void cumulativeAckTrimsAndDsackIsTolerated() {
        int una = 1000;
        int max = una + 10 * MSS;
        SackScoreboard s = new SackScoreboard();
        s.update(una, max, List.of(seg(una, 2, 4)));
        int una2 = una + 3 * MSS;
        assertEquals(0, s.update(una2, max, List.of(seg(una, 0, 1))), "D-SACK below the ACK: no news");
        assertEquals(1, s.dsacks());
        assertTrue(s.isSacked(una2) && !s.isSacked(una2 - 1), "the range was trimmed to start at the ACK");
        assertEquals(1, s.ranges());
        assertEquals(0, s.update(una2, max, List.of(seg(una, 3, 4), seg(una, 3, 4))),
                "D-SACK inside the second block (RFC 2883 4.2)");
        assertEquals(2, s.dsacks());
        assertEquals(0, s.update(una2, max, List.of(seg(una, 11, 12))), "beyond SND.MAX: ignored");
        assertEquals(0, s.update(una2, max, List.of(new SackBlock(una2 + 500, una2 + 100))), "inverted: ignored");
        s.update(una + 10 * MSS, max, List.of());
        assertTrue(s.isEmpty(), "everything acknowledged");
    }

    @Test
    void rangesAreBoundedAndWorkAcrossTheWrap() {
        int una = 0xffffffff - 2500;
        int max = una + 200 * MSS;
        SackScoreboard s = new SackScoreboard();
        for (int i = 0; i < SackScoreboard.MAX_RANGES + 5; i++) {
            s.update(una, max, List.of(seg(una, 2 * i + 1, 2 * i + 2)));
        }
        assertEquals(SackScoreboard.MAX_RANGES, s.ranges(), "bounded");
        assertTrue(s.isLost(una + 2 * MSS, una, MSS), "across the wrap: segment 2 has many SACKed above");
        assertEquals(una + 2 * MSS, SackScoreboard.holeSeq(s.nextHole(una, una + MSS, MSS, false)));
        s.update(una, max, List.of(seg(una, 1, 70)));
        assertEquals(1, s.ranges(), "one block covering them all merges them");
    }

    @Test
    void receiverReportsTheLatestBlockFirst() {
        ReceiveBuffer buf = new ReceiveBuffer(64 * MSS);
        SackReporter r = new SackReporter();
        int rcvNxt = 5000;
        assertEquals(List.of(), r.blocks(buf, rcvNxt, 3), "nothing out of order: no blocks");
        buf.write(2 * MSS, ByteBuffer.allocate(MSS));
        r.received(rcvNxt + 2 * MSS);
        buf.write(6 * MSS, ByteBuffer.allocate(MSS));
        r.received(rcvNxt + 6 * MSS);
        buf.write(4 * MSS, ByteBuffer.allocate(MSS));
        r.received(rcvNxt + 4 * MSS);
        buf.write(9 * MSS, ByteBuffer.allocate(MSS));
        buf.write(3 * MSS, ByteBuffer.allocate(MSS)); // joins 2 and 4 into one range
        r.received(rcvNxt + 3 * MSS);
        List<SackBlock> b = r.blocks(buf, rcvNxt, 3);
        assertEquals(List.of(seg(rcvNxt, 2, 5), seg(rcvNxt, 6, 7), seg(rcvNxt, 9, 10)), b,
                "latest arrival's range, then the earlier reported ones, then the rest");
        assertEquals(2, r.blocks(buf, rcvNxt, 2).size(), "room for two (timestamps take the rest)");
    }
}
