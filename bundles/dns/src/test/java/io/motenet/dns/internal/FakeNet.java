package io.motenet.dns.internal;

import io.motenet.net.Datagram;
import io.motenet.net.EchoReply;
import io.motenet.net.InterfaceConfig;
import io.motenet.net.InterfaceInfo;
import io.motenet.net.NeighborInfo;
import io.motenet.net.NetException;
import io.motenet.net.NetworkEvent;
import io.motenet.net.NetworkListener;
import io.motenet.net.NetworkStack;
import io.motenet.net.RouteInfo;
import io.motenet.net.UdpSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.xbill.DNS.Message;

/**
 * A {@link NetworkStack} with only what the resolver uses: UDP sockets whose sends go to a
 * scripted {@link Responder} (which plays the network and the servers: it may answer from
 * anywhere, with anything, or not at all), DNS servers, and change events. Every query sent is
 * kept, so tests assert on what went over the wire.
 */
final class FakeNet implements NetworkStack {

    /** One datagram the resolver sent. */
    record Sent(int localPort, InetSocketAddress server, byte[] data, long nanoTime) {
        Message message() {
            try {
                return new Message(data);
            } catch (java.io.IOException e) {
                throw new AssertionError("the resolver sent a malformed query", e);
            }
        }

        String question() {
            var q = message().getQuestion();
            return q.getName() + " " + org.xbill.DNS.Type.string(q.getType());
        }
    }

    /** Plays the network: gets each datagram the resolver sends and delivers what comes back. */
    @FunctionalInterface
    interface Responder {
        void sent(Sent query, Sock socket) throws Exception;
    }

    final List<Sent> sent = new CopyOnWriteArrayList<>();
    final List<NetworkListener> listeners = new CopyOnWriteArrayList<>();
    private final Set<Integer> ports = Collections.synchronizedSet(new HashSet<>());
    volatile Responder responder;
    volatile List<Inet4Address> dnsServers = List.of();

    FakeNet(Responder responder) {
        this.responder = responder;
    }

    /** The questions sent, in order, as "name. TYPE". */
    List<String> questions() {
        return sent.stream().map(Sent::question).toList();
    }

    void changeServers(List<Inet4Address> servers) {
        dnsServers = List.copyOf(servers);
        for (NetworkListener l : listeners) {
            l.changed(new NetworkEvent(NetworkEvent.Kind.DNS_SERVERS_CHANGED, "eth0", null, servers));
        }
    }

    final class Sock implements UdpSocket {
        final int port;
        private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        private volatile boolean closed;

        Sock(int port) {
            this.port = port;
        }

        /** Delivers a datagram to this socket, as if it came from {@code source}. */
        void deliver(InetSocketAddress source, byte[] data) {
            inbox.add(new Datagram(source, new InetSocketAddress(ip("10.0.0.2"), port), data));
        }

        void deliverError(NetException e) {
            inbox.add(e);
        }

        @Override
        public InetSocketAddress localAddress() {
            return new InetSocketAddress(ip("0.0.0.0"), port);
        }

        @Override
        public void send(InetSocketAddress target, byte[] data) {
            if (closed) {
                throw new NetException("socket closed");
            }
            Sent s = new Sent(port, target, data.clone(), System.nanoTime());
            sent.add(s);
            try {
                responder.sent(s, this);
            } catch (Exception e) {
                throw new AssertionError("responder failed", e);
            }
        }

        @Override
        public Optional<Datagram> receive(Duration timeout) {
            try {
                Object o = inbox.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
                if (o instanceof NetException e) {
                    throw e;
                }
                return Optional.ofNullable((Datagram) o);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NetException("interrupted");
            }
        }

        @Override
        public CompletableFuture<Datagram> receiveAsync() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
            closed = true;
            ports.remove(port);
        }
    }

    static Inet4Address ip(String s) {
        try {
            return (Inet4Address) InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    @Override
    public UdpSocket openUdp(int port) {
        if (port != 0 && !ports.add(port)) {
            throw new NetException("UDP port " + port + " is in use");
        }
        return new Sock(port == 0 ? 40000 : port);
    }

    @Override
    public UdpSocket openUdp(InetSocketAddress local) {
        return openUdp(local.getPort());
    }

    @Override
    public List<Inet4Address> dnsServers() {
        return dnsServers;
    }

    @Override
    public AutoCloseable addListener(NetworkListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public List<InterfaceInfo> interfaces() {
        return List.of();
    }

    @Override
    public Optional<InterfaceInfo> iface(String name) {
        return Optional.empty();
    }

    @Override
    public List<RouteInfo> routes() {
        return List.of();
    }

    @Override
    public List<NeighborInfo> neighbors() {
        return new ArrayList<>();
    }

    @Override
    public void configure(InterfaceConfig config) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void unconfigure(String name) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void addRoute(Inet4Address network, int prefixLength, Inet4Address gateway, String interfaceName) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean removeRoute(Inet4Address network, int prefixLength) {
        throw new UnsupportedOperationException();
    }

    @Override
    public io.motenet.net.TcpConnection connect(InetSocketAddress remote, Duration timeout) {
        throw new UnsupportedOperationException("TCP is faked through TcpTransport in these tests");
    }

    @Override
    public CompletableFuture<io.motenet.net.TcpConnection> connectAsync(InetSocketAddress remote, Duration timeout) {
        throw new UnsupportedOperationException();
    }

    @Override
    public io.motenet.net.TcpServer listen(InetSocketAddress local, int backlog) {
        throw new UnsupportedOperationException();
    }

    @Override
    public io.motenet.net.TcpConnection connect(InetSocketAddress remote, io.motenet.net.TcpSocketOptions options) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<io.motenet.net.TcpConnection> connectAsync(InetSocketAddress remote,
            io.motenet.net.TcpSocketOptions options) {
        throw new UnsupportedOperationException();
    }

    @Override
    public io.motenet.net.TcpServer listen(InetSocketAddress local, int backlog, io.motenet.net.TcpSocketOptions options) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<io.motenet.net.TcpInfo> tcpConnections() {
        return List.of();
    }

    @Override
    public javax.net.SocketFactory socketFactory() {
        throw new UnsupportedOperationException();
    }

    @Override
    public EchoReply ping(Inet4Address target, int size, Duration timeout) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<EchoReply> pingAsync(Inet4Address target, int size, Duration timeout) {
        throw new UnsupportedOperationException();
    }

    @Override
    public io.motenet.net.TcpInterceptor interceptTcp(int backlog) {
        throw new UnsupportedOperationException();
    }

    @Override
    public io.motenet.net.TcpInterceptor interceptTcp(int backlog, io.motenet.net.TcpSocketOptions options) {
        throw new UnsupportedOperationException();
    }
}
