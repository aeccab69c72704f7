package io.motenet.net;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One TCP connection attempt held by a {@link TcpInterceptor}: the peer's SYN has not been
 * answered. Decide once: {@link #admit} or {@link #refuse}; a second decision fails.
 */
@ProviderType
public interface PendingTcpConnection {

    /** Where the peer wanted to go: the SYN's destination address and port. */
    InetSocketAddress destination();

    /** The peer: the SYN's source address and port. */
    InetSocketAddress source();

    /**
     * Answers the SYN with SYN,ACK now and waits until the peer completes the handshake. The
     * connection's local address is {@link #destination()}: the peer cannot tell the stack from
     * the host it wanted.
     *
     * @throws ConnectionException when the attempt is no longer there (the peer reset it:
     *         {@code RESET}; nobody decided within 30 s: {@code TIMED_OUT}; the interceptor was
     *         closed: {@code ABORTED}) or the handshake did not complete
     * @throws IllegalStateException when this attempt was already decided
     */
    TcpConnection admit();

    /** {@link #admit} without blocking: the future fails with the same exceptions. */
    CompletableFuture<TcpConnection> admitAsync();

    /**
     * Answers the SYN with RST, as a closed port does: the peer's connect fails as refused. Does
     * nothing when the attempt is no longer there.
     *
     * @throws IllegalStateException when this attempt was already admitted
     */
    void refuse();
}
