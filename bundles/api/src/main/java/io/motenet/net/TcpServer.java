package io.motenet.net;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A listening TCP port: connections whose handshake completed wait in a backlog until accepted.
 * Closing resets the connections not yet accepted; it is safe twice.
 */
@ProviderType
public interface TcpServer extends AutoCloseable {
    InetSocketAddress localAddress();

    /** Waits for the next connection; empty when {@code timeout} passed first. */
    Optional<TcpConnection> accept(Duration timeout);

    /** The next connection, without blocking. */
    CompletableFuture<TcpConnection> acceptAsync();

    @Override
    void close();
}
