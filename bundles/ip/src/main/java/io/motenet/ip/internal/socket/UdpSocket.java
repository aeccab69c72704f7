package io.motenet.ip.internal.socket;

import io.motenet.ip.internal.wire.Ipv4Address;

/**
 * A UDP socket's state inside the stack loop: the bound port, queues of received and outgoing
 * datagrams, and the ICMP errors it learned. Not thread-safe: the loop owns it.
 */
public final class UdpSocket {
    /**
     * A datagram: received (remote = its source; {@code local} = the address it was sent to, which
     * tells a broadcast from a unicast) or to send (remote = its destination; {@code local} null).
     */
    public record Datagram(Ipv4Address remote, int remotePort, byte[] data, Ipv4Address local) {
    }

    private final Ipv4Address localAddress;
    private final int localPort;
    private final BoundedQueue<Datagram> rx;
    private final BoundedQueue<Datagram> tx;
    private final BoundedQueue<SocketError> errors = new BoundedQueue<>(16);
    private long rxDropped;
    private long received;
    private long sent;
    private boolean closed;

    public UdpSocket(Ipv4Address localAddress, int localPort, int rxCapacity, int txCapacity) {
        this.localAddress = localAddress;
        this.localPort = localPort;
        this.rx = new BoundedQueue<>(rxCapacity);
        this.tx = new BoundedQueue<>(txCapacity);
    }

    public Ipv4Address localAddress() {
        return localAddress;
    }

    public int localPort() {
        return localPort;
    }

    /** True when a datagram sent to {@code dst} should reach this socket. */
    public boolean accepts(Ipv4Address dst, int port) {
        return !closed && port == localPort && (localAddress.isUnspecified() || localAddress.equals(dst));
    }

    /** The loop hands a received datagram; false (and counted) when the receive queue is full. */
    public boolean deliver(Datagram d) {
        if (rx.offer(d)) {
            received++;
            return true;
        }
        rxDropped++;
        return false;
    }

    public void deliverError(SocketError e) {
        if (!errors.offer(e)) {
            errors.poll(); // keep the newest: the oldest has lost its interest
            errors.offer(e);
        }
    }

    /** Queues a datagram to send at the next poll; false when the send queue is full. */
    public boolean send(Ipv4Address remote, int remotePort, byte[] data) {
        if (closed) {
            throw new IllegalStateException("UDP socket on port " + localPort + " is closed");
        }
        if (data.length > 65535 - 28) {
            throw new IllegalArgumentException("UDP payload of " + data.length + " bytes exceeds 65507");
        }
        return tx.offer(new Datagram(remote, remotePort, data.clone(), null));
    }

    public Datagram receive() {
        return rx.poll();
    }

    public SocketError pollError() {
        return errors.poll();
    }

    /** The loop takes the next datagram to send. */
    public Datagram nextToSend() {
        Datagram d = tx.poll();
        if (d != null) {
            sent++;
        }
        return d;
    }

    public boolean hasOutgoing() {
        return !tx.isEmpty();
    }

    public boolean hasIncoming() {
        return !rx.isEmpty() || !errors.isEmpty();
    }

    public long rxDropped() {
        return rxDropped;
    }

    public long received() {
        return received;
    }

    public long sent() {
        return sent;
    }

    public void close() {
        closed = true;
        tx.clear();
    }

    public boolean isClosed() {
        return closed;
    }
}
