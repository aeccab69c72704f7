package io.motenet.net;

import java.net.InetSocketAddress;

/** A TCP connection could not be made or ended without both sides closing it. */
public class ConnectionException extends NetException {
    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Reason {
        /** The peer answered the SYN with RST: nobody listens there. */
        REFUSED,
        /** The peer reset the connection. */
        RESET,
        /** No answer: SYN retries, retransmissions, the user timeout or keep-alive ran out. */
        TIMED_OUT,
        /** This side aborted it (or closed it with unread data). */
        ABORTED,
        /** No route to the peer, or the stack's TCP memory limit was reached. */
        UNREACHABLE
    }

    private final Reason reason;

    public ConnectionException(Reason reason, InetSocketAddress remote) {
        super(message(reason, remote));
        this.reason = reason;
    }

    private static String message(Reason reason, InetSocketAddress remote) {
        String to = remote == null ? "?" : remote.getAddress().getHostAddress() + ":" + remote.getPort();
        return switch (reason) {
            case REFUSED -> "connection to " + to + " refused (nobody listens on that port)";
            case RESET -> "connection with " + to + " reset by the peer";
            case TIMED_OUT -> "connection with " + to + " timed out";
            case ABORTED -> "connection with " + to + " was aborted";
            case UNREACHABLE -> "no route to " + to + " (or the TCP memory limit is reached)";
        };
    }

    public Reason reason() {
        return reason;
    }
}
