package io.motenet.bench;

import io.motenet.ip.internal.stack.StackService;
import io.motenet.ip.internal.wire.Ipv4Address;
import io.motenet.link.NetworkDevice;
import io.motenet.net.ConnectionException;
import io.motenet.net.InterfaceConfig;
import io.motenet.net.TcpConnection;
import io.motenet.net.TcpInfo;
import io.motenet.testing.lab.Lab;
import io.motenet.testing.lab.LabOptions;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One TCP stream between our stack and the Linux kernel through a TAP device in a lab namespace
 * (root), smoltcp's method: "reader" — we send, the kernel's socat reads and discards;
 * "writer" — the kernel's socat writes zeros, we receive. The clock runs from connect to the
 * end of the stream (our FIN acknowledged and the kernel's FIN received, or EOF). Compare with
 * the raw TAP figures of {@code ./motenet bench tap} on the same machine.
 */
final class TcpTapBenchmark implements Benchmark {
    static final String OUR_IP = "10.79.0.2";
    static final String KERNEL_IP = "10.79.0.1";

    @Override
    public String name() {
        return "tcp-tap";
    }

    @Override
    public String description() {
        return "TCP through a TAP device against the Linux kernel (root): reader = we send, writer = we receive";
    }

    @Override
    public String usage() {
        return "--mib M per direction (default 1024)";
    }

    @Override
    public BenchReport run(BenchOptions options) throws Exception {
        long bytes = (long) options.integer("mib", 1024) << 20;
        BenchReport report = new BenchReport(name(), List.of("mode", "bytes", "seconds", "Gbit/s", "retransmits"))
                .condition("kernel side", "socat in the lab namespace (OPEN:/dev/null, or zeros from head -c)")
                .condition("our side", "StackService, blocking streams on a virtual thread, 64 KiB writes/reads")
                .condition("mtu", 1500);
        try (Lab lab = Lab.start(LabOptions.defaults().withKernelAddress(KERNEL_IP + "/24"))) {
            StackService stack = new StackService(8192, 5);
            try {
                NetworkDevice d = lab.device();
                stack.bindDevice(d, Map.of(NetworkDevice.NAME, d.name(), "service.id", 1L));
                stack.configure(InterfaceConfig.staticAddress(lab.interfaceName(), ip(OUR_IP), 24, null, List.of()));
                double[] reader = reader(lab, stack, bytes);
                double[] writer = writer(lab, stack, bytes);
                report.row("reader (we send)", bytes, String.format("%.2f", reader[0]), String.format("%.3f", reader[1] / 1e9),
                        (long) reader[2]);
                report.row("writer (we receive)", bytes, String.format("%.2f", writer[0]), String.format("%.3f", writer[1] / 1e9),
                        (long) writer[2]);
                report.figure("reader_gbps", Math.round(reader[1] / 1e6) / 1e3);
                report.figure("writer_gbps", Math.round(writer[1] / 1e6) / 1e3);
            } finally {
                stack.deactivate();
            }
        }
        return report;
    }

    private static double[] reader(Lab lab, StackService stack, long bytes) throws Exception {
        Process sink = lab.spawn("socat", "-u", "TCP4-LISTEN:9000,reuseaddr", "OPEN:/dev/null");
        try {
            TcpConnection c = connect(stack, 9000);
            long start = System.nanoTime();
            byte[] chunk = new byte[65536];
            OutputStream out = c.outputStream();
            for (long sent = 0; sent < bytes; sent += chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, bytes - sent));
            }
            out.close(); // FIN; socat exits on EOF and its FIN ends our stream
            InputStream in = c.inputStream();
            while (in.read(chunk) >= 0) {
                // nothing comes but the end of the stream
            }
            double s = (System.nanoTime() - start) / 1e9;
            TcpInfo info = c.info();
            c.close();
            return new double[] {s, bytes * 8 / s, info.retransmits()};
        } finally {
            sink.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static double[] writer(Lab lab, StackService stack, long bytes) throws Exception {
        Process source = lab.spawn("sh", "-c", "head -c " + bytes + " /dev/zero | socat -u - TCP4-LISTEN:9001,reuseaddr");
        try {
            TcpConnection c = connect(stack, 9001);
            long start = System.nanoTime();
            byte[] buf = new byte[65536];
            long got = 0;
            InputStream in = c.inputStream();
            for (int n; (n = in.read(buf)) >= 0; ) {
                got += n;
            }
            double s = (System.nanoTime() - start) / 1e9;
            if (got != bytes) {
                throw new IllegalStateException("received " + got + " of " + bytes + " bytes");
            }
            TcpInfo info = c.info();
            c.close();
            return new double[] {s, bytes * 8 / s, info.retransmits()};
        } finally {
            source.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static TcpConnection connect(StackService stack, int port) throws InterruptedException {
        for (int attempt = 0; attempt < 100; attempt++) {
            try {
                return stack.connect(new InetSocketAddress(ip(KERNEL_IP), port), Duration.ofSeconds(5));
            } catch (ConnectionException e) {
                Thread.sleep(50); // socat is still starting
            }
        }
        throw new IllegalStateException("the kernel's socat never listened on " + port);
    }

    private static java.net.Inet4Address ip(String s) {
        return Ipv4Address.parse(s).toInetAddress();
    }
}
