package io.motenet.ip.internal.iface;

import io.motenet.ip.internal.socket.IcmpEchoSocket;
import io.motenet.ip.internal.socket.SocketError;
import io.motenet.ip.internal.socket.UdpSocket;
import io.motenet.ip.internal.wire.DhcpMessage;
import io.motenet.ip.internal.wire.Ipv4Address;
import io.motenet.ip.internal.wire.Ipv4Packet;
import io.motenet.ip.internal.wire.UdpDatagram;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/** The stack's sockets: UDP ports (with ephemeral allocation) and ICMP echo identifiers. */
final class Sockets {
    final List<UdpSocket> udp = new ArrayList<>();
    final List<IcmpEchoSocket> echo = new ArrayList<>();
    private final Map<String, Interface> interfaces;
    private final Stack.Limits limits;
    private int nextEphemeral;
    private int nextEchoId;

    Sockets(Map<String, Interface> interfaces, Stack.Limits limits, RandomGenerator random) {
        this.interfaces = interfaces;
        this.limits = limits;
        this.nextEphemeral = 49152 + random.nextInt(16384);
        this.nextEchoId = random.nextInt(0x10000);
    }

    boolean hasPendingSends() {
        return udp.stream().anyMatch(UdpSocket::hasOutgoing);
    }

    /** Binds a UDP socket; port 0 picks a free ephemeral port (RFC 6335 range 49152-65535). */
    UdpSocket bindUdp(Ipv4Address local, int port) {
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
        udp.add(s);
        return s;
    }

    boolean udpPortFree(int port) {
        return udp.stream().noneMatch(s -> !s.isClosed() && s.localPort() == port)
                && !(port == DhcpMessage.CLIENT_PORT && interfaces.values().stream().anyMatch(i -> i.dhcp() != null));
    }

    IcmpEchoSocket openEcho() {
        return openEcho(nextEchoId++ & 0xffff);
    }

    /** An echo socket with a chosen identifier (tests replaying captured traffic need one). */
    IcmpEchoSocket openEcho(int identifier) {
        IcmpEchoSocket s = new IcmpEchoSocket(identifier & 0xffff);
        echo.add(s);
        return s;
    }

    void hostUnreachable(Interface i, List<Ipv4Packet> waiting) {
        i.counters.inc("arp.failed");
        i.counters.add("arp.drop.unresolved", waiting.size());
        for (Ipv4Packet p : waiting) {
            if (p.fragmentOffset() != 0) {
                continue;
            }
            // Tell the sending socket, as if a router had sent host unreachable (RFC 1122 2.3.2.2).
            if (p.protocol() == Ipv4Packet.PROTO_UDP && p.payload().remaining() >= 4) {
                int[] ports = UdpDatagram.quotedPorts(p.payload());
                udp.stream().filter(s -> s.accepts(p.src(), ports[0])).forEach(s -> s.deliverError(
                        new SocketError(SocketError.Kind.HOST_UNREACHABLE, p.dst(), ports[1], p.src(), 0)));
            } else if (p.protocol() == Ipv4Packet.PROTO_ICMP && p.payload().remaining() >= 8) {
                ByteBuffer q = p.payload();
                int id = q.getShort(q.position() + 4) & 0xffff;
                int seq = q.getShort(q.position() + 6) & 0xffff;
                echo.stream().filter(s -> s.identifier() == id).forEach(s -> s.deliverError(
                        new SocketError(SocketError.Kind.HOST_UNREACHABLE, p.dst(), seq, p.src(), 0)));
            }
        }
    }
}
