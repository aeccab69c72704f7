package io.motenet.net;

import java.time.Duration;

/**
 * Per-connection TCP settings for {@link NetworkStack#connect(java.net.InetSocketAddress, TcpSocketOptions)}
 * and {@link NetworkStack#listen(java.net.InetSocketAddress, int, TcpSocketOptions)}. Start from
 * {@link #defaults()} and change what you need.
 *
 * @param connectTimeout how long the handshake may take; zero: as long as the SYN retries last
 * @param noDelay        true turns Nagle's algorithm off
 * @param keepAliveIdle  idle time before keep-alive probes; zero: no keep-alive
 * @param userTimeout    abort when sent data stays unacknowledged this long (RFC 5482); zero: off
 * @param receiveBuffer  receive buffer bytes (the window offered); 0: the stack's default
 * @param sendBuffer     send buffer bytes; 0: the stack's default
 * @param congestionControl "cubic" (RFC 9438) or "newreno" (RFC 5681/6582); empty: the stack's default
 */
public record TcpSocketOptions(Duration connectTimeout, boolean noDelay, Duration keepAliveIdle, Duration userTimeout,
        int receiveBuffer, int sendBuffer, String congestionControl) {

    public TcpSocketOptions {
        if (connectTimeout.isNegative() || keepAliveIdle.isNegative() || userTimeout.isNegative()) {
            throw new IllegalArgumentException("TCP timeouts cannot be negative");
        }
        if (receiveBuffer < 0 || sendBuffer < 0) {
            throw new IllegalArgumentException("TCP buffer sizes cannot be negative");
        }
        if (!congestionControl.isEmpty() && !congestionControl.equals("cubic") && !congestionControl.equals("newreno")) {
            throw new IllegalArgumentException("unknown TCP congestion control '" + congestionControl
                    + "' (known: cubic, newreno)");
        }
    }

    /** The options as version 1.1 of the package had them: the stack's congestion control. */
    public TcpSocketOptions(Duration connectTimeout, boolean noDelay, Duration keepAliveIdle, Duration userTimeout,
            int receiveBuffer, int sendBuffer) {
        this(connectTimeout, noDelay, keepAliveIdle, userTimeout, receiveBuffer, sendBuffer, "");
    }

    public static TcpSocketOptions defaults() {
        return new TcpSocketOptions(Duration.ZERO, false, Duration.ZERO, Duration.ZERO, 0, 0, "");
    }

    public TcpSocketOptions withConnectTimeout(Duration d) {
        return new TcpSocketOptions(d, noDelay, keepAliveIdle, userTimeout, receiveBuffer, sendBuffer, congestionControl);
    }

    public TcpSocketOptions withNoDelay(boolean on) {
        return new TcpSocketOptions(connectTimeout, on, keepAliveIdle, userTimeout, receiveBuffer, sendBuffer, congestionControl);
    }

    public TcpSocketOptions withKeepAlive(Duration idle) {
        return new TcpSocketOptions(connectTimeout, noDelay, idle, userTimeout, receiveBuffer, sendBuffer, congestionControl);
    }

    public TcpSocketOptions withUserTimeout(Duration d) {
        return new TcpSocketOptions(connectTimeout, noDelay, keepAliveIdle, d, receiveBuffer, sendBuffer, congestionControl);
    }

    /** The congestion control of this connection: "cubic" or "newreno". */
    public TcpSocketOptions withCongestionControl(String name) {
        return new TcpSocketOptions(connectTimeout, noDelay, keepAliveIdle, userTimeout, receiveBuffer, sendBuffer, name);
    }

    public TcpSocketOptions withBuffers(int receive, int send) {
        return new TcpSocketOptions(connectTimeout, noDelay, keepAliveIdle, userTimeout, receive, send, congestionControl);
    }
}
