package io.motenet.ip.internal.stack;

import io.motenet.ip.internal.socket.SocketError;
import io.motenet.ip.internal.wire.Ipv4Address;
import io.motenet.net.Datagram;
import io.motenet.net.NetException;
import io.motenet.net.UdpSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The application's side of a UDP socket. Sends and receives are tasks on the loop; a receive
 * waits on a future that the loop completes, so the waiting thread (virtual or not) parks
 * unpinned and the loop never runs application code.
 */
final class UdpHandle implements UdpSocket, StackLoop.Hook {
    private final StackLoop loop;
    private final io.motenet.ip.internal.socket.UdpSocket socket; // loop-owned
    private final Executor executor;
    private final InetSocketAddress local;
    private final WaiterQueue<Datagram> receivers;
    /** What the source handed out last, for putting it back (loop-owned). */
    private io.motenet.ip.internal.socket.UdpSocket.Datagram handedOut;
    private volatile boolean closed;

    UdpHandle(StackLoop loop, io.motenet.ip.internal.socket.UdpSocket socket, Executor executor) {
        this.loop = loop;
        this.socket = socket;
        this.executor = executor;
        this.local = new InetSocketAddress(socket.localAddress().toInetAddress(), socket.localPort());
        this.receivers = new WaiterQueue<>(loop, () -> closed, () -> new NetException("UDP socket " + local + " is closed"),
                incoming);
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public void send(InetSocketAddress target, byte[] data) {
        if (closed) {
            throw new NetException("UDP socket " + local + " is closed");
        }
        if (data.length > 65507) {
            throw new IllegalArgumentException("UDP payload of " + data.length + " bytes exceeds 65507");
        }
        if (!(target.getAddress() instanceof java.net.Inet4Address a)) {
            throw new IllegalArgumentException("not an IPv4 destination: " + target);
        }
        byte[] copy = data.clone();
        Boolean queued = loop.callAndWait(s -> socket.isClosed() ? Boolean.FALSE
                : socket.send(Ipv4Address.of(a), target.getPort(), copy));
        if (!queued) {
            throw new NetException("UDP socket " + local + ": send queue full or socket closed");
        }
    }

    @Override
    public Optional<Datagram> receive(Duration timeout) {
        return LoopFutures.await(receivers.join(), timeout, "receive on " + local);
    }

    @Override
    public CompletableFuture<Datagram> receiveAsync() {
        return LoopFutures.cancellable(receivers.join(), executor);
    }

    /** Errors (first) and datagrams, for waiting receivers. */
    private final WaiterQueue.Source<Datagram> incoming = new WaiterQueue.Source<>() {
        @Override
        public Datagram next() {
            SocketError e = socket.pollError();
            if (e != null) {
                throw Errors.toException(e); // the receiver it reaches learns of it
            }
            io.motenet.ip.internal.socket.UdpSocket.Datagram d = socket.receive();
            if (d == null) {
                return null;
            }
            handedOut = d;
            return new Datagram(new InetSocketAddress(d.remote().toInetAddress(), d.remotePort()),
                    new InetSocketAddress(d.local().toInetAddress(), local.getPort()), d.data());
        }

        @Override
        public void putBack(Datagram item) {
            socket.deliver(handedOut);
        }
    };

    @Override
    public long afterPoll(long now) {
        if (socket.hasIncoming()) {
            receivers.serve();
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
            socket.close();
            receivers.failAll(new NetException("UDP socket " + local + " was closed"));
        });
        loop.removeHook(this);
    }
}
