package io.motenet.net;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * One connection's state and figures, as {@code ss -tin} shows them.
 *
 * @param state           RFC 9293 state name: ESTABLISHED, SYN_SENT, TIME_WAIT, ...
 * @param srtt            smoothed round-trip time (zero before the first sample)
 * @param rttvar          round-trip time variation
 * @param rto             current retransmission timeout, back-off included
 * @param cwnd            congestion window in bytes
 * @param ssthresh        slow-start threshold in bytes ({@code Integer.MAX_VALUE} until the first loss)
 * @param mss             payload bytes per full segment
 * @param sendWindow      the peer's receive window in bytes
 * @param receiveWindow   the window we offer in bytes
 * @param unacked         bytes sent and not acknowledged
 * @param sendQueue       bytes written and not yet acknowledged
 * @param receiveQueue    bytes received and not yet read
 * @param congestionControl the algorithm's name
 */
public record TcpInfo(String state, InetSocketAddress local, InetSocketAddress remote, Duration srtt,
        Duration rttvar, Duration rto, int cwnd, int ssthresh, int mss, int sendWindow, int receiveWindow,
        int sendWindowScale, int receiveWindowScale, boolean timestamps, String congestionControl, long bytesSent,
        long bytesRetransmitted, long bytesAcked, long bytesReceived, long segmentsOut, long segmentsIn,
        long retransmits, long fastRetransmits, long timeouts, int unacked, int sendQueue, int receiveQueue) {
}
