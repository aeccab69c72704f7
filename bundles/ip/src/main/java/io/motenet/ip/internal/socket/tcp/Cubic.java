package io.motenet.ip.internal.socket.tcp;

/**
 * CUBIC (RFC 9438): after a loss the window follows W_cubic(t) = C (t - K)^3 + W_max, a function
 * of the time since the window was cut rather than of the ACK clock, so long fat paths regain
 * their window in seconds, not in thousands of round trips. Beside it runs the Reno-friendly
 * estimate W_est (RFC 9438 4.3), which wins on short paths where Reno would grow faster.
 * Slow start is RFC 5681's, as in {@link NewReno}. Internally in segments (doubles), as the RFC
 * writes its formulas; the interface speaks bytes.
 */
final class Cubic implements CongestionControl {
    static final double C = 0.4;
    static final double BETA = 0.7;
    /** RFC 9438 4.3: the Reno-friendly additive increase that matches Reno's average rate. */
    static final double ALPHA = 3 * (1 - BETA) / (1 + BETA);
    private static final long NONE = Long.MIN_VALUE;

    private int mss;
    private double cwnd; // segments
    private double ssthresh = Double.MAX_VALUE;
    private double wMax; // window before the last reduction, after fast convergence (segments)
    private double cwndPrior; // window at the last loss, for W_est's alpha switch
    private double k; // seconds from the epoch start until W_cubic reaches wMax again
    private double wEst; // the Reno-friendly estimate (segments)
    private long epochStart = NONE;
    private long rttNanos = 100_000_000L; // until a sample arrives: 100 ms, Linux's assumption too

    Cubic(int mss) {
        setMss(mss);
        this.cwnd = NewReno.initialWindow(this.mss) / (double) this.mss;
    }

    @Override
    public String name() {
        return "cubic";
    }

    @Override
    public int cwnd() {
        return (int) Math.min(cwnd * mss, 1 << 30);
    }

    @Override
    public int ssthresh() {
        return ssthresh >= Integer.MAX_VALUE / (double) mss ? Integer.MAX_VALUE : (int) (ssthresh * mss);
    }

    @Override
    public void setCwnd(int bytes) {
        cwnd = Math.max(mss, bytes) / (double) mss;
    }

    @Override
    public void setMss(int newMss) {
        newMss = Math.max(1, newMss);
        if (mss > 0 && newMss != mss) {
            double ratio = (double) mss / newMss; // keep the byte figures, change the unit
            cwnd *= ratio;
            wMax *= ratio;
            cwndPrior *= ratio;
            wEst *= ratio;
            if (ssthresh != Double.MAX_VALUE) {
                ssthresh *= ratio;
            }
        }
        mss = newMss;
    }

    @Override
    public void onAck(int ackedBytes, int flightBefore, long rttSample, long now) {
        if (rttSample > 0) {
            rttNanos = rttSample;
        }
        double acked = ackedBytes / (double) mss;
        if (cwnd < ssthresh) {
            // Slow start by bytes acknowledged, as Linux does: a stretch ACK (one for a whole
            // batch, from GRO or a receiver that polls in batches) grows the window by all it
            // covers, where RFC 3465's limit of L = 2 SMSS would make slow start linear.
            cwnd = Math.min(cwnd + acked, Math.max(ssthresh, cwnd + 1));
            return;
        }
        if (epochStart == NONE) {
            startEpoch(now);
        }
        double t = (now - epochStart) / 1e9;
        // RFC 9438 4.3: W_est grows by alpha per window acknowledged; once past the old maximum
        // Reno's own increase of one segment per window applies.
        wEst += (wEst >= cwndPrior ? 1.0 : ALPHA) * acked / cwnd;
        double cubic = wCubic(t);
        if (cubic < wEst) {
            cwnd = wEst; // Reno-friendly region
        } else {
            // RFC 9438 4.4/4.5: aim at where the curve will be one RTT later, at most 1.5 cwnd.
            double target = Math.clamp(wCubic(t + rttNanos / 1e9), cwnd, 1.5 * cwnd);
            cwnd += (target - cwnd) / cwnd * acked;
        }
        cwnd = Math.min(cwnd, (1 << 30) / (double) mss);
    }

    /** W_cubic(t) of RFC 9438 4.2, in segments, t in seconds since the epoch started. */
    double wCubic(double t) {
        double d = t - k;
        return C * d * d * d + wMax;
    }

    private void startEpoch(long now) {
        epochStart = now;
        if (wMax <= cwnd) {
            k = 0; // no earlier maximum above us: probe upwards from here
            wMax = cwnd;
        } else {
            k = Math.cbrt((wMax - cwnd) / C);
        }
        wEst = cwnd;
    }

    @Override
    public void onLoss(int flight, long now) {
        reduce(flight);
    }

    @Override
    public void onTimeout(int flight, long now) {
        reduce(flight);
        cwnd = 1; // RFC 9438 4.8: the loss window, then slow start to ssthresh
    }

    /** RFC 9438 4.6 and 4.7 (fast convergence): the multiplicative decrease. */
    private void reduce(int flightBytes) {
        double w = cwnd;
        cwndPrior = w;
        // A flow that lost again before regaining its old maximum releases bandwidth to newcomers.
        wMax = w < wMax ? w * (1 + BETA) / 2 : w;
        double flight = flightBytes / (double) mss;
        ssthresh = Math.max(Math.max(flight, 1) * BETA, 2);
        epochStart = NONE;
    }

    // for tests
    double k() {
        return k;
    }

    double wMax() {
        return wMax;
    }

    double wEst() {
        return wEst;
    }

    double cwndSegments() {
        return cwnd;
    }
}
