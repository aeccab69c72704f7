package io.motenet.ip.internal.socket.tcp;

/**
 * RFC 5681 slow start and congestion avoidance with the RFC 6582 window rules. The initial
 * window is RFC 6928's ten segments (what Linux uses), bounded as that RFC says.
 */
final class NewReno implements CongestionControl {
    private int mss;
    private int cwnd;
    private int ssthresh = Integer.MAX_VALUE;
    private long avoidanceCredit; // bytes acknowledged towards the next one-MSS increase

    NewReno(int mss) {
        setMss(mss);
        this.cwnd = initialWindow(mss);
    }

    static int initialWindow(int mss) {
        return Math.min(10 * mss, Math.max(2 * mss, 14600));
    }

    @Override
    public String name() {
        return "newreno";
    }

    @Override
    public int cwnd() {
        return cwnd;
    }

    @Override
    public int ssthresh() {
        return ssthresh;
    }

    @Override
    public void setCwnd(int cwnd) {
        this.cwnd = Math.max(mss, cwnd);
    }

    @Override
    public void setMss(int mss) {
        this.mss = Math.max(1, mss);
    }

    @Override
    public void onAck(int acked, int flightBefore, long rttNanos, long now) {
        if (cwnd < ssthresh) {
            cwnd += Math.min(acked, mss); // slow start, RFC 5681 (3.2) with ABC limit L = 1 SMSS
        } else {
            avoidanceCredit += acked; // congestion avoidance: one MSS per window acknowledged
            if (avoidanceCredit >= cwnd) {
                avoidanceCredit -= cwnd;
                cwnd += mss;
            }
        }
        cwnd = Math.min(cwnd, 1 << 30);
    }

    @Override
    public void onLoss(int flight, long now) {
        ssthresh = Math.max(flight / 2, 2 * mss); // RFC 5681 (4)
        avoidanceCredit = 0;
    }

    @Override
    public void onTimeout(int flight, long now) {
        ssthresh = Math.max(flight / 2, 2 * mss);
        cwnd = mss; // loss window, RFC 5681 3.1
        avoidanceCredit = 0;
    }
}
