package io.motenet.net;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A TCP connection of the stack. Any thread may use it; blocking calls park without pinning a
 * virtual thread. A failure (reset by the peer, timed out, refused) surfaces as a
 * {@link ConnectionException} from the next read or write. Closing is safe twice.
 */
@ProviderType
public interface TcpConnection extends AutoCloseable {
    InetSocketAddress localAddress();

    InetSocketAddress remoteAddress();

    /**
     * Blocking reads: {@code read} returns -1 at the end of the peer's stream and throws
     * {@link ConnectionException} after a reset, or {@link java.net.SocketTimeoutException} when a
     * read timeout is set and passes. Closing this stream does nothing; close the connection.
     */
    InputStream inputStream();

    /**
     * Blocking writes: {@code write} returns once every byte is queued in the send buffer.
     * {@code flush} does nothing (Nagle's algorithm, if on, decides); {@code close} half-closes
     * (sends FIN after the queued data), as {@link #shutdownOutput} does.
     */
    OutputStream outputStream();

    /** How long a blocking read waits for data; zero (the default) waits as long as it takes. */
    void setReadTimeout(Duration timeout);

    /**
     * Reads what is there (at least one byte) into {@code dst}, without blocking: the future gives
     * the count, or -1 at the end of the stream. The stack writes into {@code dst} until the future
     * completes; do not touch it before.
     */
    CompletableFuture<Integer> readAsync(ByteBuffer dst);

    /** Queues all of {@code src}; the future completes with the count once the last byte is queued. */
    CompletableFuture<Integer> writeAsync(ByteBuffer src);

    /** Turns Nagle's algorithm off (true) or on: small writes go out at once or are coalesced. */
    void setNoDelay(boolean noDelay);

    /** Sends FIN after the queued data; reading goes on until the peer closes. */
    void shutdownOutput();

    /** Figures as {@code ss -ti} shows them. */
    TcpInfo info();

    /** Resets the connection at once (RST); queued data is dropped. */
    void abort();

    /**
     * Closes both directions: FIN after the queued data. Unread received data turns this into
     * an abort (RST), so the peer learns it was not consumed.
     */
    @Override
    void close();
}
