package io.motenet.ip.internal.socket.tcp;

/**
 * A congestion control algorithm: how the congestion window grows on acknowledgments and how far
 * it falls on loss. Loss detection and the choice of what to retransmit stay with the
 * connection (NewReno recovery now, SACK recovery later), which may set the window directly
 * while it recovers, as RFC 6582 inflation asks. One instance per connection; loop thread only.
 * Windows are in bytes.
 */
public interface CongestionControl {
    String name();

    int cwnd();

    int ssthresh();

    /** The connection sets the window during recovery (inflation, deflation, exit). */
    void setCwnd(int cwnd);

    /** The sender's maximum segment size became known or changed. */
    void setMss(int mss);

    /** New data was acknowledged outside loss recovery. */
    void onAck(int ackedBytes, int flightBefore, long rttNanos, long now);

    /** Loss detected by duplicate ACKs: sets ssthresh; the connection then sets cwnd. */
    void onLoss(int flight, long now);

    /** The retransmission timer fired. */
    void onTimeout(int flight, long now);

    /** Makes the algorithm named in the configuration; only "newreno" exists so far. */
    static CongestionControl create(String name, int mss) {
        return switch (name) {
            case "newreno", "reno" -> new NewReno(mss);
            default -> throw new IllegalArgumentException("unknown congestion control " + name + " (known: newreno)");
        };
    }
}
