package io.motenet.bench;

import io.motenet.ip.internal.iface.InterfaceAddress;
import io.motenet.ip.internal.iface.Stack;
import io.motenet.ip.internal.socket.tcp.TcpConnection;
import io.motenet.ip.internal.socket.tcp.TcpListener;
import io.motenet.ip.internal.socket.tcp.TcpState;
import io.motenet.ip.internal.wire.Ipv4Address;
import io.motenet.link.MacAddress;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Heap per idle established TCP connection: two sans-I/O stacks joined by handing frames across
 * (no device, no threads, a fake clock), N connections opened between them, then the heap used
 * after a full GC compared with before. Twice: connections that never carried data (their
 * buffers are allocated lazily, so none), and connections that exchanged one request and reply
 * (their rings stay allocated until closed).
 */
final class TcpConnsBenchmark implements Benchmark {
    static final Ipv4Address A = Ipv4Address.parse("10.8.0.2");
    static final Ipv4Address B = Ipv4Address.parse("10.8.0.3");

    @Override
    public String name() {
        return "tcp-conns";
    }

    @Override
    public String description() {
        return "heap per idle established TCP connection (each end counted), without and after data";
    }

    @Override
    public String usage() {
        return "--connections N (default 2000)";
    }

    @Override
    public BenchReport run(BenchOptions options) {
        int n = options.integer("connections", 2000);
        measure(200, false); // warm-up: classes loaded, code compiled
        double idle = measure(n, false);
        double used = measure(n, true);
        BenchReport report = new BenchReport(name(), List.of("connections", "heap per connection end"))
                .condition("connections", n).condition("buffers", "256 KiB send + 256 KiB receive, allocated on first use")
                .condition("heap", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax() / (1 << 20) + " MiB max");
        report.row("established, never carried data", String.format("%,.0f bytes", idle));
        report.row("established, after one request and reply", String.format("%,.0f bytes", used));
        report.figure("bytes_per_idle_connection", Math.round(idle));
        report.figure("bytes_per_connection_after_data", Math.round(used));
        return report;
    }

    /** Heap bytes per connection end for {@code n} connections. */
    static double measure(int n, boolean exchange) {
        Stack a = stack(A, "02:00:00:00:08:02");
        Stack b = stack(B, "02:00:00:00:08:03");
        long[] now = {0};
        TcpListener l = b.tcp().listen(null, 80, n, null);
        b.tcp().setLimits(new io.motenet.ip.internal.socket.tcp.TcpLayer.Limits(n, 1 << 20, 1L << 40, 1000));
        a.tcp().setLimits(new io.motenet.ip.internal.socket.tcp.TcpLayer.Limits(n, 1 << 20, 1L << 40, 1000));
        // resolve ARP both ways first: SYNs waiting for ARP beyond its queue would be dropped
        io.motenet.ip.internal.socket.UdpSocket ua = a.bindUdp(null, 9);
        io.motenet.ip.internal.socket.UdpSocket ub = b.bindUdp(null, 9);
        ua.send(B, 9, new byte[1]);
        pump(a, b, now);
        ub.send(A, 9, new byte[1]);
        pump(a, b, now);
        long before = heap();
        List<TcpConnection> clients = new ArrayList<>();
        List<TcpConnection> servers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            clients.add(a.tcp().connect(null, 0, B, 80, null, 0, now[0]));
            if (i % 64 == 63) {
                pump(a, b, now);
            }
        }
        pump(a, b, now);
        for (TcpConnection c; (c = l.accept()) != null; ) {
            servers.add(c);
        }
        if (exchange) {
            for (TcpConnection c : clients) {
                c.write(ByteBuffer.wrap(new byte[100]));
            }
            pump(a, b, now);
            ByteBuffer buf = ByteBuffer.allocate(1000);
            for (TcpConnection s : servers) {
                s.read(buf.clear());
                s.write(ByteBuffer.wrap(new byte[100]));
            }
            pump(a, b, now);
            for (TcpConnection c : clients) {
                c.read(buf.clear());
            }
            pump(a, b, now);
        }
        long established = clients.stream().filter(c -> c.state() == TcpState.ESTABLISHED).count();
        if (established != n || servers.size() != n) {
            throw new IllegalStateException("only " + established + " of " + n + " connections established");
        }
        long after = heap();
        double per = (after - before) / (2.0 * n);
        if (clients.size() + servers.size() == 0) {
            throw new IllegalStateException(); // keeps the lists reachable until here
        }
        return per;
    }

    private static Stack stack(Ipv4Address ip, String mac) {
        Stack s = new Stack(Stack.Limits.defaults(), new SplittableRandom(ip.bits()));
        s.addInterface("eth0", MacAddress.parse(mac), 1500);
        s.configureStatic("eth0", new InterfaceAddress(ip, 24), null);
        s.setLink("eth0", true, null, 0, 0);
        return s;
    }

    /** Hands frames across until both stacks are quiet; 1 ms of fake time per round. */
    private static void pump(Stack a, Stack b, long[] now) {
        for (int round = 0; round < 10_000; round++) {
            now[0] += 1_000_000;
            a.poll(now[0]);
            b.poll(now[0]);
            int[] moved = {0};
            a.drainOutgoing((i, f) -> {
                b.receive("eth0", f);
                moved[0]++;
            });
            b.drainOutgoing((i, f) -> {
                a.receive("eth0", f);
                moved[0]++;
            });
            if (moved[0] == 0 && !a.hasPendingSends() && !b.hasPendingSends()) {
                return;
            }
        }
    }

    private static long heap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
