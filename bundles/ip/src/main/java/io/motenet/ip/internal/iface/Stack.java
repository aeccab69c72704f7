package io.motenet.ip.internal.iface;

import io.motenet.ip.internal.socket.DhcpClient;
import io.motenet.ip.internal.socket.DhcpLease;
import io.motenet.ip.internal.socket.IcmpEchoSocket;
import io.motenet.ip.internal.socket.UdpSocket;
import io.motenet.ip.internal.socket.tcp.TcpLayer;
import io.motenet.ip.internal.wire.ArpPacket;
import io.motenet.ip.internal.wire.Ipv4Address;
import io.motenet.ip.internal.wire.EthernetFrame;
import io.motenet.ip.internal.wire.Ipv4Packet;
import io.motenet.link.MacAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.random.RandomGenerator;

/**
 * The sans-I/O IPv4 host: interfaces, routes, and the UDP, ICMP echo and DHCP sockets, driven by
 * {@link #poll(long)}. It never reads a clock, never blocks and starts no thread: time is an
 * argument, frames come in through {@link #receive} and go out through each interface's outbox.
 * One thread at a time (the stack's loop) may call it.
 */
public final class Stack {
    static final long SECOND = 1_000_000_000L;

    /** Every bound the stack keeps, with defaults close to Linux's. */
    public record Limits(long neighborReachableNanos, long arpRetryNanos, int arpMaxRequests, int neighborEntries,
            int neighborsResolving, int waitingPerNeighbor, int waitingTotal, int reassemblyDatagrams,
            int reassemblyBytes, long reassemblyTimeoutNanos, int inboxFrames, int outboxFrames,
            int icmpErrorsPerSecond, int udpQueue) {
        public static Limits defaults() {
            return new Limits(60 * SECOND, SECOND, 3, 512, 64, 8, 256, 64, 4 << 20, 30 * SECOND, 1024, 4096, 100, 256);
        }
    }

    /** Told when an interface's configuration changes (address, gateway, DNS servers, link). */
    public interface Listener {
        void interfaceChanged(Interface iface);
    }

    private final Limits limits;
    private final RandomGenerator random;
    private final Map<String, Interface> interfaces = new LinkedHashMap<>();
    private final RouteTable routes = new RouteTable();
    private final Counters counters = new Counters();
    private final List<Listener> listeners = new ArrayList<>();
    private final Sockets sockets;
    private final Egress egress;
    private final Ingress ingress;
    private final TcpLayer tcp;

    public Stack(Limits limits, RandomGenerator random) {
        this.limits = limits;
        this.random = random;
        this.sockets = new Sockets(interfaces, limits, random);
        this.egress = new Egress(interfaces, routes, limits, counters);
        this.ingress = new Ingress(egress, sockets);
        egress.ingress = ingress;
        this.tcp = new TcpLayer(new TcpOutput(), counters::inc, random);
        ingress.tcp = tcp;
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    // ----- interfaces and configuration

    /** Adds an interface, link down until {@link #setLink} says otherwise. */
    public Interface addInterface(String name, MacAddress mac, int mtu) {
        if (interfaces.containsKey(name)) {
            throw new IllegalArgumentException("interface " + name + " exists");
        }
        Interface i = new Interface(name, mac, mtu, limits, random.nextInt(0x10000));
        interfaces.put(name, i);
        return i;
    }

    /**
     * Gives the interface's DHCP lease back to its server and stops its DHCP client (the address goes with the
     * lease). Best effort: the DHCPRELEASE leaves with the next drain if the server's link address is known, and
     * nobody answers a release, so nothing is retried. False when there was no lease to give back.
     */
    public boolean releaseDhcp(String name, long now) {
        Interface i = interfaces.get(name);
        if (i == null || i.dhcp() == null) {
            return false;
        }
        DhcpClient.Outgoing release = i.dhcp().release();
        if (release != null) {
            i.counters.inc("dhcp.tx.release");
            egress.sendDhcp(i, release, now);
        }
        i.dhcp().stop();
        return release != null;
    }

    /** Removes an interface with its routes; its DHCP client stops (release it first: {@link #releaseDhcp}). */
    public void removeInterface(String name) {
        Interface i = interfaces.remove(name);
        if (i != null) {
            if (i.dhcp() != null) {
                i.dhcp().stop();
            }
            routes.removeIf(r -> r.interfaceName().equals(name));
        }
    }

    public Interface iface(String name) {
        return interfaces.get(name);
    }

    public Collection<Interface> interfaces() {
        return List.copyOf(interfaces.values());
    }

    public RouteTable routes() {
        return routes;
    }

    public Counters counters() {
        return counters;
    }

    /**
     * The device under the interface came or went, or its carrier changed. A device that returns
     * may have another MAC or MTU; the interface announces itself with a gratuitous ARP.
     */
    public void setLink(String name, boolean up, MacAddress mac, int mtu, long now) {
        setLink(name, up, mac, mtu, 0, now);
    }

    /**
     * As above, with the device's TCP segmentation offload ({@code NetworkDevice.maxOffloadPacket()}; 0 keeps
     * what the interface knew, a value no larger than the MTU turns it off).
     */
    public void setLink(String name, boolean up, MacAddress mac, int mtu, int offloadPacket, long now) {
        Interface i = require(name);
        int offloadBefore = i.offloadPacket();
        if (offloadPacket > 0) {
            i.deviceOffloadPacket(offloadPacket);
        }
        if (mtu > 0) {
            i.deviceMtu(mtu);
        }
        if (i.offloadPacket() != offloadBefore) {
            tcp.refreshOffload(now); // a device with other offload took the interface over: runs start or stop now
        }
        boolean was = i.isLinkUp();
        if (mac != null) {
            i.mac(mac);
        }
        i.linkUp(up);
        if (up && !was) {
            i.counters.inc("link.up");
            if (i.address() != null) {
                egress.sendArp(i, ArpPacket.announcement(i.mac(), i.address().address()), MacAddress.BROADCAST);
            }
            if (i.dhcp() != null) {
                i.dhcp().linkUp(now);
            }
        } else if (!up && was) {
            i.counters.inc("link.down");
            i.clearOutgoing(); // nothing can leave; the state above it stays
            if (i.dhcp() != null) {
                i.dhcp().linkDown(now);
            }
        }
        if (up != was) {
            fireChanged(i);
        }
    }

    /** Static configuration: address, prefix and optionally a default gateway (null for none). */
    public void configureStatic(String name, InterfaceAddress address, Ipv4Address gateway) {
        Interface i = require(name);
        if (i.dhcp() != null) {
            i.dhcp().stop();
            i.dhcp(null);
        }
        applyAddress(i, address, gateway, Route.Source.STATIC);
        i.dnsServers(List.of());
        if (i.isLinkUp()) { // a new address is announced as on link-up (RFC 5227 section 2.3)
            egress.sendArp(i, ArpPacket.announcement(i.mac(), address.address()), MacAddress.BROADCAST);
        }
        fireChanged(i);
    }

    /** Sets the DNS servers of a statically configured interface. */
    public void setDnsServers(String name, List<Ipv4Address> servers) {
        Interface i = require(name);
        i.dnsServers(servers);
        fireChanged(i);
    }

    /** Switches the interface to DHCP: the address goes until a lease brings one. */
    public DhcpClient enableDhcp(String name, String hostname, long now) {
        Interface i = require(name);
        if (i.dhcp() != null) {
            return i.dhcp();
        }
        applyAddress(i, null, null, Route.Source.DHCP);
        DhcpClient c = new DhcpClient(i::mac, hostname, random, (old, lease) -> leaseChanged(i, lease));
        i.dhcp(c);
        if (i.isLinkUp()) {
            c.start(now);
        } else {
            c.start(now);
            c.linkDown(now);
        }
        fireChanged(i);
        return c;
    }

    public void addRoute(Route r) {
        require(r.interfaceName());
        routes.add(r);
    }

    private void leaseChanged(Interface i, DhcpLease lease) {
        if (lease == null) {
            applyAddress(i, null, null, Route.Source.DHCP);
            i.dnsServers(List.of());
            i.leaseMtu(-1);
        } else {
            Ipv4Address router = lease.routers().isEmpty() ? null : lease.routers().get(0);
            applyAddress(i, new InterfaceAddress(lease.address(), lease.prefixLength()), router, Route.Source.DHCP);
            i.dnsServers(lease.dnsServers());
            i.leaseMtu(lease.mtu());
            egress.sendArp(i, ArpPacket.announcement(i.mac(), lease.address()), MacAddress.BROADCAST);
        }
        fireChanged(i);
    }

    private void applyAddress(Interface i, InterfaceAddress a, Ipv4Address gateway, Route.Source source) {
        routes.removeIf(r -> r.interfaceName().equals(i.name()) && r.source() != Route.Source.STATIC
                || r.interfaceName().equals(i.name()) && r.prefixLength() == 0);
        routes.removeIf(r -> r.interfaceName().equals(i.name()) && r.source() == Route.Source.CONNECTED);
        i.address(a);
        i.gateway(gateway);
        if (a != null) {
            routes.add(new Route(a.network(), a.prefixLength(), null, i.name(), 0, Route.Source.CONNECTED));
            if (gateway != null) {
                routes.add(new Route(Ipv4Address.UNSPECIFIED, 0, gateway, i.name(), 100, source));
            }
        }
    }

    private void fireChanged(Interface i) {
        listeners.forEach(l -> l.interfaceChanged(i));
    }

    private Interface require(String name) {
        Interface i = interfaces.get(name);
        if (i == null) {
            throw new IllegalArgumentException("no interface " + name);
        }
        return i;
    }

    // ----- sockets

    /** Binds a UDP socket; port 0 picks a free ephemeral port (RFC 6335 range 49152-65535). */
    public UdpSocket bindUdp(Ipv4Address local, int port) {
        return sockets.bindUdp(local, port);
    }

    public IcmpEchoSocket openEcho() {
        return sockets.openEcho();
    }

    /** An echo socket with a chosen identifier (tests replaying captured traffic need one). */
    public IcmpEchoSocket openEcho(int identifier) {
        return sockets.openEcho(identifier);
    }

    /** ARP gave up on a neighbour: TCP segments that waited for it report host unreachable. */
    private void tcpHostUnreachable(List<io.motenet.ip.internal.wire.Ipv4Packet> waiting) {
        for (io.motenet.ip.internal.wire.Ipv4Packet p : waiting) {
            if (p.protocol() == Ipv4Packet.PROTO_TCP && p.fragmentOffset() == 0 && p.payload().remaining() >= 8) {
                int[] t = io.motenet.ip.internal.wire.TcpSegment.quotedPortsAndSeq(p.payload());
                tcp.unreachable(p.src(), t[0], p.dst(), t[1], t[2],
                        io.motenet.ip.internal.socket.SocketError.Kind.HOST_UNREACHABLE);
            }
        }
    }

    /**
     * Starts intercepting TCP: a catch-all listener ({@link TcpLayer#listenAll}) that also gets
     * TCP for addresses that are not ours, arriving on a configured interface (a gateway's view;
     * counted as {@code ip.rx.intercepted}). Without it such datagrams are dropped as
     * {@code ip.drop.not_for_us}. Closing the listener ends the interception.
     *
     * @throws IllegalStateException when a catch-all listener exists
     */
    public io.motenet.ip.internal.socket.tcp.TcpListener interceptTcp(int backlog,
            io.motenet.ip.internal.socket.tcp.TcpConfig config) {
        io.motenet.ip.internal.socket.tcp.TcpListener l = tcp.listenAll(backlog, config);
        ingress.interceptor = l;
        return l;
    }

    /** TCP: connections, listeners, their limits and defaults. */
    public TcpLayer tcp() {
        return tcp;
    }

    /** How TCP reaches IP: by route, with the route's source address and MTU. */
    private final class TcpOutput implements TcpLayer.Output {
        @Override
        public boolean send(Ipv4Address src, Ipv4Address dst, ByteBuffer segment, long now) {
            return egress.sendIp(src, dst, Ipv4Packet.PROTO_TCP, segment, null, now, true) == null;
        }

        @Override
        public ByteBuffer startFrame(Ipv4Address src, Ipv4Address dst, int segmentLength, boolean segmented,
                long now) {
            return egress.startFrame(src, dst, Ipv4Packet.PROTO_TCP, segmentLength, segmented, now);
        }

        @Override
        public void finishFrame(ByteBuffer frame, int segmentSize) {
            egress.finishFrame(frame, segmentSize);
        }

        @Override
        public TcpLayer.Route route(Ipv4Address dst, long now) {
            Route r = egress.route(dst, null);
            Interface out = r == null ? null : interfaces.get(r.interfaceName());
            return out == null || out.address() == null ? null
                    : new TcpLayer.Route(out.address().address(), egress.pathMtu.mtu(dst, out.mtu(), now),
                            out.offloadPacket());
        }
    }

    // ----- the loop

    /**
     * Hands a received frame to the interface. The frame is copied (the device lends its
     * buffer); beyond the inbox bound it is dropped and counted.
     */
    public void receive(String name, ByteBuffer frame) {
        Interface i = interfaces.get(name);
        if (i == null) {
            return;
        }
        if (i.inbox.size() >= limits.inboxFrames()) {
            i.counters.inc("rx.drop.inbox_full");
            return;
        }
        ByteBuffer copy;
        if (frame.hasArray()) { // copyOfRange skips zeroing the new array first
            int from = frame.arrayOffset() + frame.position();
            copy = ByteBuffer.wrap(java.util.Arrays.copyOfRange(frame.array(), from, from + frame.remaining()));
        } else {
            copy = ByteBuffer.allocate(frame.remaining());
            copy.put(frame.duplicate()).flip();
        }
        i.inbox.addLast(copy);
    }

    /**
     * As {@link #receive}, without a copy: the stack reads the frame during the next {@link #poll} and keeps no
     * reference to it once that poll returns (whatever it keeps — payload, datagrams, fragments, options — it
     * copies), so the caller may then write the next frame into the same buffer. {@code sim.SimHost} overwrites
     * every frame after the poll, so the simulations catch a path that would keep one.
     */
    public void receiveOwned(String name, ByteBuffer frame) {
        Interface i = interfaces.get(name);
        if (i == null) {
            return;
        }
        if (i.inbox.size() >= limits.inboxFrames()) {
            i.counters.inc("rx.drop.inbox_full");
            return;
        }
        if (frame.remaining() > i.mtu() + EthernetFrame.HEADER_LENGTH) {
            i.counters.inc("rx.offload_frames"); // segments the device (or the kernel behind it) coalesced
        }
        i.inbox.addLast(frame);
    }

    /**
     * Does all the work due at {@code now}: received frames, timers, and what sockets want to
     * send. Returns when it next needs to run: {@code now} when it has more work at once, or
     * {@link Long#MAX_VALUE} when only new input would wake it.
     */
    public long poll(long now) {
        for (Interface i : interfaces.values()) {
            ByteBuffer f;
            while ((f = i.inbox.pollFirst()) != null) {
                ingress.receiveFrame(i, f, now);
            }
        }
        for (Interface i : interfaces.values()) {
            if (i.isLinkUp()) {
                i.neighbors.poll(now, ip -> egress.sendArpRequest(i, ip), (ip, waiting) -> {
                    sockets.hostUnreachable(i, waiting);
                    tcpHostUnreachable(waiting);
                });
            }
            i.reassembler.expire(now);
            DhcpClient c = i.dhcp();
            if (c != null) {
                DhcpClient.Outgoing o;
                while ((o = c.poll(now)) != null) {
                    egress.sendDhcp(i, o, now);
                }
            }
        }
        flushSockets(now);
        long tcpNext = tcp.poll(now);
        return nextDeadline(now, tcpNext);
    }

    private long nextDeadline(long now, long tcpNext) {
        long d = tcpNext;
        for (Interface i : interfaces.values()) {
            if (!i.inbox.isEmpty()) {
                return now;
            }
            if (i.isLinkUp()) {
                d = Math.min(d, i.neighbors.nextDeadline());
            }
            d = Math.min(d, i.reassembler.nextDeadline());
            if (i.dhcp() != null) {
                d = Math.min(d, i.dhcp().nextDeadline());
            }
        }
        return Math.max(d, now);
    }

    /** True when sockets have datagrams queued to send (the loop should poll again). */
    public boolean hasPendingSends() {
        return sockets.hasPendingSends() || tcp.hasPendingSends();
    }

    private void flushSockets(long now) {
        sockets.udp.removeIf(UdpSocket::isClosed);
        sockets.echo.removeIf(IcmpEchoSocket::isClosed);
        for (UdpSocket s : sockets.udp) {
            UdpSocket.Datagram d;
            while ((d = s.nextToSend()) != null) {
                egress.sendUdp(s, d, now);
            }
        }
        for (IcmpEchoSocket s : sockets.echo) {
            IcmpEchoSocket.Echo e;
            while ((e = s.nextToSend()) != null) {
                egress.sendEcho(s, e, now);
            }
        }
    }





















    /**
     * A frame from {@link #drainOutgoing} that the device has taken (its {@code transmit} returned): the
     * interface may write its next frame into it. Only the loop calls this; tests that keep frames do not.
     */
    public void recycle(Interface i, ByteBuffer frame) {
        i.recycle(frame);
    }

    /** Where {@link #drainOutgoing(OutgoingSink)} hands frames. */
    @FunctionalInterface
    public interface OutgoingSink {
        /**
         * One frame for the interface's device. {@code segmentSize} is 0 for a frame to send as it is, or the TCP
         * payload per packet for a segment longer than the MTU that the device cuts up
         * ({@code NetworkDevice.transmitSegmented}); only interfaces whose {@link Interface#offloadPacket()}
         * exceeds the MTU get those.
         */
        void send(Interface i, ByteBuffer frame, int segmentSize);
    }

    /** For the loop: calls {@code sink} for every frame waiting in every outbox. */
    public void drainOutgoing(OutgoingSink sink) {
        for (Interface i : interfaces.values()) {
            ByteBuffer f;
            while ((f = i.outbox.pollFirst()) != null) {
                Integer segmentSize = i.outboxSegmentSizes.pollFirst();
                sink.send(i, f, segmentSize == null ? 0 : segmentSize);
            }
        }
    }

    /** For tests on interfaces without offload: calls {@code sink} for every frame waiting in every outbox. */
    public void drainOutgoing(BiConsumer<Interface, ByteBuffer> sink) {
        drainOutgoing((i, f, segmentSize) -> {
            if (segmentSize != 0) {
                throw new IllegalStateException("a segment for the device to cut up reached a sink that cannot");
            }
            sink.accept(i, f);
        });
    }
}
