package io.motenet.bench;

import io.motenet.ip.internal.stack.StackService;
import io.motenet.ip.internal.wire.Ipv4Address;
import io.motenet.link.NetworkDevice;
import io.motenet.net.ConnectionException;
import io.motenet.net.InterfaceConfig;
import io.motenet.net.TcpConnection;
import io.motenet.testing.lab.Lab;
import io.motenet.testing.lab.LabOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One TCP stream between our stack and the Linux kernel through a TAP device in a lab namespace
 * (root), smoltcp's method ({@link BulkStream}): "reader" — we send, the kernel's socat reads and
 * discards; "writer" — the kernel's socat writes zeros, we receive. Two kinds of ceiling measured
 * in the same run: the raw TAP pump of {@code ./motenet bench tap} (no TCP at all), and the
 * kernel's own TCP over the same stream through two TAP devices bridged in this JVM
 * ({@link ForwarderCeiling}), which is the like-for-like one.
 */
final class TcpTapBenchmark implements Benchmark {
    static final String OUR_IP = "10.79.0.2";
    static final String KERNEL_IP = "10.79.0.1";
    static final String FORWARDER_PATH = "kernel ⇄ TAP ⇄ forwarder ⇄ TAP ⇄ kernel";

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
        return "--mib M per direction (default 1024)  --seconds S per TAP ceiling measurement (default 3)"
                + "  --offload on|off|both (TCP segmentation offload on the TAP devices, ours and the forwarder's alike; default both)"
                + "  --runs N (after a warm-up round, forwarder and ours in turn N times per mode, medians reported; default 3)"
                + "  --spin-micros U (our stack's loop.spin.micros, default 20)";
    }

    @Override
    public BenchReport run(BenchOptions options) throws Exception {
        long bytes = (long) options.integer("mib", 1024) << 20;
        int seconds = options.integer("seconds", 3);
        // The raw TAP ceiling in the same run (the tap benchmark's method, 1514-octet frames): frames
        // written as fast as one thread can (what "reader", where we send, is held to) and UDP
        // from the kernel side read by our reader thread in batches (what "writer" is held to).
        double txCeiling;
        try (Lab lab = Lab.start(LabOptions.defaults())) {
            TapBenchmark.tx(lab.device(), lab, 1514, 32, 1); // warm-up
            txCeiling = TapBenchmark.tx(lab.device(), lab, 1514, 32, seconds).gbitPerSecond();
        }
        double rxCeiling = TapBenchmark.rx(1514, 64, seconds).rate().gbitPerSecond();
        String offloadOption = options.string("offload", "both");
        List<Boolean> modes = switch (offloadOption) {
            case "on" -> List.of(true);
            case "off" -> List.of(false);
            case "both" -> List.of(false, true);
            default -> throw new IllegalArgumentException("--offload takes on, off or both, not " + offloadOption);
        };
        BenchReport report = new BenchReport(name(), List.of("mode", "bytes", "seconds", "Gbit/s", "retransmits", "kernel drops", "ratio"))
                .condition("kernel side", "socat in the lab namespace, 128 KiB blocks (OPEN:/dev/null, or OPEN:/dev/zero,readbytes=M)")
                .condition("our side", "StackService, blocking streams on the bench's (platform) thread, 64 KiB writes/reads")
                .condition("mtu", 1500)
                .condition("offload", "TCP segmentation offload and receive coalescing on the TAP devices (virtio-net "
                        + "header): 'offload' rows have it on our device and on both of the forwarder's, 'plain' rows on none")
                .condition("forwarder ceiling", FORWARDER_PATH + ": the same streams with the kernel's TCP as our side "
                        + "(a blocking java.net.Socket, 64 KiB writes/reads, on a thread inside namespace A) and socat in B; "
                        + "A and B bridged in this JVM by a forwarder (each TAP device's reader thread writes what it reads "
                        + "into the other device, reads x64; with offload, coalesced frames go on whole through "
                        + "transmitSegmented); this path crosses TAP twice, ours once")
                .condition("raw TAP ceilings", "tx: 1514-octet frames of an unknown EtherType the kernel drops (x32); "
                        + "rx: UDP from the kernel read in batches (x64); no TCP on either")
                .condition("kernel drops", "frames the kernel side of the TAP interface(s) on the path dropped during the "
                        + "stream (ip -s link, rx + tx: a full queue towards our reader, a full backlog behind our writes)")
                .condition("retransmits", "ours: our connection's count; forwarder: RetransSegs of both namespaces");
        int runs = options.integer("runs", 3);
        int spin = options.integer("spin-micros", 20);
        report.condition("loop spin", spin + " µs (our stack's loop.spin.micros)");
        report.condition("runs", runs + " per mode after one warm-up round of each (not counted, as in tcp-loopback: the "
                + "JIT compiles our receive path during the first writer stream), the forwarder and ours in turn; rows "
                + "show the median run, ratios the median of the runs' ratios (range in brackets); the forwarder's oversize "
                + "and device-drop counts are summed over the runs");
        for (boolean offload : modes) {
            String tag = offload ? "offload" : "plain";
            long warmUp = Math.min(bytes, 1L << 30);
            ForwarderCeiling.measure(warmUp, offload);
            measureOurs(warmUp, offload, spin);
            List<ForwarderCeiling.Result> forwarders = new java.util.ArrayList<>();
            List<BulkStream.Result[]> ours = new java.util.ArrayList<>();
            for (int r = 0; r < runs; r++) {
                // The like-for-like ceiling: the same streams, kernel TCP on both ends, through TAP twice.
                forwarders.add(ForwarderCeiling.measure(bytes, offload));
                ours.add(measureOurs(bytes, offload, spin));
            }
            List<BulkStream.Result> readers = ours.stream().map(o -> o[0]).toList();
            List<BulkStream.Result> writers = ours.stream().map(o -> o[1]).toList();
            List<BulkStream.Result> fReaders = forwarders.stream().map(ForwarderCeiling.Result::reader).toList();
            List<BulkStream.Result> fWriters = forwarders.stream().map(ForwarderCeiling.Result::writer).toList();
            Stats readerRatios = ratios(readers, fReaders);
            Stats writerRatios = ratios(writers, fWriters);
            BulkStream.Result reader = median(readers);
            BulkStream.Result writer = median(writers);
            double readerToTx = reader.gbitPerSecond() / txCeiling;
            double writerToRx = writer.gbitPerSecond() / rxCeiling;
            row(report, "reader (we send), " + tag, reader,
                    String.format("%s × forwarder, %.2f × raw tx", ratioText(readerRatios), readerToTx));
            row(report, "writer (we receive), " + tag, writer,
                    String.format("%s × forwarder, %.2f × raw rx", ratioText(writerRatios), writerToRx));
            row(report, FORWARDER_PATH + ", A sends (as reader), " + tag, median(fReaders), "");
            row(report, FORWARDER_PATH + ", A receives (as writer), " + tag, median(fWriters), "");
            report.figure(tag + "_reader_gbps", round3(reader.gbitPerSecond()));
            report.figure(tag + "_writer_gbps", round3(writer.gbitPerSecond()));
            report.figure(tag + "_forwarder_reader_gbps", round3(median(fReaders).gbitPerSecond()));
            report.figure(tag + "_forwarder_writer_gbps", round3(median(fWriters).gbitPerSecond()));
            report.figure(tag + "_reader_kernel_drops", reader.kernelDrops());
            report.figure(tag + "_writer_kernel_drops", writer.kernelDrops());
            report.figure(tag + "_forwarder_reader_kernel_drops", median(fReaders).kernelDrops());
            report.figure(tag + "_forwarder_writer_kernel_drops", median(fWriters).kernelDrops());
            report.figure(tag + "_forwarder_oversize_frames", forwarders.stream().mapToLong(ForwarderCeiling.Result::oversize).sum());
            report.figure(tag + "_forwarder_device_drops", forwarders.stream().mapToLong(ForwarderCeiling.Result::deviceDrops).sum());
            report.figure(tag + "_ratio_reader_to_forwarder", round3(readerRatios.median()));
            report.figure(tag + "_ratio_writer_to_forwarder", round3(writerRatios.median()));
            report.figure(tag + "_ratio_writer_to_forwarder_min", round3(writerRatios.min()));
            report.figure(tag + "_ratio_writer_to_forwarder_max", round3(writerRatios.max()));
            report.figure(tag + "_ratio_reader_to_tx_ceiling", round3(readerToTx));
            report.figure(tag + "_ratio_writer_to_rx_ceiling", round3(writerToRx));
        }
        report.row("TAP ceiling, tx (1514-octet frames, x32)", "", "", String.format("%.3f", txCeiling), "", "", "");
        report.row("TAP ceiling, rx (1514-octet frames, reads x64)", "", "", String.format("%.3f", rxCeiling), "", "", "");
        report.figure("tap_tx_ceiling_gbps", round3(txCeiling));
        report.figure("tap_rx_ceiling_gbps", round3(rxCeiling));
        return report;
    }

    /** Our stack's reader and writer streams, on a fresh lab and stack. */
    private static BulkStream.Result[] measureOurs(long bytes, boolean offload, int spinMicros) throws Exception {
        try (Lab lab = Lab.start(LabOptions.defaults().withKernelAddress(KERNEL_IP + "/24").withOffload(offload))) {
            StackService stack = new StackService(8192, 5, spinMicros);
            try {
                NetworkDevice d = lab.device();
                stack.bindDevice(d, Map.of(NetworkDevice.NAME, d.name(), "service.id", 1L));
                stack.configure(InterfaceConfig.staticAddress(lab.interfaceName(), ip(OUR_IP), 24, null, List.of()));
                BulkStream stream = new BulkStream(lab, port -> ourConnection(stack, port), List.of(lab));
                return new BulkStream.Result[] {stream.reader(bytes), stream.writer(bytes)};
            } finally {
                stack.deactivate();
            }
        }
    }

    /** Per run, ours over the forwarder's. */
    private static Stats ratios(List<BulkStream.Result> ours, List<BulkStream.Result> forwarder) {
        double[] r = new double[ours.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = ours.get(i).bitsPerSecond() / forwarder.get(i).bitsPerSecond();
        }
        return Stats.of(r);
    }

    /** The run with the median throughput (the upper middle one of an even count). */
    private static BulkStream.Result median(List<BulkStream.Result> results) {
        List<BulkStream.Result> sorted = results.stream()
                .sorted(java.util.Comparator.comparingDouble(BulkStream.Result::bitsPerSecond)).toList();
        return sorted.get(sorted.size() / 2);
    }

    private static String ratioText(Stats ratios) {
        return ratios.n() == 1 ? String.format("%.2f", ratios.median())
                : String.format("%.2f (%.2f–%.2f)", ratios.median(), ratios.min(), ratios.max());
    }

    private static void row(BenchReport report, String mode, BulkStream.Result r, String ratio) {
        report.row(mode, r.bytes(), String.format("%.2f", r.seconds()), String.format("%.3f", r.gbitPerSecond()),
                r.retransmits(), r.kernelDrops(), ratio);
    }

    private static double round3(double v) {
        return Math.round(v * 1e3) / 1e3;
    }

    /** Our stack as the side under test; null while socat is not listening yet. */
    private static BulkStream.Connection ourConnection(StackService stack, int port) {
        TcpConnection c;
        try {
            c = stack.connect(new InetSocketAddress(ip(KERNEL_IP), port), Duration.ofSeconds(5));
        } catch (ConnectionException e) {
            return null;
        }
        return new BulkStream.Connection() {
            @Override
            public InputStream input() {
                return c.inputStream();
            }

            @Override
            public OutputStream output() {
                return c.outputStream();
            }

            @Override
            public void finishSending() throws IOException {
                c.outputStream().close(); // our FIN
            }

            @Override
            public long retransmits() {
                return c.info().retransmits();
            }

            @Override
            public void close() {
                c.close();
            }
        };
    }

    private static java.net.Inet4Address ip(String s) {
        return Ipv4Address.parse(s).toInetAddress();
    }
}
