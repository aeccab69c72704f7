package io.motenet.ip.internal.stack;

import io.motenet.ip.internal.socket.tcp.TcpConnection.Failure;
import io.motenet.ip.internal.socket.tcp.TcpListener;
import io.motenet.ip.internal.socket.tcp.TcpState;
import io.motenet.net.ConnectionException;
import io.motenet.net.NetException;
import io.motenet.net.PendingTcpConnection;
import io.motenet.net.TcpConnection;
import io.motenet.net.TcpInterceptor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The application's side of the stack's catch-all listener. After every poll the loop hands the
 * SYNs the listener holds undecided to waiting {@code next} calls as {@link Pending}s; a decision
 * is a task on the loop. An admitted connection gets a {@link TcpHandle} whose connect future
 * completes when the peer's ACK arrives, exactly as an active open's does.
 */
final class TcpInterceptorHandle implements TcpInterceptor, StackLoop.Hook {
    private final StackLoop loop;
    private final Executor executor;
    private final TcpListener listener; // loop-owned
    private final int backlog;
    /** Attempts handed out or queued, not yet decided, forgotten or gone. Loop-owned. */
    private final Set<io.motenet.ip.internal.socket.tcp.TcpConnection> undecided =
            Collections.newSetFromMap(new IdentityHashMap<>());
    private final ArrayDeque<Pending> ready = new ArrayDeque<>(); // loop-owned
    /**
     * Connections admitted, reset when the interceptor closes: once it is closed, the IP layer no
     * longer takes datagrams for their (other hosts') addresses. Loop-owned; closed ones are
     * pruned now and then.
     */
    private final java.util.ArrayList<io.motenet.ip.internal.socket.tcp.TcpConnection> admitted =
            new java.util.ArrayList<>();
    private int pruneAt = 64;
    private final WaiterQueue<PendingTcpConnection> takers;
    private boolean closedOnLoop; // loop-owned
    private volatile boolean closed;

    TcpInterceptorHandle(StackLoop loop, TcpListener listener, int backlog, Executor executor) {
        this.loop = loop;
        this.listener = listener;
        this.backlog = backlog;
        this.executor = executor;
        this.takers = new WaiterQueue<>(loop, () -> closed, () -> new NetException("the TCP interceptor is closed"), held);
    }

    @Override
    public Optional<PendingTcpConnection> next(Duration timeout) {
        return LoopFutures.await(takers.join(), timeout, "an intercepted TCP connection");
    }

    @Override
    public CompletableFuture<PendingTcpConnection> nextAsync() {
        return LoopFutures.cancellable(takers.join(), executor);
    }

    @Override
    public long afterPoll(long now) {
        if (closedOnLoop) {
            return Long.MAX_VALUE;
        }
        // Admitted connections land in the accept queue once established; their handles own them.
        while (listener.accept() != null) {
            // drained so the listener's backlog never fills
        }
        List<io.motenet.ip.internal.socket.tcp.TcpConnection> held = listener.pendingDecisions();
        Set<io.motenet.ip.internal.socket.tcp.TcpConnection> still = Collections.newSetFromMap(new IdentityHashMap<>());
        still.addAll(held);
        undecided.retainAll(still); // expired, or reset by the peer
        boolean forgot = false;
        for (io.motenet.ip.internal.socket.tcp.TcpConnection c : held) {
            if (undecided.contains(c)) {
                continue;
            }
            if (undecided.size() >= backlog) {
                listener.forget(c, now); // as a full SYN queue does: unanswered, the peer retries
                forgot = true;
                continue;
            }
            undecided.add(c);
            ready.addLast(new Pending(c));
        }
        takers.serve();
        return forgot ? now : Long.MAX_VALUE; // a forgotten SYN goes on the very next poll
    }

    /** Held SYNs in arrival order, those that went away while they waited left out. */
    private final WaiterQueue.Source<PendingTcpConnection> held = new WaiterQueue.Source<>() {
        @Override
        public PendingTcpConnection next() {
            Pending p;
            while ((p = ready.pollFirst()) != null && !undecided.contains(p.conn)) {
                // gone while it waited
            }
            return p;
        }

        @Override
        public void putBack(PendingTcpConnection item) {
            ready.addFirst((Pending) item);
        }
    };

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        loop.execute(s -> {
            closedOnLoop = true;
            while (listener.accept() != null) {
                // established ones belong to their handles and stay
            }
            listener.close(); // refuses the undecided, resets the half-open
            for (io.motenet.ip.internal.socket.tcp.TcpConnection c : admitted) {
                c.abort(); // nothing for another host's address arrives any more
            }
            admitted.clear();
            undecided.clear();
            ready.clear();
            takers.failAll(new NetException("the TCP interceptor was closed"));
        });
        loop.removeHook(this);
    }

    /** One held SYN. Decisions are checked here (once only) and carried out on the loop. */
    private final class Pending implements PendingTcpConnection {
        private static final int UNDECIDED = 0;
        private static final int ADMITTED = 1;
        private static final int REFUSED = 2;
        final io.motenet.ip.internal.socket.tcp.TcpConnection conn; // loop-owned
        private final InetSocketAddress destination;
        private final InetSocketAddress source;
        private final AtomicInteger decision = new AtomicInteger(UNDECIDED);

        Pending(io.motenet.ip.internal.socket.tcp.TcpConnection conn) {
            this.conn = conn;
            this.destination = TcpHandle.address(conn.localAddress(), conn.localPort());
            this.source = TcpHandle.address(conn.remoteAddress(), conn.remotePort());
        }

        @Override
        public InetSocketAddress destination() {
            return destination;
        }

        @Override
        public InetSocketAddress source() {
            return source;
        }

        @Override
        public TcpConnection admit() {
            try {
                return startAdmit().get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new NetException("admit failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NetException("interrupted while admitting " + source + " to " + destination);
            }
        }

        @Override
        public CompletableFuture<TcpConnection> admitAsync() {
            return LoopFutures.onExecutor(startAdmit(), executor);
        }

        private CompletableFuture<TcpConnection> startAdmit() {
            decide(ADMITTED);
            CompletableFuture<TcpConnection> f = new CompletableFuture<>();
            loop.execute(s -> {
                Failure gone = gone();
                if (gone != null) {
                    f.completeExceptionally(TcpHandle.exception(gone, source));
                    return;
                }
                undecided.remove(conn);
                listener.admit(conn); // the SYN,ACK leaves on this iteration's poll
                admitted.add(conn);
                if (admitted.size() >= pruneAt) {
                    admitted.removeIf(c -> c.state() == TcpState.CLOSED);
                    pruneAt = Math.max(64, 2 * admitted.size());
                }
                TcpHandle h = new TcpHandle(loop, conn, executor);
                h.connecting = f;
                loop.addHook(h);
            });
            return f;
        }

        @Override
        public void refuse() {
            if (decision.get() == REFUSED) {
                return;
            }
            decide(REFUSED);
            loop.execute(s -> {
                if (gone() == null) {
                    undecided.remove(conn);
                    listener.refuse(conn);
                }
            });
        }

        private void decide(int d) {
            if (!decision.compareAndSet(UNDECIDED, d)) {
                throw new IllegalStateException("the connection attempt from " + source + " to " + destination
                        + " was already " + (decision.get() == ADMITTED ? "admitted" : "refused"));
            }
        }

        /** Why the attempt can no longer be decided on, or null while it waits (loop only). */
        private Failure gone() {
            if (closedOnLoop) {
                return Failure.ABORTED;
            }
            if (conn.state() == TcpState.CLOSED || !undecided.contains(conn)) {
                return conn.failure() != null ? conn.failure() : Failure.TIMED_OUT;
            }
            return null;
        }
    }
}
