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
    private final WaiterQueue<TcpConnection> acceptors;
    private final ArrayDeque<TcpHandle> ready = new ArrayDeque<>(); // loop-owned: accepted, not yet handed out
    private volatile boolean closed;

    TcpServerHandle(StackLoop loop, TcpListener listener, Executor executor) {
        this.loop = loop;
        this.listener = listener;
        this.executor = executor;
        this.local = TcpHandle.address(listener.localAddress(), listener.port());
        this.acceptors = new WaiterQueue<>(loop, () -> closed, () -> new NetException("TCP server " + local + " is closed"),
                established);
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public Optional<TcpConnection> accept(Duration timeout) {
        return LoopFutures.await(acceptors.join(), timeout, "accept on " + local);
    }

    @Override
    public CompletableFuture<TcpConnection> acceptAsync() {
        return LoopFutures.cancellable(acceptors.join(), executor);
    }

    /** Connections accepted and not handed out yet first, then the listener's. */
    private final WaiterQueue.Source<TcpConnection> established = new WaiterQueue.Source<>() {
        @Override
        public TcpConnection next() {
            TcpHandle h = ready.pollFirst();
            if (h != null) {
                return h;
            }
            io.motenet.ip.internal.socket.tcp.TcpConnection c = listener.accept();
            if (c == null) {
                return null;
            }
            h = new TcpHandle(loop, c, executor);
            loop.addHook(h);
            return h;
        }

        @Override
        public void putBack(TcpConnection item) {
            ready.addFirst((TcpHandle) item);
        }
    };

    @Override
    public long afterPoll(long now) {
        if (acceptors.hasWaiters()) {
            acceptors.serve();
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
            acceptors.failAll(new NetException("TCP server " + local + " was closed"));
        });
        loop.removeHook(this);
    }
}
