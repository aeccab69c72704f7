package io.motenet.ip.internal.iface;

import io.motenet.ip.internal.socket.DhcpClient;
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
import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * The receive path: one frame at a time through Ethernet, ARP, IPv4 (with reassembly), ICMP and
 * UDP to the socket, the DHCP client or an answer. Every refusal is counted on the interface.
 */
final class Ingress {
    private final Egress egress;
    private final Sockets sockets;
    /** True while handling a frame sent to the Ethernet broadcast address (no ICMP errors about it). */
    private boolean linkBroadcast;
    /** TCP, set by the stack. */
    io.motenet.ip.internal.socket.tcp.TcpLayer tcp;
    /** The catch-all TCP listener that also takes TCP for other hosts, set by the stack; null when none. */
    io.motenet.ip.internal.socket.tcp.TcpListener interceptor;

    Ingress(Egress egress, Sockets sockets) {
        this.egress = egress;
        this.sockets = sockets;
    }

    void receiveFrame(Interface i, ByteBuffer frame, long now) {
        i.rxFrames.increment();
        i.rxBytes.add(frame.remaining());
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
            if (eth.vlanId() > 0) {
                // Tagged for a VLAN: this interface is on none (Linux drops such frames unless a VLAN device takes
                // them). VLAN 0 is a priority tag only (802.1p) and counts as untagged.
                i.counters.inc("rx.drop.vlan");
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

    void receiveArp(Interface i, ArpPacket arp, long now) {
        i.counters.inc(arp.operation() == ArpPacket.REQUEST ? "arp.rx.request" : "arp.rx.reply");
        InterfaceAddress own = i.address();
        if (arp.senderMac().isMulticast() || arp.senderIp().isBroadcast() || arp.senderIp().isMulticast()) {
            i.counters.inc("arp.drop.bogus_sender");
            return;
        }
        DhcpClient dhcp = i.dhcp();
        Ipv4Address probing = dhcp == null ? null : dhcp.probing();
        if (probing != null && !arp.senderMac().equals(i.mac()) && (arp.senderIp().equals(probing)
                || (arp.senderIp().isUnspecified() && arp.targetIp().equals(probing)))) {
            // the address a DHCP server just gave us answers, or another host probes for it too
            i.counters.inc("dhcp.conflict");
            DhcpClient.Outgoing decline = dhcp.conflict(now);
            if (decline != null) {
                egress.sendDhcp(i, decline, now);
            }
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
                egress.emitIpv4(i, arp.senderMac(), p);
            }
        }
        if (forUs && arp.operation() == ArpPacket.REQUEST) {
            egress.sendArp(i, new ArpPacket(ArpPacket.REPLY, i.mac(), own.address(), arp.senderMac(), arp.senderIp()),
                    arp.senderMac());
            i.counters.inc("arp.tx.reply");
        }
    }

    void receiveIpv4(Interface i, Ipv4Packet ip, long now) {
        i.ipRx.increment();
        boolean unconfigured = i.address() == null;
        // Without an address, take what was sent to our MAC: a DHCP server may unicast its offer
        // to the address it offers (dnsmasq does).
        boolean intercepted = false;
        if (!unconfigured && !i.isOwnOrBroadcast(ip.dst())) {
            if (!intercepts(ip)) {
                i.counters.inc("ip.drop.not_for_us");
                return;
            }
            intercepted = true; // a gateway's catch-all TCP takes connections to other hosts
            i.counters.inc("ip.rx.intercepted");
        }
        if (ip.src().isBroadcast() || ip.src().isMulticast()) {
            i.counters.inc("ip.drop.bad_source");
            return;
        }
        // A device that offloads TCP segmentation verified the TCP checksum of what it hands up (link contract);
        // a datagram put together from fragments here was never seen whole by it.
        boolean checksumVerified = i.offloads();
        if (ip.isFragment()) {
            i.counters.inc("ip.rx.fragments");
            Ipv4Packet whole = i.reassembler.add(ip, now);
            if (whole == null) {
                return;
            }
            i.counters.inc("ip.reassembled");
            ip = whole;
            checksumVerified = false;
        }
        switch (ip.protocol()) {
            case Ipv4Packet.PROTO_ICMP -> receiveIcmp(i, ip, now);
            case Ipv4Packet.PROTO_UDP -> receiveUdp(i, ip, now);
            case Ipv4Packet.PROTO_TCP -> tcp.receive(ip.src(), ip.dst(), ip.payload(),
                    !unconfigured && (intercepted || i.hasAddress(ip.dst())), checksumVerified, now);
            default -> {
                i.counters.inc("ip.drop.protocol");
                if (!unconfigured && i.hasAddress(ip.dst())) {
                    egress.sendIcmpError(i, ip, IcmpMessage.TYPE_DEST_UNREACHABLE, IcmpMessage.CODE_PROTOCOL_UNREACHABLE, linkBroadcast, now);
                }
            }
        }
    }

    /**
     * True when a TCP interceptor exists and {@code ip} is TCP to another host's unicast address
     * (never a multicast, loopback or unspecified one, nor a frame sent to the link broadcast).
     */
    private boolean intercepts(Ipv4Packet ip) {
        io.motenet.ip.internal.socket.tcp.TcpListener l = interceptor;
        Ipv4Address dst = ip.dst();
        return l != null && !l.isClosed() && ip.protocol() == Ipv4Packet.PROTO_TCP && !linkBroadcast
                && !dst.isMulticast() && !dst.isLoopback() && !dst.isUnspecified() && !dst.isBroadcast();
    }

    void receiveIcmp(Interface i, Ipv4Packet ip, long now) {
        IcmpMessage m = IcmpMessage.parse(ip.payload());
        switch (m) {
            case IcmpMessage.Echo e when e.request() -> {
                // Broadcast echo requests go unanswered, as Linux does by default (smurf attacks).
                if (i.hasAddress(ip.dst())) {
                    i.counters.inc("icmp.echo.answered");
                    IcmpMessage.Echo reply = new IcmpMessage.Echo(false, e.identifier(), e.sequence(), e.data());
                    ByteBuffer payload = ByteBuffer.allocate(IcmpMessage.length(reply));
                    IcmpMessage.emit(reply, payload);
                    egress.sendIp(ip.dst(), ip.src(), Ipv4Packet.PROTO_ICMP, payload.flip(), null, now);
                } else {
                    i.counters.inc("icmp.echo.ignored");
                }
            }
            case IcmpMessage.Echo e -> {
                boolean taken = false;
                for (IcmpEchoSocket s : sockets.echo) {
                    if (s.identifier() == e.identifier()) {
                        byte[] data = new byte[e.data().remaining()];
                        e.data().duplicate().get(data);
                        taken = s.deliver(new IcmpEchoSocket.Echo(ip.src(), e.sequence(), data, ip.ttl()));
                    }
                }
                i.counters.inc(taken ? "icmp.echo.reply" : "icmp.drop.no_socket");
            }
            case IcmpMessage.Error e -> receiveIcmpError(i, ip, e, now);
            case IcmpMessage.Other o -> i.counters.inc("icmp.drop.type");
        }
    }

    /** Gives an ICMP error to the socket whose datagram it quotes (RFC 1122 3.2.2, 4.1.3.3). */
    void receiveIcmpError(Interface i, Ipv4Packet ip, IcmpMessage.Error e, long now) {
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
        if (kind == SocketError.Kind.FRAGMENTATION_NEEDED && quoted.dontFragment()) {
            // RFC 1191: the path to the quoted destination is narrower than the datagram was.
            // the quote is cut short: its header's total length field tells how large the datagram was
            int quotedLength = e.quoted().getShort(e.quoted().position() + 2) & 0xffff;
            int mtu = egress.pathMtu.learn(quoted.dst(), e.nextHopMtu(), quotedLength, i.mtu(), now);
            i.counters.inc(mtu > 0 ? "icmp.rx.pmtu_lowered" : "icmp.rx.pmtu_ignored");
            if (quoted.protocol() == Ipv4Packet.PROTO_TCP && quoted.fragmentOffset() == 0 && q.remaining() >= 8
                    && tcp != null) {
                int sport = q.getShort(q.position()) & 0xffff;
                int dport = q.getShort(q.position() + 2) & 0xffff;
                int seq = q.getInt(q.position() + 4);
                int pmtu = egress.pathMtu.mtu(quoted.dst(), i.mtu(), now);
                delivered = tcp.pathMtuLowered(quoted.src(), sport, quoted.dst(), dport, seq, pmtu, now);
            }
        }
        if (quoted.protocol() == Ipv4Packet.PROTO_UDP && quoted.fragmentOffset() == 0) {
            int[] ports = UdpDatagram.quotedPorts(q);
            for (UdpSocket s : sockets.udp) {
                if (s.accepts(quoted.src(), ports[0])) {
                    s.deliverError(new SocketError(kind, quoted.dst(), ports[1], ip.src(), e.nextHopMtu()));
                    delivered = true;
                }
            }
        } else if (quoted.protocol() == Ipv4Packet.PROTO_TCP && quoted.fragmentOffset() == 0 && q.remaining() >= 8) {
            int[] t = io.motenet.ip.internal.wire.TcpSegment.quotedPortsAndSeq(q);
            tcp.unreachable(quoted.src(), t[0], quoted.dst(), t[1], t[2], kind);
            delivered = true;
        } else if (quoted.protocol() == Ipv4Packet.PROTO_ICMP && q.remaining() >= 8
                && (q.get(q.position()) & 0xff) == IcmpMessage.TYPE_ECHO_REQUEST) {
            int id = q.getShort(q.position() + 4) & 0xffff;
            int seq = q.getShort(q.position() + 6) & 0xffff;
            for (IcmpEchoSocket s : sockets.echo) {
                if (s.identifier() == id) {
                    s.deliverError(new SocketError(kind, quoted.dst(), seq, ip.src(), e.nextHopMtu()));
                    delivered = true;
                }
            }
        }
        i.counters.inc(delivered ? "icmp.error.delivered" : "icmp.drop.no_socket");
    }

    void receiveUdp(Interface i, Ipv4Packet ip, long now) {
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
        for (UdpSocket s : sockets.udp) {
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
            egress.sendIcmpError(i, ip, IcmpMessage.TYPE_DEST_UNREACHABLE, IcmpMessage.CODE_PORT_UNREACHABLE, linkBroadcast, now);
        }
    }
}
