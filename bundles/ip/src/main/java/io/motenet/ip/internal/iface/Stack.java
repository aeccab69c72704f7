package io.motenet.ip.internal.iface;

import io.motenet.ip.internal.socket.DhcpClient;
import io.motenet.ip.internal.socket.DhcpLease;
import io.motenet.ip.internal.socket.IcmpEchoSocket;
import io.motenet.ip.internal.socket.SocketError;
import io.motenet.ip.internal.socket.UdpSocket;
import io.motenet.ip.internal.wire.ArpPacket;
import io.motenet.ip.internal.wire.DhcpMessage;
import io.motenet.ip.internal.wire.EthernetFrame;
import io.motenet.ip.internal.wire.IcmpMessage;
import io.motenet.ip.internal.wire.Ipv4Address;
import io.motenet.ip.internal.wire.Ipv4Packet;
import io.motenet.ip.internal.wire.UdpDatagram;
import io.motenet.ip.internal.wire.WireException;
import io.motenet.link.MacAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
    private final List<UdpSocket> udpSockets = new ArrayList<>();
    private final List<IcmpEchoSocket> echoSockets = new ArrayList<>();
    private final Counters counters = new Counters();
    private final List<Listener> listeners = new ArrayList<>();
    private long icmpTokens;
    private long icmpTokensAt;
    private int nextEphemeral;
    private int nextEchoId;
    /** True while handling a frame sent to the Ethernet broadcast address (no ICMP errors about it). */
    private boolean linkBroadcast;

    public Stack(Limits limits, RandomGenerator random) {
        this.limits = limits;
        this.random = random;
        this.nextEphemeral = 49152 + random.nextInt(16384);
        this.nextEchoId = random.nextInt(0x10000);
        this.icmpTokens = limits.icmpErrorsPerSecond();
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

    /** Removes an interface with its routes; its DHCP client stops (without a release). */
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
        Interface i = require(name);
        boolean was = i.isLinkUp();
        if (mac != null) {
            i.mac(mac);
        }
        if (mtu > 0) {
            i.deviceMtu(mtu);
        }
        i.linkUp(up);
        if (up && !was) {
            i.counters.inc("link.up");
            if (i.address() != null) {
                sendArp(i, ArpPacket.announcement(i.mac(), i.address().address()), MacAddress.BROADCAST);
            }
            if (i.dhcp() != null) {
                i.dhcp().linkUp(now);
            }
        } else if (!up && was) {
            i.counters.inc("link.down");
            i.outbox.clear(); // nothing can leave; the state above it stays
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
            sendArp(i, ArpPacket.announcement(i.mac(), address.address()), MacAddress.BROADCAST);
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
            sendArp(i, ArpPacket.announcement(i.mac(), lease.address()), MacAddress.BROADCAST);
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
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("UDP port " + port);
        }
        if (port == 0) {
            for (int n = 0; n < 16384 && port == 0; n++) {
                int candidate = 49152 + (nextEphemeral++ & 0x3fff);
                if (udpPortFree(candidate)) {
                    port = candidate;
                }
            }
            if (port == 0) {
                throw new IllegalStateException("no free ephemeral UDP port");
            }
        } else if (!udpPortFree(port)) {
            throw new IllegalStateException("UDP port " + port + " is in use");
        }
        UdpSocket s = new UdpSocket(local == null ? Ipv4Address.UNSPECIFIED : local, port, limits.udpQueue(),
                limits.udpQueue());
        udpSockets.add(s);
        return s;
    }

    private boolean udpPortFree(int port) {
        return udpSockets.stream().noneMatch(s -> !s.isClosed() && s.localPort() == port)
                && !(port == DhcpMessage.CLIENT_PORT && interfaces.values().stream().anyMatch(i -> i.dhcp() != null));
    }

    public IcmpEchoSocket openEcho() {
        return openEcho(nextEchoId++ & 0xffff);
    }

    /** An echo socket with a chosen identifier (tests replaying captured traffic need one). */
    public IcmpEchoSocket openEcho(int identifier) {
        IcmpEchoSocket s = new IcmpEchoSocket(identifier & 0xffff);
        echoSockets.add(s);
        return s;
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
        ByteBuffer copy = ByteBuffer.allocate(frame.remaining());
        copy.put(frame.duplicate()).flip();
        i.inbox.addLast(copy);
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
                receiveFrame(i, f, now);
            }
        }
        for (Interface i : interfaces.values()) {
            if (i.isLinkUp()) {
                i.neighbors.poll(now, ip -> sendArpRequest(i, ip),
                        (ip, waiting) -> neighborFailed(i, ip, waiting, now));
            }
            i.reassembler.expire(now);
            DhcpClient c = i.dhcp();
            if (c != null) {
                DhcpClient.Outgoing o;
                while ((o = c.poll(now)) != null) {
                    sendDhcp(i, o, now);
                }
            }
        }
        flushSockets(now);
        return nextDeadline(now);
    }

    private long nextDeadline(long now) {
        long d = Long.MAX_VALUE;
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
        return udpSockets.stream().anyMatch(UdpSocket::hasOutgoing);
    }

    private void flushSockets(long now) {
        udpSockets.removeIf(UdpSocket::isClosed);
        echoSockets.removeIf(IcmpEchoSocket::isClosed);
        for (UdpSocket s : udpSockets) {
            UdpSocket.Datagram d;
            while ((d = s.nextToSend()) != null) {
                sendUdp(s, d, now);
            }
        }
        for (IcmpEchoSocket s : echoSockets) {
            IcmpEchoSocket.Echo e;
            while ((e = s.nextToSend()) != null) {
                IcmpMessage.Echo m = new IcmpMessage.Echo(true, s.identifier(), e.sequence(), ByteBuffer.wrap(e.data()));
                ByteBuffer payload = ByteBuffer.allocate(IcmpMessage.length(m));
                IcmpMessage.emit(m, payload);
                SocketError err = sendIp(null, e.remote(), Ipv4Packet.PROTO_ICMP, payload.flip(), null, now);
                if (err != null) {
                    s.deliverError(new SocketError(err.kind(), e.remote(), e.sequence(), err.reporter(), 0));
                }
            }
        }
    }

    // ----- receive path

    private void receiveFrame(Interface i, ByteBuffer frame, long now) {
        i.counters.inc("rx.frames");
        i.counters.add("rx.bytes", frame.remaining());
        if (!i.isLinkUp()) {
            i.counters.inc("rx.drop.link_down");
            return;
        }
        try {
            EthernetFrame eth = EthernetFrame.parse(frame);
            if (!eth.dst().equals(i.mac()) && !eth.dst().isBroadcast()) {
                i.counters.inc("rx.drop.not_for_us"); // other unicast, or multicast we never joined
                return;
            }
            linkBroadcast = eth.dst().isBroadcast();
            switch (eth.etherType()) {
                case EthernetFrame.ETHERTYPE_ARP -> receiveArp(i, ArpPacket.parse(eth.payload()), now);
                case EthernetFrame.ETHERTYPE_IPV4 -> receiveIpv4(i, Ipv4Packet.parse(eth.payload()), now);
                default -> i.counters.inc("rx.drop.ethertype");
            }
        } catch (WireException e) {
            i.counters.inc("rx.drop." + e.reason().name().toLowerCase(Locale.ROOT));
        } catch (RuntimeException e) {
            // A bug, not bad input: the frame is lost, the loop and the other frames are not.
            i.counters.inc("rx.drop.internal_error");
        } finally {
            linkBroadcast = false;
        }
    }

    private void receiveArp(Interface i, ArpPacket arp, long now) {
        i.counters.inc(arp.operation() == ArpPacket.REQUEST ? "arp.rx.request" : "arp.rx.reply");
        InterfaceAddress own = i.address();
        if (arp.senderMac().isMulticast() || arp.senderIp().isBroadcast() || arp.senderIp().isMulticast()) {
            i.counters.inc("arp.drop.bogus_sender");
            return;
        }
        if (own != null && arp.senderIp().equals(own.address())) {
            if (!arp.senderMac().equals(i.mac())) {
                i.counters.inc("arp.conflict"); // someone else claims our address (RFC 5227)
            }
            return;
        }
        boolean forUs = own != null && arp.targetIp().equals(own.address());
        // RFC 826 merge: refresh a mapping we hold; create one only when the packet was for us.
        if (!arp.senderIp().isUnspecified() && (forUs || i.neighbors.knows(arp.senderIp()))) {
            for (Ipv4Packet p : i.neighbors.learn(arp.senderIp(), arp.senderMac(), now)) {
                emitIpv4(i, arp.senderMac(), p);
            }
        }
        if (forUs && arp.operation() == ArpPacket.REQUEST) {
            sendArp(i, new ArpPacket(ArpPacket.REPLY, i.mac(), own.address(), arp.senderMac(), arp.senderIp()),
                    arp.senderMac());
            i.counters.inc("arp.tx.reply");
        }
    }

    private void receiveIpv4(Interface i, Ipv4Packet ip, long now) {
        i.counters.inc("ip.rx");
        boolean unconfigured = i.address() == null;
        // Without an address, take what was sent to our MAC: a DHCP server may unicast its offer
        // to the address it offers (dnsmasq does).
        if (!unconfigured && !i.isOwnOrBroadcast(ip.dst())) {
            i.counters.inc("ip.drop.not_for_us");
            return;
        }
        if (ip.src().isBroadcast() || ip.src().isMulticast()) {
            i.counters.inc("ip.drop.bad_source");
            return;
        }
        if (ip.isFragment()) {
            i.counters.inc("ip.rx.fragments");
            Ipv4Packet whole = i.reassembler.add(ip, now);
            if (whole == null) {
                return;
            }
            i.counters.inc("ip.reassembled");
            ip = whole;
        }
        switch (ip.protocol()) {
            case Ipv4Packet.PROTO_ICMP -> receiveIcmp(i, ip, now);
            case Ipv4Packet.PROTO_UDP -> receiveUdp(i, ip, now);
            default -> {
                i.counters.inc("ip.drop.protocol");
                if (!unconfigured && i.hasAddress(ip.dst())) {
                    sendIcmpError(i, ip, IcmpMessage.TYPE_DEST_UNREACHABLE, IcmpMessage.CODE_PROTOCOL_UNREACHABLE, now);
                }
            }
        }
    }

    private void receiveIcmp(Interface i, Ipv4Packet ip, long now) {
        IcmpMessage m = IcmpMessage.parse(ip.payload());
        switch (m) {
            case IcmpMessage.Echo e when e.request() -> {
                // Broadcast echo requests go unanswered, as Linux does by default (smurf attacks).
                if (i.hasAddress(ip.dst())) {
                    i.counters.inc("icmp.echo.answered");
                    IcmpMessage.Echo reply = new IcmpMessage.Echo(false, e.identifier(), e.sequence(), e.data());
                    ByteBuffer payload = ByteBuffer.allocate(IcmpMessage.length(reply));
                    IcmpMessage.emit(reply, payload);
                    sendIp(ip.dst(), ip.src(), Ipv4Packet.PROTO_ICMP, payload.flip(), null, now);
                } else {
                    i.counters.inc("icmp.echo.ignored");
                }
            }
            case IcmpMessage.Echo e -> {
                boolean taken = false;
                for (IcmpEchoSocket s : echoSockets) {
                    if (s.identifier() == e.identifier()) {
                        byte[] data = new byte[e.data().remaining()];
                        e.data().duplicate().get(data);
                        taken = s.deliver(new IcmpEchoSocket.Echo(ip.src(), e.sequence(), data, ip.ttl()));
                    }
                }
                i.counters.inc(taken ? "icmp.echo.reply" : "icmp.drop.no_socket");
            }
            case IcmpMessage.Error e -> receiveIcmpError(i, ip, e);
            case IcmpMessage.Other o -> i.counters.inc("icmp.drop.type");
        }
    }

    /** Gives an ICMP error to the socket whose datagram it quotes (RFC 1122 3.2.2, 4.1.3.3). */
    private void receiveIcmpError(Interface i, Ipv4Packet ip, IcmpMessage.Error e) {
        i.counters.inc("icmp.rx.error");
        Ipv4Packet quoted = Ipv4Packet.parse(e.quoted(), false);
        if (!i.hasAddress(quoted.src())) {
            i.counters.inc("icmp.drop.not_ours");
            return;
        }
        SocketError.Kind kind = e.type() == IcmpMessage.TYPE_TIME_EXCEEDED ? SocketError.Kind.TIME_EXCEEDED
                : SocketError.ofUnreachableCode(e.code());
        ByteBuffer q = quoted.payload();
        boolean delivered = false;
        if (quoted.protocol() == Ipv4Packet.PROTO_UDP && quoted.fragmentOffset() == 0) {
            int[] ports = UdpDatagram.quotedPorts(q);
            for (UdpSocket s : udpSockets) {
                if (s.accepts(quoted.src(), ports[0])) {
                    s.deliverError(new SocketError(kind, quoted.dst(), ports[1], ip.src(), e.nextHopMtu()));
                    delivered = true;
                }
            }
        } else if (quoted.protocol() == Ipv4Packet.PROTO_ICMP && q.remaining() >= 8
                && (q.get(q.position()) & 0xff) == IcmpMessage.TYPE_ECHO_REQUEST) {
            int id = q.getShort(q.position() + 4) & 0xffff;
            int seq = q.getShort(q.position() + 6) & 0xffff;
            for (IcmpEchoSocket s : echoSockets) {
                if (s.identifier() == id) {
                    s.deliverError(new SocketError(kind, quoted.dst(), seq, ip.src(), e.nextHopMtu()));
                    delivered = true;
                }
            }
        }
        i.counters.inc(delivered ? "icmp.error.delivered" : "icmp.drop.no_socket");
    }

    private void receiveUdp(Interface i, Ipv4Packet ip, long now) {
        UdpDatagram d = UdpDatagram.parse(ip.payload(), ip.src(), ip.dst());
        i.counters.inc("udp.rx");
        if (d.dstPort() == DhcpMessage.CLIENT_PORT && i.dhcp() != null) {
            i.dhcp().receive(DhcpMessage.parse(d.payload()), now);
            return;
        }
        if (i.address() == null) {
            i.counters.inc("udp.drop.unconfigured");
            return;
        }
        for (UdpSocket s : udpSockets) {
            if (s.accepts(ip.dst(), d.dstPort())) {
                byte[] data = new byte[d.payload().remaining()];
                d.payload().duplicate().get(data);
                if (!s.deliver(new UdpSocket.Datagram(ip.src(), d.srcPort(), data, ip.dst()))) {
                    i.counters.inc("udp.drop.queue_full");
                }
                return;
            }
        }
        i.counters.inc("udp.drop.no_port");
        if (i.hasAddress(ip.dst())) { // never for broadcasts (RFC 1122 3.2.2)
            sendIcmpError(i, ip, IcmpMessage.TYPE_DEST_UNREACHABLE, IcmpMessage.CODE_PORT_UNREACHABLE, now);
        }
    }

    // ----- send path

    private void sendUdp(UdpSocket s, UdpSocket.Datagram d, long now) {
        Interface out;
        if (d.remote().isBroadcast()) { // limited broadcast: the first interface that can send it
            out = interfaces.values().stream().filter(i -> i.isLinkUp() && i.address() != null).findFirst()
                    .orElse(null);
        } else {
            Route r = route(d.remote(), null);
            out = r == null ? null : interfaces.get(r.interfaceName());
        }
        Ipv4Address src = !s.localAddress().isUnspecified() ? s.localAddress()
                : out != null && out.address() != null ? out.address().address() : null;
        if (src == null) {
            s.deliverError(new SocketError(SocketError.Kind.NO_ROUTE, d.remote(), d.remotePort(), null, 0));
            counters.inc("udp.tx.no_route");
            return;
        }
        UdpDatagram u = new UdpDatagram(s.localPort(), d.remotePort(), ByteBuffer.wrap(d.data()));
        ByteBuffer payload = ByteBuffer.allocate(u.length());
        u.emit(payload, src, d.remote());
        SocketError err = sendIp(src, d.remote(), Ipv4Packet.PROTO_UDP, payload.flip(), null, now);
        if (err != null) {
            s.deliverError(new SocketError(err.kind(), d.remote(), d.remotePort(), err.reporter(), err.mtu()));
        }
    }

    private void sendDhcp(Interface i, DhcpClient.Outgoing o, long now) {
        if (!i.isLinkUp()) {
            return;
        }
        ByteBuffer dhcp = ByteBuffer.allocate(o.message().maxLength());
        o.message().emit(dhcp);
        UdpDatagram u = new UdpDatagram(DhcpMessage.CLIENT_PORT, DhcpMessage.SERVER_PORT, dhcp.flip());
        ByteBuffer payload = ByteBuffer.allocate(u.length());
        u.emit(payload, o.src(), o.dst());
        i.counters.inc("dhcp.tx");
        sendIp(o.src(), o.dst(), Ipv4Packet.PROTO_UDP, payload.flip(), i, now);
    }

    private Route route(Ipv4Address dst, Interface forced) {
        return routes.lookup(dst, n -> {
            Interface i = interfaces.get(n);
            return i != null && i.address() != null && (forced == null || forced == i);
        });
    }

    /**
     * Sends one IPv4 datagram, fragmented to the interface's MTU. {@code via} forces the
     * interface (DHCP before a lease). Returns an error found at once (no route, too large), or
     * null: later failures (ARP timeout) reach sockets through {@link #neighborFailed}.
     */
    private SocketError sendIp(Ipv4Address src, Ipv4Address dst, int protocol, ByteBuffer payload, Interface via,
            long now) {
        Interface out;
        Ipv4Address nextHop;
        if (dst.isBroadcast()) {
            Ipv4Address from = src;
            out = via != null ? via : interfaces.values().stream()
                    .filter(i -> i.isLinkUp() && (from == null || from.isUnspecified() || i.hasAddress(from)))
                    .findFirst().orElse(null);
            nextHop = dst;
        } else if (via != null && via.address() == null) {
            out = via; // unicast before a lease: only DHCP does this, to its server
            nextHop = dst;
        } else {
            Route r = route(dst, via);
            if (r == null) {
                counters.inc("ip.tx.no_route");
                return new SocketError(SocketError.Kind.NO_ROUTE, dst, 0, null, 0);
            }
            out = interfaces.get(r.interfaceName());
            nextHop = r.gateway() != null ? r.gateway() : dst;
        }
        if (out == null) {
            counters.inc("ip.tx.no_route");
            return new SocketError(SocketError.Kind.NO_ROUTE, dst, 0, null, 0);
        }
        if (src == null) {
            src = out.address() != null ? out.address().address() : Ipv4Address.UNSPECIFIED;
        }
        Ipv4Packet packet = new Ipv4Packet(0, out.nextIdentification(), false, false, 0, 64, protocol, src, dst,
                payload);
        if (out.hasAddress(dst)) {
            receiveIpv4(out, packet, now); // to ourselves: no wire involved
            return null;
        }
        if (!out.isLinkUp()) {
            out.counters.inc("tx.drop.link_down");
            return null; // the link may come back; UDP gives no promise
        }
        List<Ipv4Packet> fragments = Fragmenter.fragment(packet, out.mtu());
        if (fragments.size() > 1) {
            out.counters.add("ip.tx.fragments", fragments.size());
        }
        boolean broadcast = dst.isBroadcast() || (out.address() != null && dst.equals(out.address().broadcast()));
        for (Ipv4Packet f : fragments) {
            if (broadcast) {
                emitIpv4(out, MacAddress.BROADCAST, f);
                continue;
            }
            MacAddress mac = out.neighbors.lookup(nextHop, now);
            if (mac != null) {
                emitIpv4(out, mac, f);
            } else {
                switch (out.neighbors.enqueue(nextHop, f, now)) {
                    case SEND_REQUEST -> sendArpRequest(out, nextHop);
                    case WAITING -> { }
                    case DROPPED -> out.counters.inc("arp.drop.queue_full");
                }
            }
        }
        return null;
    }

    private void neighborFailed(Interface i, Ipv4Address ip, List<Ipv4Packet> waiting, long now) {
        i.counters.inc("arp.failed");
        i.counters.add("arp.drop.unresolved", waiting.size());
        for (Ipv4Packet p : waiting) {
            if (p.fragmentOffset() != 0) {
                continue;
            }
            // Tell the sending socket, as if a router had sent host unreachable (RFC 1122 2.3.2.2).
            if (p.protocol() == Ipv4Packet.PROTO_UDP && p.payload().remaining() >= 4) {
                int[] ports = UdpDatagram.quotedPorts(p.payload());
                udpSockets.stream().filter(s -> s.accepts(p.src(), ports[0])).forEach(s -> s.deliverError(
                        new SocketError(SocketError.Kind.HOST_UNREACHABLE, p.dst(), ports[1], p.src(), 0)));
            } else if (p.protocol() == Ipv4Packet.PROTO_ICMP && p.payload().remaining() >= 8) {
                ByteBuffer q = p.payload();
                int id = q.getShort(q.position() + 4) & 0xffff;
                int seq = q.getShort(q.position() + 6) & 0xffff;
                echoSockets.stream().filter(s -> s.identifier() == id).forEach(s -> s.deliverError(
                        new SocketError(SocketError.Kind.HOST_UNREACHABLE, p.dst(), seq, p.src(), 0)));
            }
        }
    }

    private void sendIcmpError(Interface i, Ipv4Packet original, int type, int code, long now) {
        if (linkBroadcast || original.fragmentOffset() != 0 || original.src().isUnspecified() || !takeIcmpToken(now)) {
            return; // RFC 1122 3.2.2: never about link broadcasts, non-first fragments, unknown sources; rate-limited
        }
        // Quote the header and as much of the datagram as fits in 576 bytes (RFC 1812 4.3.2.3).
        int quoteLen = Math.min(original.payload().remaining(), 576 - 20 - 8 - 20);
        ByteBuffer quote = ByteBuffer.allocate(20 + quoteLen);
        new Ipv4Packet(original.tos(), original.identification(), original.dontFragment(), original.moreFragments(),
                original.fragmentOffset(), original.ttl(), original.protocol(), original.src(), original.dst(),
                original.payload().slice(original.payload().position(), quoteLen)).emit(quote);
        // the quoted header must show the original total length, not the cut one
        quote.putShort(2, (short) original.totalLength()).putShort(10, (short) 0);
        quote.putShort(10, (short) io.motenet.ip.internal.wire.Checksum.of(quote, 0, 20));
        IcmpMessage.Error err = new IcmpMessage.Error(type, code, 0, quote.flip());
        ByteBuffer payload = ByteBuffer.allocate(IcmpMessage.length(err));
        IcmpMessage.emit(err, payload);
        i.counters.inc("icmp.tx.error");
        sendIp(original.dst(), original.src(), Ipv4Packet.PROTO_ICMP, payload.flip(), null, now);
    }

    private boolean takeIcmpToken(long now) {
        int rate = limits.icmpErrorsPerSecond();
        long refill = (now - icmpTokensAt) * rate / SECOND;
        if (refill > 0) {
            icmpTokens = Math.min(rate, icmpTokens + refill);
            icmpTokensAt = now;
        }
        if (icmpTokens <= 0) {
            counters.inc("icmp.tx.rate_limited");
            return false;
        }
        icmpTokens--;
        return true;
    }

    private void sendArpRequest(Interface i, Ipv4Address target) {
        if (i.address() == null) {
            return;
        }
        i.counters.inc("arp.tx.request");
        sendArp(i, ArpPacket.request(i.mac(), i.address().address(), target), MacAddress.BROADCAST);
    }

    private void sendArp(Interface i, ArpPacket arp, MacAddress dst) {
        if (!i.isLinkUp()) {
            return;
        }
        ByteBuffer frame = ByteBuffer.allocate(EthernetFrame.MIN_FRAME);
        EthernetFrame.emitHeader(frame, dst, i.mac(), EthernetFrame.ETHERTYPE_ARP);
        arp.emit(frame);
        frame.position(0).limit(EthernetFrame.MIN_FRAME); // padded with zeros to the minimum
        enqueueOut(i, frame);
    }

    private void emitIpv4(Interface i, MacAddress dst, Ipv4Packet p) {
        int len = EthernetFrame.HEADER_LENGTH + p.totalLength();
        ByteBuffer frame = ByteBuffer.allocate(Math.max(len, EthernetFrame.MIN_FRAME));
        EthernetFrame.emitHeader(frame, dst, i.mac(), EthernetFrame.ETHERTYPE_IPV4);
        p.emit(frame);
        frame.position(0).limit(frame.capacity());
        i.counters.inc("ip.tx");
        enqueueOut(i, frame);
    }

    private void enqueueOut(Interface i, ByteBuffer frame) {
        if (i.outbox.size() >= limits.outboxFrames()) {
            i.counters.inc("tx.drop.outbox_full");
            return;
        }
        i.counters.inc("tx.frames");
        i.counters.add("tx.bytes", frame.remaining());
        i.outbox.addLast(frame);
    }

    /** For tests and the loop: calls {@code sink} for every frame waiting in every outbox. */
    public void drainOutgoing(BiConsumer<Interface, ByteBuffer> sink) {
        for (Interface i : interfaces.values()) {
            ByteBuffer f;
            while ((f = i.outbox.pollFirst()) != null) {
                sink.accept(i, f);
            }
        }
    }
}
