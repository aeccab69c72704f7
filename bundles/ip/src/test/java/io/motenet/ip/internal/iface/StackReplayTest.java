package io.motenet.ip.internal.iface;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.motenet.ip.internal.socket.IcmpEchoSocket;
import io.motenet.ip.internal.socket.SocketError;
import io.motenet.ip.internal.socket.UdpSocket;
import io.motenet.ip.internal.wire.ArpPacket;
import io.motenet.ip.internal.wire.Captures;
import io.motenet.ip.internal.wire.EthernetFrame;
import io.motenet.ip.internal.wire.IcmpMessage;
import io.motenet.ip.internal.wire.Ipv4Address;
import io.motenet.ip.internal.wire.Ipv4Packet;
import io.motenet.link.MacAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The stack answers frames that Linux sent, and its answers are compared with what Linux itself
 * answered in the same capture (captures/*.txt): the stack stands in for one of the two hosts.
 */
class StackReplayTest {
    static final MacAddress MAC_R = MacAddress.parse("02:00:00:00:01:01"); // 10.99.1.1 in the captures
    static final MacAddress MAC_A = MacAddress.parse("02:00:00:00:01:02"); // 10.99.1.2

    /** A stack in the place of host {@code mac}/{@code cidr}, link up. */
    static Stack host(MacAddress mac, String cidr) {
        Stack s = new Stack(Stack.Limits.defaults(), new SplittableRandom(1));
        s.addInterface("eth0", mac, 1500);
        s.configureStatic("eth0", InterfaceAddress.parse(cidr), null);
        s.setLink("eth0", true, null, 0, 0);
        s.poll(0);
        drain(s); // the gratuitous ARP of link-up
        return s;
    }

    static List<ByteBuffer> feed(Stack s, ByteBuffer... frames) {
        for (ByteBuffer f : frames) {
            s.receive("eth0", f);
        }
        s.poll(1);
        return drain(s);
    }

    static List<ByteBuffer> drain(Stack s) {
        List<ByteBuffer> out = new ArrayList<>();
        s.drainOutgoing((i, f) -> out.add(f));
        return out;
    }

    static ByteBuffer ipPayload(ByteBuffer frame) {
        return Ipv4Packet.parse(EthernetFrame.parse(frame).payload()).payload();
    }

    @Test
    void answersTheKernelsArpRequestLikeTheKernel() {
        Stack r = host(MAC_R, "10.99.1.1/24");
        List<ByteBuffer> out = feed(r, Captures.frame("arp", 0));
        assertEquals(1, out.size());
        byte[] expected = Captures.toArray(Captures.frame("arp", 1)); // 42 bytes; we pad to 60
        byte[] ours = Captures.toArray(out.get(0));
        assertEquals(60, ours.length);
        assertArrayEquals(expected, Arrays.copyOf(ours, expected.length));
        assertEquals(MAC_A, r.iface("eth0").neighbors().get(0).mac()); // learned from the request
    }

    @Test
    void answersTheKernelsPingWithTheSameIcmpBytes() {
        Stack r = host(MAC_R, "10.99.1.1/24");
        feed(r, Captures.frame("arp", 0));
        List<ByteBuffer> out = feed(r, Captures.frame("ping", 0));
        assertEquals(1, out.size());
        EthernetFrame eth = EthernetFrame.parse(out.get(0));
        assertEquals(MAC_A, eth.dst());
        assertEquals(MAC_R, eth.src());
        assertEquals(ipPayload(Captures.frame("ping", 1)), ipPayload(out.get(0)));
        assertEquals(1, r.iface("eth0").counters().get("icmp.echo.answered"));
    }

    @Test
    void answersAFragmentedPingWithFragments() {
        Stack r = host(MAC_R, "10.99.1.1/24");
        feed(r, Captures.frame("arp", 0));
        List<ByteBuffer> out = feed(r, Captures.frame("frag", 0), Captures.frame("frag", 1));
        assertEquals(2, out.size());
        Reassembler ra = new Reassembler(4, 1 << 16, 1);
        Ipv4Packet ours = null;
        for (ByteBuffer f : out) {
            Ipv4Packet p = Ipv4Packet.parse(EthernetFrame.parse(f).payload());
            assertEquals(true, p.isFragment());
            ours = p.isFragment() ? ra.add(p, 0) : p;
        }
        Reassembler rb = new Reassembler(4, 1 << 16, 1);
        rb.add(Ipv4Packet.parse(EthernetFrame.parse(Captures.frame("frag", 2)).payload()), 0);
        Ipv4Packet linux = rb.add(Ipv4Packet.parse(EthernetFrame.parse(Captures.frame("frag", 3)).payload()), 0);
        assertNotNull(ours);
        assertEquals(linux.payload(), ours.payload());
        assertEquals(1, r.iface("eth0").counters().get("ip.reassembled"));
    }

    @Test
    void sendsPortUnreachableLikeTheKernel() {
        Stack r = host(MAC_R, "10.99.1.1/24");
        feed(r, Captures.frame("arp", 0));
        List<ByteBuffer> out = feed(r, Captures.frame("portunreach", 0));
        assertEquals(1, out.size());
        // The ICMP message (type, code, checksum, quote of the whole datagram) is byte-identical.
        assertEquals(ipPayload(Captures.frame("portunreach", 1)), ipPayload(out.get(0)));
        assertEquals(1, r.iface("eth0").counters().get("udp.drop.no_port"));
    }

    @Test
    void deliversTheKernelsPortUnreachableToTheUdpSocket() {
        Stack a = host(MAC_A, "10.99.1.2/24");
        UdpSocket s = a.bindUdp(null, 40000);
        feed(a, Captures.frame("portunreach", 1));
        SocketError e = s.pollError();
        assertNotNull(e);
        assertEquals(SocketError.Kind.PORT_UNREACHABLE, e.kind());
        assertEquals(Ipv4Address.parse("10.99.1.1"), e.remote());
        assertEquals(7777, e.remotePort());
        assertEquals(Ipv4Address.parse("10.99.1.1"), e.reporter());
    }

    @Test
    void deliversTimeExceededAndFragNeededToTheEchoSocket() {
        Stack a = host(MAC_A, "10.99.1.2/24");
        IcmpEchoSocket ttl = a.openEcho(11094); // captures/ttl.txt: ping -t 1, id 11094
        feed(a, Captures.frame("ttl", 1));
        SocketError e = ttl.pollError();
        assertEquals(SocketError.Kind.TIME_EXCEEDED, e.kind());
        assertEquals(Ipv4Address.parse("10.99.2.2"), e.remote());
        assertEquals(1, e.remotePort()); // the sequence number
        int id = IcmpMessageId.of(Captures.frame("fragneeded", 0));
        IcmpEchoSocket pmtu = a.openEcho(id);
        feed(a, Captures.frame("fragneeded", 1));
        SocketError f = pmtu.pollError();
        assertEquals(SocketError.Kind.FRAGMENTATION_NEEDED, f.kind());
        assertEquals(1280, f.mtu());
        assertNull(ttl.pollError());
    }

    @Test
    void hostileFramesAreCountedNotThrown() {
        Stack r = host(MAC_R, "10.99.1.1/24");
        ByteBuffer badSum = Captures.copy(Captures.frame("ping", 0));
        badSum.put(14 + 8, (byte) 1); // TTL changed, header checksum stale
        ByteBuffer truncated = Captures.frame("ping", 0).slice(0, 30);
        ByteBuffer badIcmp = Captures.copy(Captures.frame("ping", 0));
        badIcmp.put(badIcmp.limit() - 1, (byte) 0);
        ByteBuffer quoteFromElsewhere = Captures.frame("portunreach", 1); // quotes 10.99.1.2, not us
        List<ByteBuffer> out = feed(r, badSum, truncated, badIcmp, Captures.hex("00"), quoteFromElsewhere);
        Counters c = r.iface("eth0").counters();
        assertEquals(2, c.get("rx.drop.bad_checksum"));
        assertEquals(2, c.get("rx.drop.truncated"));
        assertEquals(0, out.size());
        assertEquals(5, c.get("rx.frames"));
    }

    @Test
    void gratuitousArpFromArpingUpdatesAKnownNeighbourOnly() {
        Stack r = host(MAC_R, "10.99.1.1/24");
        feed(r, Captures.frame("garp", 0));
        assertEquals(0, r.iface("eth0").neighbors().size()); // not for us and not known: not created
        feed(r, Captures.frame("arp", 0));
        assertEquals(1, r.iface("eth0").neighbors().size());
        ArpPacket announce = ArpPacket.parse(EthernetFrame.parse(Captures.frame("garp", 0)).payload());
        assertEquals(announce.senderIp(), r.iface("eth0").neighbors().get(0).ip());
    }

    /** Reads the ICMP echo identifier of a captured echo request frame. */
    static final class IcmpMessageId {
        static int of(ByteBuffer frame) {
            ByteBuffer icmp = ipPayload(frame);
            IcmpMessage.Echo e = assertInstanceOf(IcmpMessage.Echo.class, IcmpMessage.parse(icmp));
            return e.identifier();
        }
    }
}
