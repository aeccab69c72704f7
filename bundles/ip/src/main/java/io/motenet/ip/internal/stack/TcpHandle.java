package io.motenet.ip.internal.stack;

import io.motenet.ip.internal.socket.tcp.TcpConnection.Failure;
import io.motenet.ip.internal.socket.tcp.TcpState;
import io.motenet.ip.internal.socket.tcp.TcpStats;
import io.motenet.ip.internal.wire.Ipv4Address;
import io.motenet.net.ConnectionException;
import io.motenet.net.NetException;
import io.motenet.net.TcpConnection;
import io.motenet.net.TcpInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The application's side of a TCP connection. The loop-owned connection is touched only on the
 * loop: every read and write, blocking or not, is a request queued for the loop, which serves it
 * after any poll that brought data or room and completes its future; a blocked thread (virtual
 * ones included) waits on that future, unpinned, and wakes once per request. What other threads
 * may ask at any time (bytes readable, the state) is mirrored in volatile fields after each poll.
 *
 * <p>One exception: a blocking read that finds enough bytes already received copies them out on
 * its own thread ({@link io.motenet.ip.internal.socket.tcp.TcpConnection#copyOut}) and only leaves
 * the loop a note (window update, ring back to the pool). An application that reads slower than
 * the data comes would otherwise wait for two thread hand-overs per read, and the loop would do
 * every copy into the application's buffers besides its own work (docs/tcp.md).
 */
final class TcpHandle implements TcpConnection, StackLoop.Hook {
    private record Pending(ByteBuffer buffer, CompletableFuture<Integer> future, int start) {
    }

    private final StackLoop loop;
    private final Executor executor;
    final io.motenet.ip.internal.socket.tcp.TcpConnection conn; // loop-owned
    private final InetSocketAddress local;
    private final InetSocketAddress remote;
    // what other threads may ask without a loop round trip, refreshed by the loop after every poll
    private volatile int readable;
    private volatile TcpState state;
    // loop-owned
    private final ArrayDeque<Pending> reads = new ArrayDeque<>();
    // reads queued or on their way to the loop: while any is, a read may not copy out past them
    private final AtomicInteger queuedReads = new AtomicInteger();
    private final AtomicBoolean copiedOutNoted = new AtomicBoolean(); // a note for the loop is on its way
    private final ArrayDeque<Pending> writes = new ArrayDeque<>();
    CompletableFuture<TcpConnection> connecting;
    private volatile boolean closed;
    private volatile long readTimeoutNanos;
    private final InputStream in = new In();
    private final OutputStream out = new Out();

    TcpHandle(StackLoop loop, io.motenet.ip.internal.socket.tcp.TcpConnection conn, Executor executor) {
        this.loop = loop;
        this.conn = conn;
        this.executor = executor;
        this.local = address(conn.localAddress(), conn.localPort());
        this.remote = address(conn.remoteAddress(), conn.remotePort());
        this.state = conn.state();
    }

    static InetSocketAddress address(Ipv4Address a, int port) {
        return new InetSocketAddress(a.toInetAddress(), port);
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public InputStream inputStream() {
        return in;
    }

    @Override
    public OutputStream outputStream() {
        return out;
    }

    @Override
    public void setReadTimeout(Duration timeout) {
        readTimeoutNanos = timeout.toNanos();
    }

    Duration readTimeout() {
        return Duration.ofNanos(readTimeoutNanos);
    }

    ConnectionException failure(Failure f) {
        return exception(f, remote);
    }

    static ConnectionException exception(Failure f, InetSocketAddress remote) {
        return new ConnectionException(switch (f) {
            case REFUSED -> ConnectionException.Reason.REFUSED;
            case RESET -> ConnectionException.Reason.RESET;
            case TIMED_OUT -> ConnectionException.Reason.TIMED_OUT;
            case ABORTED -> ConnectionException.Reason.ABORTED;
            case UNREACHABLE -> ConnectionException.Reason.UNREACHABLE;
        }, remote);
    }

    // ----- blocking

    /**
     * Copies out on this thread what is already there (at least {@link #COPY_OUT_MIN}, or all asked for) when no
     * earlier read waits; otherwise queues the read for the loop, which serves it as soon as data, the end of the
     * stream or a failure is there, and waits: one wake-up of this thread per read.
     */
    int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (closed) {
            throw new NetException("TCP connection with " + remote + " is closed");
        }
        if (queuedReads.get() == 0 && conn.readable() >= Math.min(len, COPY_OUT_MIN)) {
            int n = conn.copyOut(b, off, len);
            if (n > 0) {
                noteCopiedOut();
                return n;
            }
        }
        Pending p = new Pending(ByteBuffer.wrap(b, off, len), new CompletableFuture<>(), off);
        queuedReads.incrementAndGet();
        loop.execute(s -> {
            reads.addLast(p);
            serve();
        });
        long timeout = readTimeoutNanos;
        try {
            return timeout > 0 ? p.future().get(timeout, TimeUnit.NANOSECONDS) : p.future().get();
        } catch (TimeoutException e) {
            Integer n = withdraw(reads, p);
            if (n != null) {
                return n; // served in the same instant: the bytes are in b, keep them
            }
            throw new SocketTimeoutException("read timed out after " + Duration.ofNanos(timeout));
        } catch (InterruptedException e) {
            Integer n = withdrawInterrupted(reads, p);
            if (n != null) {
                return n;
            }
            throw new InterruptedIOException("interrupted while reading from " + remote);
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        }
    }

    /**
     * The fewest bytes worth copying out on the application's thread: below it the read goes to the loop, which
     * answers after its current batch of frames with what arrived meanwhile (many tiny reads would cost more than
     * the round trip, each with its note to the loop).
     */
    static final int COPY_OUT_MIN = 16 * 1024;

    /**
     * After a copy out: the loop announces the opened window, pools an emptied ring and serves reads queued
     * meanwhile. A stopped loop has nothing to announce, and the bytes copied are the application's all the same.
     */
    private void noteCopiedOut() {
        if (copiedOutNoted.compareAndSet(false, true)) {
            loop.tryExecute(s -> {
                copiedOutNoted.set(false);
                conn.afterApplicationRead();
                serve();
            });
        }
    }

    /** Queues the write for the loop, which copies it into the send buffer as room appears, and waits for all of it. */
    void write(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return;
        }
        if (closed) {
            throw new NetException("TCP connection with " + remote + " is closed");
        }
        Pending p = new Pending(ByteBuffer.wrap(b, off, len), new CompletableFuture<>(), off);
        loop.execute(s -> {
            writes.addLast(p);
            serve();
        });
        try {
            p.future().get();
        } catch (InterruptedException e) {
            withdrawInterrupted(writes, p);
            throw new InterruptedIOException("interrupted while writing to " + remote + " (part of the bytes may be sent)");
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        }
    }

    /**
     * Takes a queued request back, on the loop, so that the loop cannot serve it afterwards (a cancel from this
     * thread could race with the loop copying bytes). Returns its result if the loop served it first, else null.
     */
    private Integer withdraw(ArrayDeque<Pending> queue, Pending p) throws IOException {
        loop.callAndWait(s -> {
            serve(); // bytes the connection already placed in the buffer complete the request instead
            if (queue.remove(p)) {
                if (queue == reads) {
                    queuedReads.decrementAndGet();
                }
                conn.readTarget(null);
                serve(); // the next read, if any, becomes the target
            }
            return null;
        });
        if (!p.future().isDone()) {
            return null;
        }
        try {
            return p.future().join();
        } catch (java.util.concurrent.CompletionException e) {
            throw rethrow(e.getCause());
        }
    }

    /** {@link #withdraw} for an interrupted thread: the wait on the loop must not see the interrupt, which stays set. */
    private Integer withdrawInterrupted(ArrayDeque<Pending> queue, Pending p) throws IOException {
        Thread.interrupted();
        try {
            return withdraw(queue, p);
        } finally {
            Thread.currentThread().interrupt();
        }
    }

    private static RuntimeException rethrow(Throwable cause) throws IOException {
        if (cause instanceof IOException io) {
            throw io;
        }
        if (cause instanceof RuntimeException r) {
            return r;
        }
        return new NetException("TCP operation failed", cause);
    }

    // ----- asynchronous

    @Override
    public CompletableFuture<Integer> readAsync(ByteBuffer dst) {
        CompletableFuture<Integer> inner = new CompletableFuture<>();
        queuedReads.incrementAndGet();
        loop.execute(s -> {
            reads.addLast(new Pending(dst, inner, dst.position()));
            serve();
        });
        return LoopFutures.onExecutor(inner, executor);
    }

    @Override
    public CompletableFuture<Integer> writeAsync(ByteBuffer src) {
        CompletableFuture<Integer> inner = new CompletableFuture<>();
        loop.execute(s -> {
            writes.addLast(new Pending(src, inner, src.position()));
            serve();
        });
        return LoopFutures.onExecutor(inner, executor);
    }

    /**
     * On the loop: serves queued reads and writes as far as data and space allow. The first read still waiting
     * becomes the connection's read target, so in-order bytes that arrive next land straight in its buffer.
     */
    private void serve() {
        Pending p;
        while ((p = reads.peekFirst()) != null) {
            if (p.future().isDone()) {
                takeRead(); // cancelled by its caller
                conn.readTarget(null);
                continue;
            }
            int n = p.buffer().hasRemaining() ? conn.read(p.buffer()) : 0;
            int got = p.buffer().position() - p.start(); // placed straight in by the connection, and read now
            if (got > 0 || !p.buffer().hasRemaining()) {
                finishRead(got, null);
            } else if (n < 0 && conn.failure() != null) {
                finishRead(0, failure(conn.failure()));
            } else if (n < 0) {
                finishRead(-1, null);
            } else if (conn.state() == TcpState.CLOSED) {
                finishRead(0, conn.failure() != null ? failure(conn.failure())
                        : new NetException("TCP connection with " + remote + " is closed"));
            } else {
                conn.readTarget(p.buffer());
                break;
            }
        }
        while ((p = writes.peekFirst()) != null) {
            if (p.future().isDone()) {
                writes.pollFirst();
                continue;
            }
            int n = conn.write(p.buffer());
            if (n < 0) {
                writes.pollFirst().future().completeExceptionally(conn.failure() != null ? failure(conn.failure())
                        : new NetException("TCP connection with " + remote + " is closed for writing"));
            } else if (!p.buffer().hasRemaining()) {
                writes.pollFirst().future().complete(p.buffer().position() - p.start());
            } else {
                break;
            }
        }
    }

    @Override
    public long afterPoll(long now) {
        if (reads.isEmpty() && writes.isEmpty() && connecting == null && conn.changeStamp() == seenStamp
                && conn.state() == seenState) {
            // Nothing waits and nothing moved since the mirror was refreshed: an idle connection, the common case
            // with many of them (the loop calls every handle after every poll; 1,000 idle ones halved a stream).
            return Long.MAX_VALUE;
        }
        serve();
        readable = conn.readable();
        TcpState st = conn.state();
        state = st;
        Failure f = conn.failure();
        if (connecting != null) {
            if (st == TcpState.CLOSED) {
                connecting.completeExceptionally(failure(f != null ? f : Failure.ABORTED));
                connecting = null;
            } else if (st != TcpState.SYN_SENT && st != TcpState.SYN_RECEIVED) {
                connecting.complete(this);
                connecting = null;
            }
        }
        if (st == TcpState.CLOSED && reads.isEmpty() && writes.isEmpty()) {
            loop.removeHook(this); // the mirror holds the final state; nothing will change
        }
        seenStamp = conn.changeStamp();
        seenState = st;
        return Long.MAX_VALUE;
    }

    // loop-owned: what the connection looked like when the mirror was last refreshed
    private long seenStamp = -1;
    private TcpState seenState;

    /** On the loop: the first queued read is done with {@code result} bytes (-1: end of stream), or fails. */
    private void finishRead(int result, RuntimeException failure) {
        conn.readTarget(null);
        CompletableFuture<Integer> f = takeRead().future();
        if (failure != null) {
            f.completeExceptionally(failure);
        } else {
            f.complete(result);
        }
    }

    /** On the loop: the first queued read leaves the queue. */
    private Pending takeRead() {
        queuedReads.decrementAndGet();
        return reads.pollFirst();
    }

    // ----- control

    @Override
    public void setNoDelay(boolean noDelay) {
        loop.execute(s -> conn.setNoDelay(noDelay));
    }

    @Override
    public void shutdownOutput() {
        loop.execute(s -> conn.shutdownOutput());
    }

    @Override
    public TcpInfo info() {
        return loop.callAndWait(s -> info(conn));
    }

    static TcpInfo info(io.motenet.ip.internal.socket.tcp.TcpConnection c) {
        TcpStats t = c.stats();
        return new TcpInfo(t.state().name(), address(c.localAddress(), c.localPort()),
                address(c.remoteAddress(), c.remotePort()), Duration.ofNanos(t.srtt()), Duration.ofNanos(t.rttvar()),
                Duration.ofNanos(t.rto()), t.cwnd(), t.ssthresh(), t.sendMss(), t.peerWindow(), t.receiveWindow(),
                t.sendWindowScale(), t.receiveWindowScale(), t.timestamps(), t.congestionControl(), t.bytesSent(),
                t.bytesRetransmitted(), t.bytesAcked(), t.bytesReceived(), t.segmentsOut(), t.segmentsIn(),
                t.retransmits(), t.fastRetransmits(), t.timeouts(), t.unacked(), t.sendQueue(), t.receiveQueue());
    }

    @Override
    public void abort() {
        closed = true;
        loop.execute(s -> {
            conn.abort();
            failPending();
        });
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        loop.execute(s -> {
            conn.close();
            failPending();
        });
    }

    /** On the loop: reads and writes still waiting when the application closed the connection fail. */
    private void failPending() {
        conn.readTarget(null);
        Pending p;
        while ((p = reads.peekFirst()) != null) {
            takeRead();
            p.future().completeExceptionally(new NetException("TCP connection with " + remote + " is closed"));
        }
        while ((p = writes.pollFirst()) != null) {
            p.future().completeExceptionally(new NetException("TCP connection with " + remote + " is closed"));
        }
    }

    boolean isClosed() {
        return closed;
    }

    boolean isOutputShut() {
        TcpState st = state;
        return st != TcpState.ESTABLISHED && st != TcpState.CLOSE_WAIT && st != TcpState.SYN_SENT
                && st != TcpState.SYN_RECEIVED;
    }

    private final class In extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = TcpHandle.this.read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            return TcpHandle.this.read(b, off, len);
        }

        @Override
        public int available() {
            return readable;
        }
    }

    private final class Out extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            TcpHandle.this.write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            TcpHandle.this.write(b, off, len);
        }

        @Override
        public void close() {
            shutdownOutput();
        }
    }

    @Override
    public String toString() {
        return "tcp " + local + " -> " + remote;
    }
}
