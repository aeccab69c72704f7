package io.motenet.ip.internal.socket;

import io.motenet.ip.internal.wire.Ipv4Address;

/**
 * Sends ICMP echo requests under one identifier and collects the replies and the errors that
 * routers send back about them. Not thread-safe: the loop owns it.
 */
public final class IcmpEchoSocket {
    /** A request to send, or a reply received ({@code ttl} of the reply; -1 for requests). */
    public record Echo(Ipv4Address remote, int sequence, byte[] data, int ttl) {
    }

    private final int identifier;
    private final BoundedQueue<Echo> rx = new BoundedQueue<>(64);
    private final BoundedQueue<Echo> tx = new BoundedQueue<>(64);
    private final BoundedQueue<SocketError> errors = new BoundedQueue<>(16);
    private boolean closed;

    public IcmpEchoSocket(int identifier) {
        this.identifier = identifier;
    }

    public int identifier() {
        return identifier;
    }

    public boolean send(Ipv4Address remote, int sequence, byte[] data) {
        if (closed) {
            throw new IllegalStateException("ICMP echo socket " + identifier + " is closed");
        }
        return tx.offer(new Echo(remote, sequence & 0xffff, data.clone(), -1));
    }

    public boolean deliver(Echo reply) {
        return !closed && rx.offer(reply);
    }

    public void deliverError(SocketError e) {
        if (!closed && !errors.offer(e)) {
            errors.poll();
            errors.offer(e);
        }
    }

    public Echo receive() {
        return rx.poll();
    }

    public SocketError pollError() {
        return errors.poll();
    }

    public Echo nextToSend() {
        return tx.poll();
    }

    public boolean hasIncoming() {
        return !rx.isEmpty() || !errors.isEmpty();
    }

    public void close() {
        closed = true;
        tx.clear();
    }

    public boolean isClosed() {
        return closed;
    }
}
