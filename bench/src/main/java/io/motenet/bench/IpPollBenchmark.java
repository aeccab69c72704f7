package io.motenet.bench;

import io.motenet.ip.internal.iface.InterfaceAddress;
import io.motenet.ip.internal.iface.Stack;
import io.motenet.ip.internal.socket.UdpSocket;
import io.motenet.ip.internal.wire.ArpPacket;
import io.motenet.ip.internal.wire.EthernetFrame;
import io.motenet.ip.internal.wire.IcmpMessage;
import io.motenet.ip.internal.wire.Ipv4Address;
import io.motenet.ip.internal.wire.Ipv4Packet;
import io.motenet.ip.internal.wire.UdpDatagram;
import io.motenet.link.MacAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Packets per second through the sans-I/O core's {@code poll}, on one thread, with no device and
 * no clock: frames are handed to {@code Stack.receive} and taken from the outbox in batches of 64,
 * as the loop thread does. Three paths: UDP receive (parse, checksum, socket queue, application
 * read), UDP transmit (application send, checksum, ARP cache, frame out) and ICMP echo (request
 * in, reply out: both directions in one).
 */
final class IpPollBenchmark implements Benchmark {
    static final MacAddress OUR_MAC = MacAddress.parse("02:00:00:00:00:01");
    static final MacAddress PEER_MAC = MacAddress.parse("02:00:00:00:00:02");
    static final Ipv4Address OUR_IP = Ipv4Address.parse("10.0.0.1");
    static final Ipv4Address PEER_IP = Ipv4Address.parse("10.0.0.2");
    static final int BATCH = 64;

    @Override
    public String name() {
        return "ip-poll";
    }

    @Override
    public String description() {
        return "packets/s through the IP core's poll: UDP receive, UDP transmit, ICMP echo";
    }

    @Override
    public String usage() {
        return "--seconds S per round (default 2)  --rounds R (default 5; one extra warm-up round)  --size UDP payload bytes (default 64)";
    }

    @Override
    public BenchReport run(BenchOptions options) {
        int seconds = options.integer("seconds", 2);
        int rounds = options.integer("rounds", 5);
        int size = options.integer("size", 64);
        long budget = seconds * 1_000_000_000L;
        String[] names = {"UDP receive", "UDP transmit", "ICMP echo (request in, reply out)"};
        double[][] rates = new double[3][rounds];
        for (int r = -1; r < rounds; r++) {
            double[] round = {rxRound(size, budget), txRound(size, budget), echoRound(size, budget)};
            if (r >= 0) {
                for (int k = 0; k < 3; k++) {
                    rates[k][r] = round[k];
                }
            }
        }
        BenchReport report = new BenchReport(name(), List.of("path", "min pkt/s", "median pkt/s", "max pkt/s"))
                .condition("rounds", rounds).condition("seconds per round", seconds).condition("payload bytes", size)
                .condition("batch", BATCH).condition("threads", 1);
        String[] keys = {"udp_rx_pps", "udp_tx_pps", "icmp_echo_pps"};
        for (int k = 0; k < 3; k++) {
            Stats s = Stats.of(rates[k]);
            report.row(names[k], f(s.min()), f(s.median()), f(s.max()));
            report.figure(keys[k] + "_median", Math.round(s.median()));
        }
        return report;
    }

    private static String f(double v) {
        return String.format("%,.0f", v);
    }

    /** A stack that knows its peer (ARP already resolved), as after the first exchange. */
    private static Stack stack() {
        Stack s = new Stack(Stack.Limits.defaults(), new SplittableRandom(1));
        s.addInterface("bench0", OUR_MAC, 1500);
        s.configureStatic("bench0", new InterfaceAddress(OUR_IP, 24), null);
        s.setLink("bench0", true, null, 0, 0);
        ByteBuffer arp = ByteBuffer.allocate(60);
        EthernetFrame.emitHeader(arp, OUR_MAC, PEER_MAC, EthernetFrame.ETHERTYPE_ARP);
        ArpPacket.request(PEER_MAC, PEER_IP, OUR_IP).emit(arp);
        s.receive("bench0", arp.clear());
        s.poll(0);
        s.drainOutgoing((i, f) -> { });
        return s;
    }

    private static ByteBuffer frame(int protocol, ByteBuffer transport) {
        ByteBuffer f = ByteBuffer.allocate(EthernetFrame.HEADER_LENGTH + Ipv4Packet.MIN_HEADER + transport.remaining());
        EthernetFrame.emitHeader(f, OUR_MAC, PEER_MAC, EthernetFrame.ETHERTYPE_IPV4);
        new Ipv4Packet(0, 1, true, false, 0, 64, protocol, PEER_IP, OUR_IP, transport).emit(f);
        return f.flip();
    }

    private static double rxRound(int size, long budget) {
        Stack s = stack();
        UdpSocket sock = s.bindUdp(null, 7);
        UdpDatagram d = new UdpDatagram(40000, 7, ByteBuffer.allocate(size));
        ByteBuffer udp = ByteBuffer.allocate(d.length());
        d.emit(udp, PEER_IP, OUR_IP);
        ByteBuffer frame = frame(Ipv4Packet.PROTO_UDP, udp.flip());
        long packets = 0;
        long start = System.nanoTime();
        long now = 0;
        while (System.nanoTime() - start < budget) {
            for (int i = 0; i < BATCH; i++) {
                s.receive("bench0", frame.duplicate());
            }
            s.poll(now++);
            while (sock.receive() != null) {
                packets++;
            }
        }
        return packets * 1e9 / (System.nanoTime() - start);
    }

    private static double txRound(int size, long budget) {
        Stack s = stack();
        UdpSocket sock = s.bindUdp(null, 40000);
        byte[] payload = new byte[size];
        long[] packets = {0};
        long start = System.nanoTime();
        long now = 0;
        while (System.nanoTime() - start < budget) {
            for (int i = 0; i < BATCH; i++) {
                sock.send(PEER_IP, 7, payload);
            }
            s.poll(now++);
            s.drainOutgoing((i, f) -> packets[0]++);
        }
        return packets[0] * 1e9 / (System.nanoTime() - start);
    }

    private static double echoRound(int size, long budget) {
        Stack s = stack();
        IcmpMessage.Echo e = new IcmpMessage.Echo(true, 1, 1, ByteBuffer.allocate(size));
        ByteBuffer icmp = ByteBuffer.allocate(IcmpMessage.length(e));
        IcmpMessage.emit(e, icmp);
        ByteBuffer frame = frame(Ipv4Packet.PROTO_ICMP, icmp.flip());
        long[] packets = {0};
        long start = System.nanoTime();
        long now = 0;
        while (System.nanoTime() - start < budget) {
            for (int i = 0; i < BATCH; i++) {
                s.receive("bench0", frame.duplicate());
            }
            s.poll(now++);
            s.drainOutgoing((i, f) -> packets[0]++);
        }
        return packets[0] * 1e9 / (System.nanoTime() - start);
    }
}
