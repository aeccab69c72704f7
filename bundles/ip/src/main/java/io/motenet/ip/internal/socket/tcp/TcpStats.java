package io.motenet.ip.internal.socket.tcp;

/**
 * One connection's figures, as {@code ss -ti} shows them. Times in nanoseconds, windows and
 * counts of bytes in bytes.
 */
public record TcpStats(TcpState state, long srtt, long rttvar, long rto, int backoff, int cwnd, int ssthresh,
        int sendMss, int peerWindow, int receiveWindow, int sendWindowScale, int receiveWindowScale,
        boolean timestamps, boolean sackPermitted, String congestionControl, long bytesSent, long bytesRetransmitted,
        long bytesAcked, long bytesReceived, long segmentsOut, long segmentsIn, long retransmits, long fastRetransmits,
        long timeouts, long duplicateAcks, long outOfOrder, long pawsDrops, long challengeAcks,
        long zeroWindowProbes, long keepAliveProbes, int unacked, int sendQueue, int receiveQueue) {
}
