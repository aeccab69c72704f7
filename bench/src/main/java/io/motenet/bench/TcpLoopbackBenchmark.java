package io.motenet.bench;

import io.motenet.driver.vswitch.internal.SwitchPort;
import io.motenet.driver.vswitch.internal.VirtualSwitch;
import io.motenet.ip.internal.stack.StackService;
import io.motenet.ip.internal.wire.Ipv4Address;
import io.motenet.link.MacAddress;
import io.motenet.link.NetworkDevice;
import io.motenet.net.InterfaceConfig;
import io.motenet.net.TcpConnection;
import io.motenet.net.TcpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * One bulk TCP stream between two motenet stacks on the in-JVM switch (each stack with its loop
 * thread, the application on virtual threads through the blocking streams), at MTU 65535 and
 * 1500, beside the kernel's loopback TCP through {@code java.net.Socket} in the same run.
 */
final class TcpLoopbackBenchmark implements Benchmark {
    static final int CHUNK = 64 * 1024;

    @Override
    public String name() {
        return "tcp-loopback";
    }

    @Override
    public String description() {
        return "bulk TCP between two motenet stacks on the vswitch (MTU 65535, 1500) vs kernel loopback";
    }

    @Override
    public String usage() {
        return "--mib M per round (default 256)  --rounds R (default 3; one extra warm-up round)"
                + "  --spin-micros U (the stacks' loop.spin.micros, default 20)"
                + "  --idle N (N established, idle connections between the two stacks during the stream; default 0)";
    }

    @Override
    public BenchReport run(BenchOptions options) throws Exception {
        int mib = options.integer("mib", 256);
        int rounds = options.integer("rounds", 3);
        int spin = options.integer("spin-micros", 20);
        int idle = options.integer("idle", 0);
        long bytes = (long) mib << 20;
        double[] big = new double[rounds];
        double[] small = new double[rounds];
        double[] kernel = new double[rounds];
        for (int r = -1; r < rounds; r++) {
            double b = motenet(65535, bytes, spin, idle);
            double s = motenet(1500, bytes, spin, idle);
            double k = kernelLoopback(bytes);
            if (r >= 0) {
                big[r] = b;
                small[r] = s;
                kernel[r] = k;
            }
        }
        Stats sb = Stats.of(big);
        Stats ss = Stats.of(small);
        Stats sk = Stats.of(kernel);
        BenchReport report = new BenchReport(name(), List.of("path", "min Gbit/s", "median Gbit/s", "max Gbit/s"))
                .condition("bytes per round", bytes).condition("rounds", rounds).condition("write size", CHUNK)
                .condition("motenet buffers", "defaults: receive auto-tuned 64 KiB to 4 MiB, send up to 1 MiB")
                .condition("loop spin", spin + " µs")
                .condition("idle connections", idle + " established between the two stacks while the stream runs"
                        + " (what idle connections cost a busy one: docs/tcp.md)");
        report.row("motenet, MTU 65535", g(sb.min()), g(sb.median()), g(sb.max()));
        report.row("motenet, MTU 1500", g(ss.min()), g(ss.median()), g(ss.max()));
        report.row("kernel loopback (java.net.Socket)", g(sk.min()), g(sk.median()), g(sk.max()));
        report.figure("motenet_mtu65535_gbps_median", round(sb.median()));
        report.figure("motenet_mtu1500_gbps_median", round(ss.median()));
        report.figure("kernel_loopback_gbps_median", round(sk.median()));
        report.figure("ratio_mtu65535_to_kernel", Math.round(sb.median() / sk.median() * 1000) / 1000.0);
        report.figure("ratio_mtu1500_to_kernel", Math.round(ss.median() / sk.median() * 1000) / 1000.0);
        return report;
    }

    private static String g(double bitsPerSecond) {
        return String.format("%.3f", bitsPerSecond / 1e9);
    }

    private static double round(double v) {
        return Math.round(v / 1e6) / 1e3;
    }

    /** Bits per second of one stream of {@code bytes} from a to b, with {@code idle} other connections open. */
    static double motenet(int mtu, long bytes, int spinMicros, int idle) throws Exception {
        VirtualSwitch lan = VirtualSwitch.direct("bench");
        StackService a = new StackService(8192, 1, spinMicros);
        StackService b = new StackService(8192, 2, spinMicros);
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        try {
            SwitchPort pa = lan.addPort("bench-a", MacAddress.parse("02:00:00:00:00:0a"), mtu);
            SwitchPort pb = lan.addPort("bench-b", MacAddress.parse("02:00:00:00:00:0b"), mtu);
            a.bindDevice(pa, Map.of(NetworkDevice.NAME, "bench-a", "service.id", 1L));
            b.bindDevice(pb, Map.of(NetworkDevice.NAME, "bench-b", "service.id", 2L));
            a.configure(InterfaceConfig.staticAddress("bench-a", ip("10.9.0.2"), 24, null, List.of()));
            b.configure(InterfaceConfig.staticAddress("bench-b", ip("10.9.0.3"), 24, null, List.of()));
            List<TcpConnection> held = idleConnections(a, b, idle, threads);
            try (TcpServer server = b.listen(new InetSocketAddress(ip("0.0.0.0"), 5001), 4)) {
                Future<TcpConnection> accepted = threads.submit(() -> server.accept(Duration.ofSeconds(10)).orElseThrow());
                TcpConnection c = a.connect(new InetSocketAddress(ip("10.9.0.3"), 5001), Duration.ofSeconds(10));
                TcpConnection s = accepted.get(10, TimeUnit.SECONDS);
                double bps = stream(threads, c.outputStream(), s.inputStream(), bytes);
                if (held.size() != 2 * idle) {
                    throw new IllegalStateException(held.size() / 2 + " of " + idle + " idle connections");
                }
                return bps;
            }
        } finally {
            threads.shutdownNow();
            a.deactivate();
            b.deactivate();
        }
    }

    /** {@code n} connections from a to b's port 5002, both ends held open and idle; connected 128 at a time. */
    private static List<TcpConnection> idleConnections(StackService a, StackService b, int n, ExecutorService threads)
            throws Exception {
        List<TcpConnection> held = new java.util.ArrayList<>();
        if (n == 0) {
            return held;
        }
        TcpServer server = b.listen(new InetSocketAddress(ip("0.0.0.0"), 5002), n); // the whole burst may wait to be accepted
        Future<List<TcpConnection>> accepted = threads.submit(() -> {
            List<TcpConnection> l = new java.util.ArrayList<>();
            while (l.size() < n) {
                int got = l.size();
                l.add(server.accept(Duration.ofSeconds(30)).orElseThrow(() -> new IllegalStateException(
                        "only " + got + " of " + n + " idle connections were accepted within 30 s")));
            }
            return l;
        });
        for (int i = 0; i < n; i += 128) {
            List<java.util.concurrent.CompletableFuture<TcpConnection>> batch = new java.util.ArrayList<>();
            for (int j = i; j < Math.min(n, i + 128); j++) {
                batch.add(a.connectAsync(new InetSocketAddress(ip("10.9.0.3"), 5002), Duration.ofSeconds(30)));
            }
            for (java.util.concurrent.CompletableFuture<TcpConnection> f : batch) {
                held.add(f.get(60, TimeUnit.SECONDS));
            }
        }
        held.addAll(accepted.get(60, TimeUnit.SECONDS));
        return held;
    }

    static double kernelLoopback(long bytes) throws Exception {
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        try (ServerSocket server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            Future<Socket> accepted = threads.submit(server::accept);
            try (Socket c = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                    Socket s = accepted.get(10, TimeUnit.SECONDS)) {
                return stream(threads, c.getOutputStream(), s.getInputStream(), bytes);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** The writer on a virtual thread, the reader here; bits per second from first write to last byte read. */
    private static double stream(ExecutorService threads, OutputStream out, InputStream in, long bytes)
            throws Exception {
        byte[] chunk = new byte[CHUNK];
        long start = System.nanoTime();
        Future<?> writer = threads.submit(() -> {
            for (long sent = 0; sent < bytes; sent += CHUNK) {
                out.write(chunk, 0, (int) Math.min(CHUNK, bytes - sent));
            }
            return null;
        });
        byte[] buf = new byte[CHUNK];
        long got = 0;
        while (got < bytes) {
            int n = in.read(buf);
            if (n < 0) {
                throw new IllegalStateException("stream ended after " + got + " of " + bytes + " bytes");
            }
            got += n;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        writer.get(10, TimeUnit.SECONDS);
        return bytes * 8 / seconds;
    }

    private static java.net.Inet4Address ip(String s) {
        return Ipv4Address.parse(s).toInetAddress();
    }
}
