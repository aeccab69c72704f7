package io.motenet.ip.internal.socket.tcp;

/**
 * RFC 6298 round-trip estimation: SRTT, RTTVAR and RTO, with exponential back-off. Karn's rule is
 * the caller's: it never samples a retransmitted segment (timestamps make every ACK a valid
 * sample, RFC 7323 4). Times in nanoseconds.
 */
final class RttEstimator {
    private static final long GRANULARITY = 1_000_000L; // 1 ms, the timestamp clock's tick
    private final long minRto;
    private final long maxRto;
    private long srtt = -1;
    private long rttvar;
    private long rto;
    private int backoff;

    RttEstimator(long initialRto, long minRto, long maxRto) {
        this.rto = initialRto;
        this.minRto = minRto;
        this.maxRto = maxRto;
    }

    void sample(long r) {
        r = Math.max(r, 0);
        if (srtt < 0) {
            srtt = r;
            rttvar = r / 2;
        } else {
            rttvar = (3 * rttvar + Math.abs(srtt - r)) / 4;
            srtt = (7 * srtt + r) / 8;
        }
        rto = Math.clamp(srtt + Math.max(GRANULARITY, 4 * rttvar), minRto, maxRto);
    }

    /** The timer fired: double the timeout (RFC 6298 5.5), up to the maximum. */
    void backOff() {
        if (backoff < 30) {
            backoff++;
        }
    }

    /** New data was acknowledged: the back-off ends. */
    void resetBackoff() {
        backoff = 0;
    }

    long rto() {
        long r = rto;
        for (int i = 0; i < backoff && r < maxRto; i++) {
            r *= 2;
        }
        return Math.min(r, maxRto);
    }

    int backoffCount() {
        return backoff;
    }

    long srtt() {
        return Math.max(srtt, 0);
    }

    long rttvar() {
        return rttvar;
    }

    boolean hasSample() {
        return srtt >= 0;
    }
}
