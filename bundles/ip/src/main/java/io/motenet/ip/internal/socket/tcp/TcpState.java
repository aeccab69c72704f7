package io.motenet.ip.internal.socket.tcp;

/** RFC 9293 3.3.2 connection states (LISTEN is a {@link TcpListener}, not a connection). */
public enum TcpState {
    SYN_SENT, SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT, CLOSED;

    /** True once both sides' SYNs are known: RFC 9293's "synchronized" states. */
    boolean synchronized_() {
        return this != SYN_SENT && this != SYN_RECEIVED && this != CLOSED;
    }
}
