package io.motenet.ip.internal.sim;

import io.motenet.ip.internal.iface.InterfaceAddress;
import io.motenet.ip.internal.socket.tcp.TcpConfig;
import io.motenet.ip.internal.socket.tcp.TcpConnection;
import io.motenet.ip.internal.socket.tcp.TcpListener;
import io.motenet.ip.internal.socket.tcp.TcpState;
import io.motenet.ip.internal.wire.EthernetFrame;
import io.motenet.ip.internal.wire.Ipv4Address;
import io.motenet.ip.internal.wire.Ipv4Packet;
import io.motenet.ip.internal.wire.TcpOptions;
import io.motenet.ip.internal.wire.TcpSegment;
import io.motenet.link.MacAddress;
import io.motenet.link.NetworkDevice;
import io.motenet.link.internal.fault.FaultPlan;
import io.motenet.link.internal.fault.FaultInjectingDevice;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/** Two hosts a (10.1.0.2) and b (10.1.0.3) with sniffers, for TCP behaviour tests. */
final class TcpPair {
    static final Ipv4Address A = Ipv4Address.parse("10.1.0.2");
    static final Ipv4Address B = Ipv4Address.parse("10.1.0.3");
    final Sim sim;
    final SimHost a;
    final SimHost b;
    final Sniffer sa;
    final Sniffer sb;

    TcpPair(long seed) {
        this(seed, FaultPlan.NONE);
    }

    /** {@code faults} sit under a's sniffer (what a sees is what crossed the faults). */
    TcpPair(long seed, FaultPlan faults) {
        sim = new Sim(seed);
        a = new SimHost("a", sim.clock, seed * 31 + 1, "eth0");
        b = new SimHost("b", sim.clock, seed * 31 + 2, "eth0");
        NetworkDevice da = sim.port("a");
        if (faults != FaultPlan.NONE) {
            da = new FaultInjectingDevice(da, faults, faults, seed * 17 + 1, sim.clock);
        }
        sa = new Sniffer(da, sim.clock);
        sb = new Sniffer(sim.port("b"), sim.clock);
        a.plug(sa);
        b.plug(sb);
        a.stack.configureStatic("eth0", InterfaceAddress.parse("10.1.0.2/24"), null);
        b.stack.configureStatic("eth0", InterfaceAddress.parse("10.1.0.3/24"), null);
    }

    double seconds() {
        return sim.now() / 1e9;
    }

    void run(double seconds) {
        sim.run(seconds);
    }

    /** Runs in 1 ms steps until the condition holds or the time is up; returns the condition. */
    boolean runUntil(BooleanSupplier done, double maxSeconds) {
        long end = sim.now() + (long) (maxSeconds * Sim.SECOND);
        while (!done.getAsBoolean() && sim.now() < end) {
            sim.run(0.001);
        }
        return done.getAsBoolean();
    }

    /** A connection from a to b:port, accepted on b: {client, server}. */
    TcpConnection[] connect(int port, TcpConfig clientConfig, TcpConfig serverConfig) {
        TcpListener l = b.stack.tcp().listen(null, port, 4, serverConfig);
        TcpConnection c = a.stack.tcp().connect(null, 0, B, port, clientConfig, 0, sim.now());
        a.kick();
        TcpConnection[] s = new TcpConnection[1];
        runUntil(() -> (s[0] = s[0] != null ? s[0] : l.accept()) != null && c.state() == TcpState.ESTABLISHED, 5);
        if (s[0] == null || c.state() != TcpState.ESTABLISHED) {
            throw new AssertionError("no connection: client " + c.state() + " server " + s[0]);
        }
        return new TcpConnection[] {c, s[0]};
    }

    static void write(TcpConnection c, String s) {
        ByteBuffer b = ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
        if (c.write(b) != b.limit()) {
            throw new AssertionError("send buffer full");
        }
    }

    static String read(TcpConnection c) {
        ByteBuffer b = ByteBuffer.allocate(1 << 20);
        c.read(b);
        return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
    }

    /** Delivers a crafted segment to {@code to} as if {@code from} sent it. */
    void inject(SimHost to, SimHost from, Ipv4Address src, Ipv4Address dst, TcpSegment seg) {
        to.receive(frame(from.iface().mac(), to.iface().mac(), src, dst, seg));
    }

    static ByteBuffer frame(MacAddress srcMac, MacAddress dstMac, Ipv4Address src, Ipv4Address dst, TcpSegment seg) {
        ByteBuffer f = ByteBuffer.allocate(Math.max(60, 14 + 20 + seg.length()));
        EthernetFrame.emitHeader(f, dstMac, srcMac, EthernetFrame.ETHERTYPE_IPV4);
        Ipv4Packet.emitHeader(f, 0, 1, true, false, 0, 64, Ipv4Packet.PROTO_TCP, src, dst, seg.length());
        seg.emit(f, src, dst);
        return f.position(0).limit(f.capacity());
    }

    static TcpSegment segment(int sport, int dport, int seq, int ack, int flags, TcpOptions o, String data) {
        return new TcpSegment(sport, dport, seq, ack, flags, 1000, 0, o,
                ByteBuffer.wrap(data.getBytes(StandardCharsets.UTF_8)));
    }
}
