package io.motenet.ip.internal.stack;

import io.motenet.ip.internal.socket.tcp.TcpListener;
import io.motenet.net.NetException;
import io.motenet.net.TcpConnection;
import io.motenet.net.TcpServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** The application's side of a listening port: accepts are futures the loop completes. */
final class TcpServerHandle implements TcpServer, StackLoop.Hook {
    private final StackLoop loop;
    private final Executor executor;
    private final TcpListener listener; // loop-owned
    private final InetSocketAddress local;
    private final ArrayDeque<CompletableFuture<TcpConnection>> waiters = new ArrayDeque<>(); // loop-owned
    private final ArrayDeque<TcpHandle> ready = new ArrayDeque<>(); // loop-owned: accepted, not yet handed out
    private volatile boolean closed;

    TcpServerHandle(StackLoop loop, TcpListener listener, Executor executor) {
        this.loop = loop;
        this.listener = listener;
        this.executor = executor;
        this.local = TcpHandle.address(listener.localAddress(), listener.port());
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public Optional<TcpConnection> accept(Duration timeout) {
        return LoopFutures.await(enqueue(), timeout, "accept on " + local);
    }

    @Override
    public CompletableFuture<TcpConnection> acceptAsync() {
        return LoopFutures.cancellable(enqueue(), executor);
    }

    private CompletableFuture<TcpConnection> enqueue() {
        CompletableFuture<TcpConnection> f = new CompletableFuture<>();
        if (closed) {
            f.completeExceptionally(new NetException("TCP server " + local + " is closed"));
            return f;
        }
        loop.execute(s -> {
            waiters.addLast(f);
            serve();
        });
        return f;
    }

    private void serve() {
        while (!waiters.isEmpty()) {
            CompletableFuture<TcpConnection> f = waiters.peekFirst();
            if (f.isDone()) {
                waiters.pollFirst();
                continue;
            }
            TcpHandle h = ready.pollFirst();
            if (h == null) {
                io.motenet.ip.internal.socket.tcp.TcpConnection c = listener.accept();
                if (c == null) {
                    return;
                }
                h = new TcpHandle(loop, c, executor);
                loop.addHook(h);
            }
            if (!waiters.pollFirst().complete(h)) {
                ready.addFirst(h); // the waiter gave up in this instant: keep it for the next
            }
        }
    }

    @Override
    public long afterPoll(long now) {
        if (!waiters.isEmpty()) {
            serve();
        }
        return Long.MAX_VALUE;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        loop.execute(s -> {
            listener.close();
            ready.forEach(TcpHandle::abort);
            NetException e = new NetException("TCP server " + local + " was closed");
            waiters.forEach(f -> f.completeExceptionally(e));
            waiters.clear();
        });
        loop.removeHook(this);
    }
}
