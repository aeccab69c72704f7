package io.motenet.ip.internal.iface;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.motenet.ip.internal.socket.IcmpEchoSocket;
import io.motenet.ip.internal.socket.SocketError;
import io.motenet.ip.internal.socket.UdpSocket;
import io.motenet.ip.internal.wire.ArpPacket;
import io.motenet.ip.internal.wire.EthernetFrame;
import io.motenet.ip.internal.wire.Ipv4Address;
import io.motenet.ip.internal.wire.Ipv4Packet;
import io.motenet.link.MacAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StackTest {
    static final Ipv4Address A = Ipv4Address.parse("192.168.7.2");
    static final Ipv4Address B = Ipv4Address.parse("192.168.7.3");

    @Test
    void pingResolvesArpAndGetsReply() {
        Hub hub = new Hub();
        Stack a = hub.add("02:00:00:00:00:0a", "192.168.7.2/24", null);
        Stack b = hub.add("02:00:00:00:00:0b", "192.168.7.3/24", null);
        IcmpEchoSocket ping = a.openEcho();
        ping.send(B, 1, "hello".getBytes(StandardCharsets.US_ASCII));
        hub.run(0.001);
        IcmpEchoSocket.Echo reply = ping.receive();
        assertNotNull(reply);
        assertEquals(B, reply.remote());
        assertEquals(1, reply.sequence());
        assertEquals("hello", new String(reply.data(), StandardCharsets.US_ASCII));
        assertEquals(64, reply.ttl());
        assertEquals(1, b.iface("eth0").counters().get("icmp.echo.answered"));
        assertEquals(1, a.iface("eth0").counters().get("arp.tx.request"));
        assertEquals(MacAddress.parse("02:00:00:00:00:0b"), a.iface("eth0").neighbors().get(0).mac());
        // b learned a from the ARP request aimed at it, so it did not ask back
        assertEquals(0, b.iface("eth0").counters().get("arp.tx.request"));
    }

    /**
     * An ARP request for 192.168.7.3 from 02:00:00:00:00:0a (192.168.7.2), as Linux sends it, once tagged for
     * VLAN 5 (dropped: the interface is on no VLAN) and once with a priority-only tag, VLAN 0 (answered).
     */
    @Test
    void framesTaggedForAVlanAreDroppedAndPriorityTagsAreNot() {
        Hub hub = new Hub();
        Stack b = hub.add("02:00:00:00:00:0b", "192.168.7.3/24", null);
        String arpRequest = "0001080006040001" + "02000000000a" + "c0a80702" + "000000000000" + "c0a80703";
        String dstSrc = "ffffffffffff" + "02000000000a";
        b.receive("eth0", ByteBuffer.wrap(java.util.HexFormat.of().parseHex(dstSrc + "8100" + "a005" + "0806" + arpRequest)));
        hub.run(0.001);
        assertEquals(1, b.iface("eth0").counters().get("rx.drop.vlan"));
        assertEquals(0, b.iface("eth0").counters().get("arp.rx.request"), "a frame for VLAN 5 never reaches ARP");
        b.receive("eth0", ByteBuffer.wrap(java.util.HexFormat.of().parseHex(dstSrc + "8100" + "a000" + "0806" + arpRequest)));
        hub.run(0.001);
        assertEquals(1, b.iface("eth0").counters().get("arp.rx.request"), "priority 5, VLAN 0: handled as untagged");
        assertEquals(1, b.iface("eth0").counters().get("rx.drop.vlan"));
    }

    @Test
    void udpBothWaysWithLargeDatagramsFragmented() {
        Hub hub = new Hub();
        Stack a = hub.add("02:00:00:00:00:0a", "192.168.7.2/24", null);
        Stack b = hub.add("02:00:00:00:00:0b", "192.168.7.3/24", null);
        UdpSocket sa = a.bindUdp(null, 0);
        UdpSocket sb = b.bindUdp(B, 5353);
        byte[] big = new byte[4000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 7);
        }
        sa.send(B, 5353, big);
        hub.run(0.001);
        UdpSocket.Datagram got = sb.receive();
        assertArrayEquals(big, got.data());
        assertEquals(A, got.remote());
        assertEquals(sa.localPort(), got.remotePort());
        assertTrue(sa.localPort() >= 49152);
        assertEquals(3, a.iface("eth0").counters().get("ip.tx.fragments"));
        sb.send(got.remote(), got.remotePort(), "back".getBytes(StandardCharsets.US_ASCII));
        hub.run(0.001);
        assertEquals("back", new String(sa.receive().data(), StandardCharsets.US_ASCII));
    }

    @Test
    void portUnreachableReachesTheSendingSocket() {
        Hub hub = new Hub();
        Stack a = hub.add("02:00:00:00:00:0a", "192.168.7.2/24", null);
        hub.add("02:00:00:00:00:0b", "192.168.7.3/24", null);
        UdpSocket sa = a.bindUdp(null, 4000);
        sa.send(B, 9, new byte[] {1});
        hub.run(0.001);
        SocketError e = sa.pollError();
        assertEquals(SocketError.Kind.PORT_UNREACHABLE, e.kind());
        assertEquals(B, e.remote());
        assertEquals(9, e.remotePort());
        assertNull(sa.receive());
    }

    @Test
    void unansweredArpGivesHostUnreachableAfterThreeRequests() {
        Hub hub = new Hub();
        Stack a = hub.add("02:00:00:00:00:0a", "192.168.7.2/24", null);
        UdpSocket sa = a.bindUdp(null, 4000);
        IcmpEchoSocket ping = a.openEcho();
        sa.send(Ipv4Address.parse("192.168.7.99"), 9, new byte[] {1});
        ping.send(Ipv4Address.parse("192.168.7.99"), 5, new byte[] {1});
        hub.run(2.5);
        assertNull(sa.pollError()); // still trying
        hub.run(1);
        assertEquals(3, a.iface("eth0").counters().get("arp.tx.request"));
        assertEquals(SocketError.Kind.HOST_UNREACHABLE, sa.pollError().kind());
        SocketError pe = ping.pollError();
        assertEquals(SocketError.Kind.HOST_UNREACHABLE, pe.kind());
        assertEquals(5, pe.remotePort());
        assertEquals(0, a.iface("eth0").neighbors().size());
    }

    @Test
    void waitingQueueIsBounded() {
        Hub hub = new Hub();
        Stack a = hub.add("02:00:00:00:00:0a", "192.168.7.2/24", null);
        UdpSocket sa = a.bindUdp(null, 4000);
        for (int i = 0; i < 20; i++) {
            sa.send(Ipv4Address.parse("192.168.7.99"), 9, new byte[] {(byte) i});
        }
        hub.run(0.001);
        assertEquals(8, a.iface("eth0").neighbors.waitingDatagrams());
        assertEquals(12, a.iface("eth0").counters().get("arp.drop.queue_full"));
    }

    @Test
    void offLinkTrafficGoesToTheGatewayAndMoreSpecificRoutesWin() {
        Hub hub = new Hub();
        Stack a = hub.add("02:00:00:00:00:0a", "192.168.7.2/24", "192.168.7.1");
        hub.add("02:00:00:00:00:01", "192.168.7.1/24", null); // the default gateway
        hub.add("02:00:00:00:00:fe", "192.168.7.254/24", null); // a router to 10.0.0.0/8
        a.addRoute(new Route(Ipv4Address.parse("10.0.0.0"), 8, Ipv4Address.parse("192.168.7.254"), "eth0", 0,
                Route.Source.STATIC));
        UdpSocket s = a.bindUdp(null, 4000);
        s.send(Ipv4Address.parse("203.0.113.5"), 53, new byte[] {1});
        s.send(Ipv4Address.parse("10.1.2.3"), 53, new byte[] {2});
        hub.run(0.001);
        MacAddress[] dst = hub.seen.stream().map(EthernetFrame::parse)
                .filter(f -> f.etherType() == EthernetFrame.ETHERTYPE_IPV4 && f.src().equals(MacAddress.parse("02:00:00:00:00:0a")))
                .map(EthernetFrame::dst).toArray(MacAddress[]::new);
        assertArrayEquals(new MacAddress[] {MacAddress.parse("02:00:00:00:00:01"), MacAddress.parse("02:00:00:00:00:fe")},
                dst);
        Stack lonely = hub.add("02:00:00:00:00:0c", "172.16.0.2/16", null);
        UdpSocket ls = lonely.bindUdp(null, 4000);
        ls.send(Ipv4Address.parse("8.8.8.8"), 53, new byte[] {1});
        hub.run(0.001);
        assertEquals(SocketError.Kind.NO_ROUTE, ls.pollError().kind());
    }

    @Test
    void linkDownKeepsStateAndTheReturningDeviceAnnouncesItself() {
        Hub hub = new Hub();
        Stack a = hub.add("02:00:00:00:00:0a", "192.168.7.2/24", null);
        Stack b = hub.add("02:00:00:00:00:0b", "192.168.7.3/24", null);
        UdpSocket sb = b.bindUdp(null, 7);
        UdpSocket sa = a.bindUdp(null, 0);
        sa.send(B, 7, new byte[] {1});
        hub.run(0.001);
        assertNotNull(sb.receive());
        a.setLink("eth0", false, null, 0, hub.now);
        sa.send(B, 7, new byte[] {2});
        hub.run(1);
        assertNull(sb.receive()); // nothing leaves a link-down interface
        assertEquals(1, a.iface("eth0").counters().get("tx.drop.link_down"));
        assertEquals(A, a.iface("eth0").address().address());
        int seenBefore = hub.seen.size();
        MacAddress newMac = MacAddress.parse("02:00:00:00:00:aa"); // the new device has another MAC
        a.setLink("eth0", true, newMac, 1500, hub.now);
        hub.run(0.001);
        ArpPacket garp = ArpPacket.parse(EthernetFrame.parse(hub.seen.get(seenBefore)).payload());
        assertEquals(A, garp.senderIp());
        assertEquals(A, garp.targetIp());
        assertEquals(newMac, garp.senderMac());
        // b knew a, so the announcement updated its cache: replies go to the new MAC
        assertEquals(newMac, b.iface("eth0").neighbors().stream().filter(n -> n.ip().equals(A)).findFirst()
                .orElseThrow().mac());
        sa.send(B, 7, new byte[] {3});
        hub.run(0.001);
        assertEquals(3, sb.receive().data()[0]);
        sb.send(A, sa.localPort(), new byte[] {4});
        hub.run(0.001);
        assertEquals(4, sa.receive().data()[0]);
    }

    @Test
    void neighbourExpiresAndIsResolvedAgain() {
        Hub hub = new Hub();
        Stack a = hub.add("02:00:00:00:00:0a", "192.168.7.2/24", null);
        hub.add("02:00:00:00:00:0b", "192.168.7.3/24", null);
        IcmpEchoSocket ping = a.openEcho();
        ping.send(B, 1, new byte[0]);
        hub.run(1);
        hub.run(60);
        assertEquals(0, a.iface("eth0").neighbors().size());
        ping.send(B, 2, new byte[0]);
        hub.run(1);
        assertEquals(2, ping.receive().sequence() + ping.receive().sequence() - 1);
        assertEquals(2, a.iface("eth0").counters().get("arp.tx.request"));
    }

    @Test
    void icmpErrorsAreRateLimited() {
        Hub hub = new Hub();
        Stack a = hub.add("02:00:00:00:00:0a", "192.168.7.2/24", null);
        Stack b = hub.add("02:00:00:00:00:0b", "192.168.7.3/24", null);
        UdpSocket sa = a.bindUdp(null, 4000);
        sa.send(B, 9, new byte[] {1}); // resolves ARP both ways, uses one token
        hub.run(0.000_001);
        for (int i = 0; i < 200; i++) {
            sa.send(B, 9, new byte[] {1});
        }
        hub.run(0.000_001); // a microsecond: no token comes back in that time
        assertEquals(100, b.iface("eth0").counters().get("icmp.tx.error"));
        assertEquals(101, b.counters().get("icmp.tx.rate_limited"));
        hub.run(1); // a second later the bucket is full again
        sa.send(B, 9, new byte[] {1});
        hub.run(0.000_001);
        assertEquals(101, b.iface("eth0").counters().get("icmp.tx.error"));
    }

    @Test
    void socketsRefuseWhatTheyCannotDo() {
        Hub hub = new Hub();
        Stack a = hub.add("02:00:00:00:00:0a", "192.168.7.2/24", null);
        a.bindUdp(null, 53);
        assertThrows(IllegalStateException.class, () -> a.bindUdp(null, 53));
        UdpSocket s = a.bindUdp(null, 54);
        assertThrows(IllegalArgumentException.class, () -> s.send(B, 1, new byte[65508]));
        s.close();
        assertThrows(IllegalStateException.class, () -> s.send(B, 1, new byte[1]));
        hub.run(0.001);
        assertNotNull(a.bindUdp(null, 54)); // freed by close
    }

    @Test
    void unknownProtocolGetsProtocolUnreachable() {
        Hub hub = new Hub();
        Stack a = hub.add("02:00:00:00:00:0a", "192.168.7.2/24", null);
        Stack b = hub.add("02:00:00:00:00:0b", "192.168.7.3/24", null);
        // a GRE (47) datagram from a to b, hand made
        ByteBuffer frame = ByteBuffer.allocate(14 + 24);
        EthernetFrame.emitHeader(frame, MacAddress.parse("02:00:00:00:00:0b"), MacAddress.parse("02:00:00:00:00:0a"),
                EthernetFrame.ETHERTYPE_IPV4);
        new Ipv4Packet(0, 1, false, false, 0, 64, 47, A, B, ByteBuffer.allocate(4)).emit(frame);
        b.receive("eth0", frame.flip());
        hub.run(0.001);
        assertEquals(1, b.iface("eth0").counters().get("ip.drop.protocol"));
        assertEquals(1, a.iface("eth0").counters().get("icmp.rx.error"));
    }
}
