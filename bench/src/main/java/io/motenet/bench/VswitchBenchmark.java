package io.motenet.bench;

import java.nio.ByteBuffer;
import java.util.List;

import io.motenet.driver.vswitch.internal.SwitchPort;
import io.motenet.driver.vswitch.internal.VirtualSwitch;
import io.motenet.link.FrameConsumer;
import io.motenet.link.MacAddress;

/**
 * Frames through the in-JVM switch: one sender port, one receiver port on a direct switch (the
 * receiver's consumer runs on the sender's thread, so one core does everything: admit, learn,
 * look up, deliver, count). With and without batching (one {@code transmit(ByteBuffer[])} call
 * per batch, one {@code endOfBatch} per batch at the receiver), for small and full-size frames.
 */
final class VswitchBenchmark implements Benchmark {

    @Override
    public String name() {
        return "vswitch";
    }

    @Override
    public String description() {
        return "frames/s and Gbit/s through the in-JVM switch, with and without batching";
    }

    @Override
    public String usage() {
        return "--seconds N (per measurement, default 3; one warm-up of the same length first)  --batch N (default 32)";
    }

    @Override
    public BenchReport run(BenchOptions options) throws Exception {
        int seconds = options.integer("seconds", 3);
        int batch = options.integer("batch", 32);
        BenchReport report = new BenchReport(name(), List.of("frame octets", "batching", "frames/s", "Gbit/s"))
                .condition("seconds per measurement", seconds)
                .condition("batch", batch)
                .condition("topology", "2 ports, direct delivery on the sending thread, consumer only counts");
        for (int size : new int[] {64, 1514}) {
            for (int b : new int[] {1, batch}) {
                measure(size, b, seconds); // warm-up
                FrameRate r = measure(size, b, seconds);
                String label = b == 1 ? "none" : "x" + b;
                report.row(size, label, r.fps(), r.gbps());
                String key = "f" + size + (b == 1 ? "_single" : "_batch");
                report.figure(key + "_fps", Math.round(r.framesPerSecond()));
                report.figure(key + "_gbps", FrameRate.round(r.gbitPerSecond()));
            }
        }
        return report;
    }

    static FrameRate measure(int size, int batch, int seconds) {
        VirtualSwitch sw = VirtualSwitch.direct("bench");
        MacAddress a = MacAddress.parse("02:00:00:00:00:01");
        MacAddress b = MacAddress.parse("02:00:00:00:00:02");
        SwitchPort pa = sw.addPort("a", a, 1500);
        SwitchPort pb = sw.addPort("b", b, 1500);
        long[] got = new long[2];
        pb.attach(new FrameConsumer() {
            @Override
            public void receive(ByteBuffer frame) {
                got[0]++;
                got[1] += frame.remaining();
            }
        });
        // learn b so that frames are forwarded, not flooded
        pb.transmit(frame(a, b, 64));
        ByteBuffer[] frames = new ByteBuffer[batch];
        for (int i = 0; i < batch; i++) {
            frames[i] = frame(b, a, size);
        }
        got[0] = 0;
        got[1] = 0;
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long now;
        do {
            for (int i = 0; i < 1024; i += batch) {
                if (batch == 1) {
                    pa.transmit(frames[0]);
                } else {
                    pa.transmit(frames, 0, batch);
                }
            }
            now = System.nanoTime();
        } while (now < end);
        return new FrameRate(got[0], got[1], now - start);
    }

    static ByteBuffer frame(MacAddress dst, MacAddress src, int size) {
        ByteBuffer f = ByteBuffer.allocate(size);
        dst.write(f, 0);
        src.write(f, 6);
        f.putShort(12, (short) 0x88b5);
        return f;
    }
}
