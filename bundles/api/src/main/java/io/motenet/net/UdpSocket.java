package io.motenet.net;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A UDP socket of the stack. An ICMP error about a datagram it sent (port unreachable, ...) is
 * reported once, by the next receive, as an {@link UnreachableException} (as Linux reports it on
 * a connected socket). Closing is safe twice and fails pending receives.
 */
@ProviderType
public interface UdpSocket extends AutoCloseable {

    /** The bound local address and port (address 0.0.0.0 when bound to every address). */
    InetSocketAddress localAddress();

    /**
     * Queues a datagram to send.
     *
     * @throws NetException when the socket is closed or its send queue is full
     * @throws IllegalArgumentException when the data exceeds 65507 bytes
     */
    void send(InetSocketAddress target, byte[] data);

    /**
     * Waits for the next datagram.
     *
     * @return the datagram, or empty when {@code timeout} passed first
     * @throws UnreachableException when an ICMP error for this socket arrived first
     * @throws NetException when the socket is closed
     */
    Optional<Datagram> receive(Duration timeout);

    /** The next datagram, without blocking: the future fails as {@link #receive} throws. */
    CompletableFuture<Datagram> receiveAsync();

    @Override
    void close();
}
