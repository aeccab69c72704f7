package io.motenet.ip.internal.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.motenet.ip.internal.socket.tcp.TcpConfig;
import io.motenet.ip.internal.socket.tcp.TcpConnection;
import io.motenet.ip.internal.wire.EthernetFrame;
import io.motenet.ip.internal.wire.Ipv4Address;
import io.motenet.ip.internal.wire.Ipv4Packet;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Path MTU discovery in simulation: a narrow hop (1000-byte MTU) between a and b, played by the
 * test, drops a's larger datagrams and answers each with ICMP fragmentation-needed from a router
 * address, as a Linux router does; a must lower its MSS, resend, and finish the transfer.
 */
class PathMtuSimulationTest {
    static final int HOP_MTU = 1000;
    static final Ipv4Address ROUTER = Ipv4Address.parse("10.1.0.1");

    @Test
    void fragmentationNeededLowersTheMssAndTheTransferCompletes() {
        TcpPair p = new TcpPair(7);
        List<Sniffer.Seen> tooBig = new ArrayList<>();
        p.sa.dropOut = s -> {
            boolean drop = Ipv4Packet.MIN_HEADER + s.seg().length() > HOP_MTU;
            if (drop) {
                tooBig.add(s);
            }
            return drop;
        };
        TcpConnection[] c = p.connect(80, TcpConfig.defaults(), TcpConfig.defaults());
        assertEquals(1460 - 12, c[0].stats().sendMss(), "the link's MSS before any report (less timestamps)");
        byte[] data = new byte[200_000];
        new java.util.SplittableRandom(1).nextBytes(data);
        ByteBuffer src = ByteBuffer.wrap(data);
        ByteBuffer got = ByteBuffer.allocate(data.length);
        int icmps = 0;
        long end = p.sim.now() + 30 * Sim.SECOND;
        while (got.hasRemaining() && p.sim.now() < end) {
            if (src.hasRemaining()) {
                c[0].write(src);
                p.a.kick();
            }
            p.run(0.001);
            for (Sniffer.Seen s : tooBig) {
                p.a.receive(fragmentationNeeded(p, s));
                icmps++;
            }
            tooBig.clear();
            c[1].read(got);
            p.b.kick();
        }
        assertTrue(icmps > 0, "the narrow hop reported");
        assertEquals(data.length, got.position(), "everything arrived");
        assertEquals(ByteBuffer.wrap(data), got.flip(), "intact");
        assertEquals(HOP_MTU - 40 - 12, c[0].stats().sendMss(), "MSS clamped to the path MTU less headers and timestamps");
        assertTrue(p.a.stack.counters().get("tcp.pmtu.lowered") >= 1);
        assertTrue(c[0].stats().timeouts() == 0, "no retransmission timeout: resent at once " + c[0].stats());
    }

    @Test
    void aReportQuotingASequenceNumberNotInFlightIsIgnored() {
        TcpPair p = new TcpPair(8);
        TcpConnection[] c = p.connect(80, TcpConfig.defaults(), TcpConfig.defaults());
        TcpPair.write(c[0], "x".repeat(3000));
        p.a.kick();
        p.run(0.1);
        Sniffer.Seen first = p.sa.out().stream().filter(s -> s.len() > 1000).findFirst().orElseThrow();
        // forged: same connection, a sequence number far from anything sent
        Sniffer.Seen forged = new Sniffer.Seen(0, true, first.src(), first.dst(),
                new io.motenet.ip.internal.wire.TcpSegment(first.seg().srcPort(), first.seg().dstPort(),
                        first.seg().seq() + 1_000_000, 0, 0, 0, 0,
                        io.motenet.ip.internal.wire.TcpOptions.NONE, ByteBuffer.allocate(1400)));
        p.a.receive(fragmentationNeeded(p, forged));
        p.run(0.01);
        assertEquals(1460 - 12, c[0].stats().sendMss(), "not believed (RFC 5927 5.1)");
        assertEquals(1, p.a.stack.counters().get("tcp.drop.icmp_pmtu"));
    }

    /** ICMP type 3 code 4 from the router, quoting the IP header and the first 8 bytes of {@code s}. */
    static ByteBuffer fragmentationNeeded(TcpPair p, Sniffer.Seen s) {
        ByteBuffer quote = ByteBuffer.allocate(28);
        Ipv4Packet.emitHeader(quote, 0, 1, true, false, 0, 64, Ipv4Packet.PROTO_TCP, s.src(), s.dst(), s.seg().length());
        quote.putShort((short) s.seg().srcPort()).putShort((short) s.seg().dstPort()).putInt(s.seg().seq());
        ByteBuffer icmp = ByteBuffer.allocate(8 + 28);
        icmp.put((byte) 3).put((byte) 4).putShort((short) 0).putShort((short) 0).putShort((short) HOP_MTU).put(quote.flip());
        icmp.putShort(2, (short) checksum(icmp.array()));
        ByteBuffer f = ByteBuffer.allocate(14 + 20 + icmp.capacity());
        EthernetFrame.emitHeader(f, p.a.iface().mac(), p.b.iface().mac(), EthernetFrame.ETHERTYPE_IPV4);
        Ipv4Packet.emitHeader(f, 0, 7, false, false, 0, 64, Ipv4Packet.PROTO_ICMP, ROUTER, s.src(), icmp.capacity());
        f.put(icmp.flip());
        return f.flip();
    }

    static int checksum(byte[] b) {
        long sum = 0;
        for (int i = 0; i < b.length; i += 2) {
            sum += ((b[i] & 0xff) << 8) | (i + 1 < b.length ? b[i + 1] & 0xff : 0);
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) (~sum & 0xffff);
    }
}
