package io.motenet.ip.internal.socket.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * CUBIC against RFC 9438's formulas, driven by an idealised ACK clock: every round trip the whole
 * window is acknowledged, one segment per ACK, spread evenly over the round trip.
 */
class CubicTest {
    static final int MSS = 1000;
    static final long MS = 1_000_000L;

    /** Acknowledges one window per RTT for {@code rounds} round trips; returns the time reached. */
    static long ackRounds(Cubic c, long now, long rtt, int rounds) {
        for (int r = 0; r < rounds; r++) {
            int segments = Math.max(1, c.cwnd() / MSS);
            for (int i = 0; i < segments; i++) {
                now += rtt / segments;
                c.onAck(MSS, c.cwnd(), rtt, now);
            }
        }
        return now;
    }

    /** A CUBIC flow that lost at a window of {@code w} segments and left recovery at ssthresh. */
    static Cubic afterLossAt(int w) {
        Cubic c = new Cubic(MSS);
        c.setCwnd(w * MSS);
        c.onLoss(w * MSS, 0);
        c.setCwnd(c.ssthresh()); // what the connection does when recovery ends
        return c;
    }

    @Test
    void lossCutsTheWindowByBeta() {
        Cubic c = afterLossAt(100);
        assertEquals(70_000, c.ssthresh(), "beta_cubic = 0.7 of the flight");
        assertEquals(70_000, c.cwnd());
        assertEquals(100, c.wMax(), 1e-9, "W_max is the window at the loss");
        c.onTimeout(70_000, 0);
        assertEquals(MSS, c.cwnd(), "a timeout leaves one segment");
        assertEquals(49_000, c.ssthresh());
    }

    @Test
    void windowFollowsTheCubicFunctionOnALongPath() {
        long rtt = 100 * MS; // long enough that the Reno-friendly estimate stays below the curve
        Cubic c = afterLossAt(100);
        long now = ackRounds(c, 0, rtt, 1); // the epoch starts at the first ACK in avoidance
        double k = Math.cbrt((100 - 70) / Cubic.C);
        assertEquals(k, c.k(), 1e-9, "K = cbrt((W_max - cwnd_epoch) / C)");
        long epoch = rtt / 70; // the first ACK's time
        double concaveSeen = 0;
        for (int round = 0; round < 70; round++) {
            now = ackRounds(c, now, rtt, 1);
            double t = (now - epoch) / 1e9;
            double expected = Cubic.C * Math.pow(t - k, 3) + 100; // W_cubic(t), RFC 9438 (1)
            double w = c.cwndSegments();
            // cwnd aims one RTT ahead of the curve, so it sits between W_cubic(t) and W_cubic(t + RTT)
            double ahead = Cubic.C * Math.pow(t + 0.1 - k, 3) + 100;
            assertTrue(w >= Math.min(expected, ahead) - 1.5 && w <= Math.max(Math.max(expected, ahead), c.wEst()) + 1.5,
                    String.format("t=%.2f s: cwnd %.2f segments, W_cubic(t) %.2f, W_cubic(t+RTT) %.2f", t, w,
                            expected, ahead));
            if (t < k) {
                assertTrue(w > c.wEst(), "the cubic region, above W_est " + c.wEst());
            } // near the plateau W_est (past the old maximum it gains a segment per RTT) may take over
            if (t < k - 1) {
                concaveSeen = Math.max(concaveSeen, w);
            }
        }
        assertTrue(concaveSeen > 90 && concaveSeen < 100, "concave: approaches W_max from below " + concaveSeen);
        assertTrue(c.cwndSegments() > 110, "convex: probes beyond W_max after K " + c.cwndSegments());
    }

    @Test
    void renoFriendlyRegionOnAShortPath() {
        long rtt = MS; // 1 ms: Reno would regain the window far faster than the cubic curve
        Cubic c = afterLossAt(100);
        long now = ackRounds(c, 0, rtt, 20);
        // W_est = 70 + alpha per RTT, alpha = 3 (1 - 0.7) / (1 + 0.7) (RFC 9438 4.3)
        double expectedEst = 70 + 20 * Cubic.ALPHA;
        assertEquals(expectedEst, c.wEst(), 0.6, "W_est after 20 round trips");
        double t = now / 1e9;
        double cubic = Cubic.C * Math.pow(t - c.k(), 3) + 100;
        assertTrue(cubic < c.wEst(), "the curve (" + cubic + ") is below W_est");
        assertEquals(c.wEst(), c.cwndSegments(), 1e-9, "cwnd = W_est in the Reno-friendly region");
        assertEquals(0.5294, Cubic.ALPHA, 1e-4);
    }

    @Test
    void fastConvergenceReleasesBandwidth() {
        Cubic c = afterLossAt(100);
        ackRounds(c, 0, 100 * MS, 5); // some growth, still below the old maximum of 100
        double w = c.cwndSegments();
        assertTrue(w < 100, "still below W_max: " + w);
        c.onLoss((int) (w * MSS), 0);
        assertEquals(w * (1 + Cubic.BETA) / 2, c.wMax(), 1e-6, "W_max = cwnd (1 + beta) / 2");
        Cubic d = afterLossAt(100);
        d.setCwnd(120 * MSS);
        d.onLoss(120 * MSS, 0);
        assertEquals(120, d.wMax(), 1e-9, "above the old maximum: no reduction of W_max");
    }

    @Test
    void slowStartBelowSsthresh() {
        Cubic c = new Cubic(MSS);
        assertEquals(10 * MSS, c.cwnd(), "RFC 6928 initial window");
        c.onAck(MSS, 0, 10 * MS, 0);
        c.onAck(3 * MSS, 0, 10 * MS, 0);
        assertEquals(14 * MSS, c.cwnd(), "by bytes acknowledged, a stretch ACK counting in full");
        assertEquals("cubic", CongestionControl.create("cubic", MSS).name());
    }
}
