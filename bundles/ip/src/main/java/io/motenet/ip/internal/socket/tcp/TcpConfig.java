package io.motenet.ip.internal.socket.tcp;

/**
 * Per-connection TCP settings. Defaults follow Linux where RFCs leave a choice, and never
 * throttle a bulk transfer: Nagle holds a small segment only while another small one is
 * unacknowledged (Minshall's variant), and delayed ACKs acknowledge every second full segment
 * at once. Times in nanoseconds.
 *
 * @param receiveBuffer    receive buffer bytes (the window offered); window scaling follows from it
 * @param sendBuffer       send buffer bytes
 * @param timeWait         how long TIME-WAIT lasts (2MSL; Linux uses 60 s)
 * @param nagle            Nagle's algorithm (RFC 9293 3.7.4), Minshall's variant
 * @param delayedAck       longest delay of an ACK (RFC 9293 3.8.6.3 says at most 0.5 s); 0 acks at once
 * @param initialRto       RTO before any sample (RFC 6298: 1 s)
 * @param minRto           lower bound of RTO (RFC 6298 says 1 s; Linux uses 200 ms, as here)
 * @param maxRto           upper bound of RTO (RFC 6298 2.5 allows one of at least 60 s; Linux 120 s)
 * @param synRetries       SYN or SYN-ACK retransmissions before giving up
 * @param maxRetransmissions retransmissions of one segment before the connection is aborted
 * @param userTimeout      abort when sent data stays unacknowledged this long (RFC 5482); 0 = off
 * @param keepAlive        send keep-alive probes when idle (RFC 9293 3.8.4; off by default)
 * @param keepIdle         idle time before the first probe
 * @param keepInterval     time between unanswered probes
 * @param keepCount        unanswered probes before the connection is aborted
 * @param timestamps       offer RFC 7323 timestamps
 * @param windowScaling    offer RFC 7323 window scaling
 * @param finWait2Timeout  how long a fully closed connection waits in FIN-WAIT-2 for the peer's FIN
 * @param congestionControl name of the algorithm ("newreno")
 */
public record TcpConfig(int receiveBuffer, int sendBuffer, long timeWait, boolean nagle, long delayedAck,
        long initialRto, long minRto, long maxRto, int synRetries, int maxRetransmissions, long userTimeout,
        boolean keepAlive, long keepIdle, long keepInterval, int keepCount, boolean timestamps, boolean windowScaling,
        long finWait2Timeout, String congestionControl) {
    static final long MS = 1_000_000L;
    static final long S = 1_000_000_000L;

    public TcpConfig {
        if (receiveBuffer < 1024 || sendBuffer < 1024 || receiveBuffer > (1 << 30) || sendBuffer > (1 << 30)) {
            throw new IllegalArgumentException("TCP buffers must be between 1 KiB and 1 GiB");
        }
        if (minRto <= 0 || maxRto < minRto || initialRto <= 0) {
            throw new IllegalArgumentException("RTO bounds " + minRto + ".." + maxRto);
        }
    }

    public static TcpConfig defaults() {
        return new TcpConfig(256 * 1024, 256 * 1024, 60 * S, true, 40 * MS, S, 200 * MS, 120 * S, 6, 15, 0,
                false, 7200 * S, 75 * S, 9, true, true, 60 * S, "newreno");
    }

    public TcpConfig withBuffers(int receive, int send) {
        return new TcpConfig(receive, send, timeWait, nagle, delayedAck, initialRto, minRto, maxRto, synRetries,
                maxRetransmissions, userTimeout, keepAlive, keepIdle, keepInterval, keepCount, timestamps,
                windowScaling, finWait2Timeout, congestionControl);
    }

    public TcpConfig withTimeWait(long nanos) {
        return new TcpConfig(receiveBuffer, sendBuffer, nanos, nagle, delayedAck, initialRto, minRto, maxRto,
                synRetries, maxRetransmissions, userTimeout, keepAlive, keepIdle, keepInterval, keepCount, timestamps,
                windowScaling, finWait2Timeout, congestionControl);
    }

    public TcpConfig withNagle(boolean on) {
        return new TcpConfig(receiveBuffer, sendBuffer, timeWait, on, delayedAck, initialRto, minRto, maxRto,
                synRetries, maxRetransmissions, userTimeout, keepAlive, keepIdle, keepInterval, keepCount, timestamps,
                windowScaling, finWait2Timeout, congestionControl);
    }

    public TcpConfig withDelayedAck(long nanos) {
        return new TcpConfig(receiveBuffer, sendBuffer, timeWait, nagle, nanos, initialRto, minRto, maxRto,
                synRetries, maxRetransmissions, userTimeout, keepAlive, keepIdle, keepInterval, keepCount, timestamps,
                windowScaling, finWait2Timeout, congestionControl);
    }

    public TcpConfig withUserTimeout(long nanos) {
        return new TcpConfig(receiveBuffer, sendBuffer, timeWait, nagle, delayedAck, initialRto, minRto, maxRto,
                synRetries, maxRetransmissions, nanos, keepAlive, keepIdle, keepInterval, keepCount, timestamps,
                windowScaling, finWait2Timeout, congestionControl);
    }

    public TcpConfig withKeepAlive(long idle, long interval, int count) {
        return new TcpConfig(receiveBuffer, sendBuffer, timeWait, nagle, delayedAck, initialRto, minRto, maxRto,
                synRetries, maxRetransmissions, userTimeout, true, idle, interval, count, timestamps, windowScaling,
                finWait2Timeout, congestionControl);
    }

    public TcpConfig withTimestamps(boolean on) {
        return new TcpConfig(receiveBuffer, sendBuffer, timeWait, nagle, delayedAck, initialRto, minRto, maxRto,
                synRetries, maxRetransmissions, userTimeout, keepAlive, keepIdle, keepInterval, keepCount, on,
                windowScaling, finWait2Timeout, congestionControl);
    }

    /** The smallest shift that lets the 16-bit window field cover the receive buffer. */
    int windowShift() {
        int shift = 0;
        while (shift < 14 && (receiveBuffer >> shift) > 65535) {
            shift++;
        }
        return windowScaling ? shift : 0;
    }
}
