package io.motenet.net;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Catch-all TCP listening (since 1.2): connection attempts (SYNs) for any destination address and
 * port that reach the stack's interfaces — also for addresses that are not the stack's own, as a
 * gateway sees them — wait unanswered until the application decides on each one. A user-mode
 * gateway takes an attempt, connects on its other side, and only then {@linkplain
 * PendingTcpConnection#admit admits} it (the SYN,ACK goes out) or {@linkplain
 * PendingTcpConnection#refuse refuses} it (RST), so the peer sees what the real destination did.
 *
 * <p>Regular {@linkplain NetworkStack#listen listeners} keep precedence: a SYN for one of the
 * stack's own addresses and a listening port goes to that listener. An attempt nobody decides on
 * within 30 s is forgotten unanswered, as if it were lost (the peer's own retries or timeout then
 * end it). At most one interceptor exists per stack.
 *
 * <p>Closing ends all of it: the attempts not yet decided are refused and every connection it
 * admitted is reset (datagrams for other hosts' addresses are no longer taken in). Closing twice
 * is safe.
 */
@ProviderType
public interface TcpInterceptor extends AutoCloseable {

    /** Waits for the next connection attempt; empty when {@code timeout} passed first. */
    Optional<PendingTcpConnection> next(Duration timeout);

    /** The next connection attempt, without blocking. */
    CompletableFuture<PendingTcpConnection> nextAsync();

    @Override
    void close();
}
