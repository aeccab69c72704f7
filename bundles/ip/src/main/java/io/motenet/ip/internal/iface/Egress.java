package io.motenet.ip.internal.iface;

import io.motenet.ip.internal.socket.DhcpClient;
import io.motenet.ip.internal.socket.IcmpEchoSocket;
import io.motenet.ip.internal.socket.SocketError;
import io.motenet.ip.internal.socket.UdpSocket;
import io.motenet.ip.internal.wire.ArpPacket;
import io.motenet.ip.internal.wire.Checksum;
import io.motenet.ip.internal.wire.DhcpMessage;
import io.motenet.ip.internal.wire.EthernetFrame;
import io.motenet.ip.internal.wire.IcmpMessage;
import io.motenet.ip.internal.wire.Ipv4Address;
import io.motenet.ip.internal.wire.Ipv4Packet;
import io.motenet.ip.internal.wire.UdpDatagram;
import io.motenet.link.MacAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * The send path: route lookup, source address, fragmentation to the MTU, ARP resolution (or a
 * wait in the neighbour cache), frames into the interface's outbox; and the ICMP errors we send,
 * rate-limited.
 */
final class Egress {
    static final long SECOND = 1_000_000_000L;

    private final Map<String, Interface> interfaces;
    private final RouteTable routes;
    private final Stack.Limits limits;
    private final Counters counters;
    Ingress ingress; // datagrams to our own address go straight back in
    private long icmpTokens;
    private long icmpTokensAt;

    Egress(Map<String, Interface> interfaces, RouteTable routes, Stack.Limits limits, Counters counters) {
        this.interfaces = interfaces;
        this.routes = routes;
        this.limits = limits;
        this.counters = counters;
        this.icmpTokens = limits.icmpErrorsPerSecond();
    }

    /** Sends an echo request of an echo socket. */
    void sendEcho(IcmpEchoSocket s, IcmpEchoSocket.Echo e, long now) {
        IcmpMessage.Echo m = new IcmpMessage.Echo(true, s.identifier(), e.sequence(), ByteBuffer.wrap(e.data()));
        ByteBuffer payload = ByteBuffer.allocate(IcmpMessage.length(m));
        IcmpMessage.emit(m, payload);
        SocketError err = sendIp(null, e.remote(), Ipv4Packet.PROTO_ICMP, payload.flip(), null, now);
        if (err != null) {
            s.deliverError(new SocketError(err.kind(), e.remote(), e.sequence(), err.reporter(), 0));
        }
    }

    void sendUdp(UdpSocket s, UdpSocket.Datagram d, long now) {
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

    void sendDhcp(Interface i, DhcpClient.Outgoing o, long now) {
        if (!i.isLinkUp()) {
            return;
        }
        if (o.probe() != null) {
            i.counters.inc("dhcp.tx.probe");
            sendArp(i, ArpPacket.request(i.mac(), Ipv4Address.UNSPECIFIED, o.probe()), MacAddress.BROADCAST);
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

    Route route(Ipv4Address dst, Interface forced) {
        return routes.lookup(dst, n -> {
            Interface i = interfaces.get(n);
            return i != null && i.address() != null && (forced == null || forced == i);
        });
    }

    /**
     * Sends one IPv4 datagram, fragmented to the interface's MTU. {@code via} forces the
     * interface (DHCP before a lease). Returns an error found at once (no route, too large), or
     * null: later failures (ARP timeout) reach sockets through {@link Sockets#hostUnreachable}.
     */
    /** Path MTUs learnt from ICMP fragmentation-needed. */
    final PathMtuCache pathMtu = new PathMtuCache();

    SocketError sendIp(Ipv4Address src, Ipv4Address dst, int protocol, ByteBuffer payload, Interface via,
            long now) {
        return sendIp(src, dst, protocol, payload, via, now, false);
    }

    /**
     * As above; {@code dontFragment} sets DF (TCP does, for path MTU discovery, RFC 1191) on a
     * datagram that fits the interface: one that does not (the link MTU fell under a connection)
     * is fragmented rather than lost.
     */
    SocketError sendIp(Ipv4Address src, Ipv4Address dst, int protocol, ByteBuffer payload, Interface via,
            long now, boolean dontFragment) {
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
        boolean df = dontFragment && payload.remaining() + Ipv4Packet.MIN_HEADER <= out.mtu();
        Ipv4Packet packet = new Ipv4Packet(0, out.nextIdentification(), df, false, 0, 64, protocol, src, dst,
                payload);
        if (out.hasAddress(dst)) {
            ingress.receiveIpv4(out, packet, now); // to ourselves: no wire involved
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

    /**
     * The transmit fast path for a datagram the caller writes in place: when the route, the
     * neighbour's MAC and the link are all known and {@code payloadLength} fits the MTU, a frame
     * with its Ethernet and IPv4 headers written (DF set), positioned where the payload goes, or
     * null (then {@link #sendIp} does the general work). The caller fills exactly
     * {@code payloadLength} bytes and hands the frame to {@link #finishFrame}. No copy of the
     * payload, and no allocation once the loop hands transmitted frames back ({@link Stack#recycle}).
     * {@code segmented}: a TCP segment the device will cut into MTU-sized packets, so it may be as long as the
     * interface's {@link Interface#offloadPacket()} (null when the interface has no offload).
     */
    ByteBuffer startFrame(Ipv4Address src, Ipv4Address dst, int protocol, int payloadLength, boolean segmented,
            long now) {
        if (dst.isBroadcast()) {
            return null;
        }
        Route r = route(dst, null);
        Interface out = r == null ? null : interfaces.get(r.interfaceName());
        int limit = out == null ? 0 : segmented ? out.offloadPacket() : out.mtu();
        if (out == null || !out.isLinkUp() || out.hasAddress(dst) || out.address() == null
                || segmented && !out.offloads()
                || payloadLength + Ipv4Packet.MIN_HEADER > limit || dst.equals(out.address().broadcast())) {
            return null;
        }
        MacAddress mac = out.neighbors.lookup(r.gateway() != null ? r.gateway() : dst, now);
        if (mac == null) {
            return null;
        }
        int len = EthernetFrame.HEADER_LENGTH + Ipv4Packet.MIN_HEADER + payloadLength;
        ByteBuffer frame = out.takeFrame(len);
        EthernetFrame.emitHeader(frame, mac, out.mac(), EthernetFrame.ETHERTYPE_IPV4);
        Ipv4Packet.emitHeader(frame, 0, out.nextIdentification(), true, false, 0, 64, protocol,
                src == null ? out.address().address() : src, dst, payloadLength);
        fastPathOut = out;
        return frame;
    }

    private Interface fastPathOut;

    /** Queues a frame from {@link #startFrame} on its interface; {@code segmentSize} as in {@link Stack.OutgoingSink}. */
    void finishFrame(ByteBuffer frame, int segmentSize) {
        Interface out = fastPathOut;
        frame.position(0); // the limit is the frame's length, set by takeFrame
        out.ipTx.increment();
        enqueueOut(out, frame, segmentSize);
    }

    void sendIcmpError(Interface i, Ipv4Packet original, int type, int code, boolean linkBroadcast, long now) {
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
        quote.putShort(10, (short) Checksum.of(quote, 0, 20));
        IcmpMessage.Error err = new IcmpMessage.Error(type, code, 0, quote.flip());
        ByteBuffer payload = ByteBuffer.allocate(IcmpMessage.length(err));
        IcmpMessage.emit(err, payload);
        i.counters.inc("icmp.tx.error");
        sendIp(original.dst(), original.src(), Ipv4Packet.PROTO_ICMP, payload.flip(), null, now);
    }

    boolean takeIcmpToken(long now) {
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

    void sendArpRequest(Interface i, Ipv4Address target) {
        if (i.address() == null) {
            return;
        }
        i.counters.inc("arp.tx.request");
        sendArp(i, ArpPacket.request(i.mac(), i.address().address(), target), MacAddress.BROADCAST);
    }

    void sendArp(Interface i, ArpPacket arp, MacAddress dst) {
        if (!i.isLinkUp()) {
            return;
        }
        ByteBuffer frame = ByteBuffer.allocate(EthernetFrame.MIN_FRAME);
        EthernetFrame.emitHeader(frame, dst, i.mac(), EthernetFrame.ETHERTYPE_ARP);
        arp.emit(frame);
        frame.position(0).limit(EthernetFrame.MIN_FRAME); // padded with zeros to the minimum
        enqueueOut(i, frame);
    }

    void emitIpv4(Interface i, MacAddress dst, Ipv4Packet p) {
        int len = EthernetFrame.HEADER_LENGTH + p.totalLength();
        ByteBuffer frame = ByteBuffer.allocate(Math.max(len, EthernetFrame.MIN_FRAME));
        EthernetFrame.emitHeader(frame, dst, i.mac(), EthernetFrame.ETHERTYPE_IPV4);
        p.emit(frame);
        frame.position(0).limit(frame.capacity());
        i.ipTx.increment();
        enqueueOut(i, frame);
    }

    void enqueueOut(Interface i, ByteBuffer frame) {
        enqueueOut(i, frame, 0);
    }

    void enqueueOut(Interface i, ByteBuffer frame, int segmentSize) {
        if (i.outbox.size() >= limits.outboxFrames()) {
            i.counters.inc("tx.drop.outbox_full");
            return;
        }
        i.txFrames.increment();
        i.txBytes.add(frame.remaining());
        if (segmentSize != 0) {
            i.counters.inc("tx.offload_frames");
        }
        i.enqueueOutgoing(frame, segmentSize);
    }
}
