package io.motenet.ip.internal.socket.tcp;

import io.motenet.ip.internal.wire.Ipv4Address;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A listening socket: half-open connections in a bounded SYN queue, established ones in an
 * accept queue of {@code backlog} places. A catch-all listener takes SYNs for every port and
 * holds each one unanswered until the application calls {@link #admit} (the SYN,ACK goes out) or
 * {@link #refuse} (RST), so a gateway can first connect on the other side. Loop thread only.
 */
public final class TcpListener {
    final Ipv4Address localAddress;
    final int port;
    final boolean catchAll;
    final int backlog;
    final TcpConfig config;
    private final Set<TcpConnection> synQueue = new LinkedHashSet<>();
    private final ArrayDeque<TcpConnection> acceptQueue = new ArrayDeque<>();
    private final TcpLayer layer;
    private boolean closed;
    private long overflows;

    TcpListener(TcpLayer layer, Ipv4Address localAddress, int port, boolean catchAll, int backlog, TcpConfig config) {
        this.layer = layer;
        this.localAddress = localAddress;
        this.port = port;
        this.catchAll = catchAll;
        this.backlog = Math.max(1, backlog);
        this.config = config;
    }

    public int port() {
        return port;
    }

    public Ipv4Address localAddress() {
        return localAddress;
    }

    public boolean isCatchAll() {
        return catchAll;
    }

    /** The next established connection, or null. */
    public TcpConnection accept() {
        return acceptQueue.pollFirst();
    }

    public int acceptQueueLength() {
        return acceptQueue.size();
    }

    /** Half-open connections (SYN received, our SYN,ACK not yet acknowledged). */
    public int halfOpen() {
        return synQueue.size();
    }

    /** Times an ACK completing a handshake found the accept queue full. */
    public long overflows() {
        return overflows;
    }

    /** Catch-all: SYNs waiting for the application's decision (their local address and port say where to). */
    public List<TcpConnection> pendingDecisions() {
        List<TcpConnection> l = new ArrayList<>();
        for (TcpConnection c : synQueue) {
            if (c.held) {
                l.add(c);
            }
        }
        return l;
    }

    /** Catch-all: answer this SYN with SYN,ACK. */
    public void admit(TcpConnection c) {
        c.admit();
    }

    /** Catch-all: answer this SYN with RST, as a closed port does. */
    public void refuse(TcpConnection c) {
        c.abort();
    }

    /**
     * Catch-all: drops this SYN unanswered, as if it were lost (the peer retries); used when the
     * application holds more undecided SYNs than it wants. Takes effect on the next poll.
     */
    public void forget(TcpConnection c, long now) {
        c.hold(now - TcpConnection.DECISION_TIMEOUT);
    }

    public boolean isClosed() {
        return closed;
    }

    /** Stops listening: half-open and unaccepted connections are reset. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        synQueue.forEach(TcpConnection::abort);
        acceptQueue.forEach(TcpConnection::abort);
        acceptQueue.clear();
        layer.removeListener(this);
    }

    boolean accepts(Ipv4Address dst, int dstPort) {
        return !closed && (catchAll || dstPort == port && (localAddress.isUnspecified() || localAddress.equals(dst)));
    }

    void addHalfOpen(TcpConnection c) {
        synQueue.add(c);
    }

    boolean roomFor(TcpConnection c) {
        if (acceptQueue.size() >= backlog || !layer.reserve(c)) {
            overflows++;
            return false;
        }
        return true;
    }

    void established(TcpConnection c) {
        synQueue.remove(c);
        acceptQueue.addLast(c);
    }

    void removed(TcpConnection c) {
        synQueue.remove(c);
    }
}
