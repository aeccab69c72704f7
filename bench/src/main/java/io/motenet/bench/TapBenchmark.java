package io.motenet.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.motenet.driver.tap.internal.TapDevice;
import io.motenet.link.FrameConsumer;
import io.motenet.link.LinkCounters;
import io.motenet.link.MacAddress;
import io.motenet.link.NetworkDevice;
import io.motenet.testing.lab.Lab;
import io.motenet.testing.lab.LabOptions;

/**
 * The raw pump through the kernel, in a lab namespace (needs root). Transmit: one thread writes
 * frames to the kernel's MAC with an EtherType no one handles, so the kernel builds an skb, runs
 * its receive path and drops it &mdash; the cost of our write path plus the kernel's intake.
 * Receive: a UDP sender inside the namespace (a second JVM, one thread) sends to our address;
 * our reader thread counts what arrives, with batched reads (up to 64 frames per wake-up) and
 * with one frame per wake-up.
 */
final class TapBenchmark implements Benchmark {

    static final String OUR_IP = "10.77.0.2";

    @Override
    public String name() {
        return "tap";
    }

    @Override
    public String description() {
        return "frames/s and Gbit/s through a Linux TAP device (root, own namespace), with and without batching";
    }

    @Override
    public String usage() {
        return "--seconds N (per measurement, default 3)  --batch N (default 32)";
    }

    @Override
    public BenchReport run(BenchOptions options) throws Exception {
        int seconds = options.integer("seconds", 3);
        int batch = options.integer("batch", 32);
        BenchReport report = new BenchReport(name(), List.of("direction", "frame octets", "batching", "frames/s", "Gbit/s", "note"))
                .condition("seconds per measurement", seconds)
                .condition("tx", "one thread writing frames the kernel drops after its receive path (unknown EtherType)")
                .condition("rx", "UDP from one JVM thread inside the namespace to our address, through the kernel's IP/UDP output");
        try (Lab lab = Lab.start(LabOptions.defaults())) {
            NetworkDevice tap = lab.device();
            for (int size : new int[] {60, 1514}) {
                for (int b : new int[] {1, batch}) {
                    tx(tap, lab, size, b, 1); // warm-up
                    long[] k0 = kernelRx(lab);
                    FrameRate r = tx(tap, lab, size, b, seconds);
                    long[] k1 = kernelRx(lab);
                    long taken = k1[0] - k0[0];
                    long dropped = k1[1] - k0[1];
                    report.row("tx", size, b == 1 ? "none" : "x" + b, r.fps(), r.gbps(),
                            String.format("kernel counted %.1f%% as received, %.1f%% dropped", 100.0 * taken / r.frames(), 100.0 * dropped / r.frames()));
                    String key = "tx_f" + size + (b == 1 ? "_single" : "_batch");
                    report.figure(key + "_fps", Math.round(r.framesPerSecond()));
                    report.figure(key + "_gbps", FrameRate.round(r.gbitPerSecond()));
                }
            }
        }
        for (int size : new int[] {60, 1514}) {
            for (int readBatch : new int[] {1, 64}) {
                Rx r = rx(size, readBatch, seconds);
                report.row("rx", size, readBatch == 1 ? "none" : "reads x" + readBatch, r.rate.fps(), r.rate.gbps(),
                        String.format("%.1f frames/wake-up; sender %,d/s", r.perBatch, Math.round(r.offeredPerSecond)));
                String key = "rx_f" + size + (readBatch == 1 ? "_single" : "_batch");
                report.figure(key + "_fps", Math.round(r.rate.framesPerSecond()));
                report.figure(key + "_gbps", FrameRate.round(r.rate.gbitPerSecond()));
            }
        }
        return report;
    }

    static FrameRate tx(NetworkDevice tap, Lab lab, int size, int batch, int seconds) {
        ByteBuffer[] frames = new ByteBuffer[batch];
        for (int i = 0; i < batch; i++) {
            ByteBuffer f = ByteBuffer.allocate(size);
            lab.kernelMac().write(f, 0);
            lab.options().ourMac().write(f, 6);
            f.putShort(12, (short) 0x88b5);
            frames[i] = f;
        }
        LinkCounters before = tap.counters();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long now;
        do {
            for (int i = 0; i < 256; i += batch) {
                if (batch == 1) {
                    tap.transmit(frames[0]);
                } else {
                    tap.transmit(frames, 0, batch);
                }
            }
            now = System.nanoTime();
        } while (now < end);
        LinkCounters after = tap.counters();
        return new FrameRate(after.txFrames() - before.txFrames(), after.txBytes() - before.txBytes(), now - start);
    }

    private static final java.util.regex.Pattern RX = java.util.regex.Pattern.compile(
            "\"rx\":\\{\"bytes\":\\d+,\"packets\":(\\d+),\"errors\":\\d+,\"dropped\":(\\d+)");

    /** The kernel side's receive counters (packets, dropped), from {@code ip -j -s link}. */
    static long[] kernelRx(Lab lab) {
        String json = lab.exec("ip", "-j", "-s", "link", "show", "dev", lab.interfaceName());
        java.util.regex.Matcher m = RX.matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no rx counters in " + json);
        }
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
    }

    private static final java.util.regex.Pattern DROPPED = java.util.regex.Pattern.compile("\"dropped\":(\\d+)");

    /** Frames the kernel side of the lab's TAP interface dropped so far, received and sent ({@code ip -j -s link}). */
    static long kernelDrops(Lab lab) {
        String json = lab.exec("ip", "-j", "-s", "link", "show", "dev", lab.interfaceName());
        java.util.regex.Matcher m = DROPPED.matcher(json);
        long sum = 0;
        int found = 0;
        while (m.find()) {
            sum += Long.parseLong(m.group(1));
            found++;
        }
        if (found != 2) {
            throw new IllegalStateException("no rx and tx drop counters in " + json);
        }
        return sum;
    }

    record Rx(FrameRate rate, double perBatch, double offeredPerSecond) {
    }

    /** A fresh lab per run, since the read batch is fixed when the device opens. */
    static Rx rx(int frameSize, int readBatch, int seconds) throws Exception {
        LabOptions options = LabOptions.defaults().withReadBatch(readBatch);
        try (Lab lab = Lab.start(options)) {
            NetworkDevice tap = lab.device();
            LongAdder batches = new LongAdder();
            tap.attach(new FrameConsumer() {
                @Override
                public void receive(ByteBuffer frame) {
                }

                @Override
                public void endOfBatch() {
                    batches.increment();
                }
            });
            // the bench needs no ARP exchange: the kernel is told our MAC (a benchmark, not the ARP test)
            lab.exec("ip", "neigh", "replace", OUR_IP, "lladdr", options.ourMac().toString(), "dev", lab.interfaceName(), "nud", "permanent");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), UdpBlast.class.getName(),
                    OUR_IP, "9", Integer.toString(frameSize - 42), Integer.toString(seconds + 2)));
            Process sender = lab.spawn(cmd.toArray(String[]::new));
            try {
                Thread.sleep(1500); // sender JVM starts and warms up
                LinkCounters c0 = tap.counters();
                long b0 = batches.sum();
                long t0 = System.nanoTime();
                Thread.sleep(seconds * 1000L);
                LinkCounters c1 = tap.counters();
                long b1 = batches.sum();
                long t1 = System.nanoTime();
                String out = new String(sender.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                sender.waitFor(30, TimeUnit.SECONDS);
                long frames = c1.rxFrames() - c0.rxFrames();
                double offered = out.matches("\\d+") ? Long.parseLong(out) / (seconds + 2.0) : -1;
                return new Rx(new FrameRate(frames, c1.rxBytes() - c0.rxBytes(), t1 - t0),
                        frames / (double) Math.max(1, b1 - b0), offered);
            } finally {
                sender.destroyForcibly();
            }
        }
    }

    static boolean available() {
        return TapDevice.tunDeviceExists();
    }
}
