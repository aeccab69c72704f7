package io.motenet.link.internal.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.motenet.link.DropReason;
import io.motenet.link.FrameConsumer;
import io.motenet.link.MacAddress;
import io.motenet.link.internal.support.VirtualScheduler;

/**
 * Every fault kind, seeded, through a fault-injecting device on a simulated clock. Tolerances are
 * about five standard deviations of the binomial count, so a seed change cannot make them flaky
 * by chance; with a fixed seed the outcome is the same on every run anyway.
 */
class FaultInjectorTest {

    static final long MS = 1_000_000;
    static final int N = 20_000;

    final VirtualScheduler time = new VirtualScheduler();
    final Wire wire = new Wire();
    final List<byte[]> got = new ArrayList<>();
    final List<Long> gotAt = new ArrayList<>();

    FaultInjectingDevice faulty(FaultPlan tx, long seed) {
        FaultInjectingDevice d = new FaultInjectingDevice(wire.a, tx, FaultPlan.NONE, seed, time);
        d.attach(f -> { });
        wire.b.attach(frame -> {
            byte[] copy = new byte[frame.remaining()];
            frame.get(copy);
            got.add(copy);
            gotAt.add(time.nanoTime());
        });
        return d;
    }

    /** Frame number {@code seq} (in its first payload octets), 100 octets long. */
    static ByteBuffer frame(int seq, int length) {
        ByteBuffer b = ByteBuffer.allocate(length);
        MacAddress.parse("02:00:00:00:00:0b").write(b, 0);
        MacAddress.parse("02:00:00:00:00:0a").write(b, 6);
        b.putShort(12, (short) 0x88b5);
        b.putInt(14, seq);
        for (int i = 18; i < length; i++) {
            b.put(i, (byte) (i * 31 + seq));
        }
        return b;
    }

    static int seqOf(byte[] f) {
        return ByteBuffer.wrap(f).getInt(14);
    }

    /** Sends N frames, one every {@code gapNanos} of virtual time, then lets every delayed one arrive. */
    void pump(FaultInjectingDevice d, long gapNanos, int length) {
        for (int i = 0; i < N; i++) {
            d.transmit(frame(i, length));
            time.advance(Duration.ofNanos(gapNanos));
        }
        time.runAll(10L * N);
    }

    static void assertNear(double expected, double actual, double tolerance, String what) {
        assertTrue(Math.abs(expected - actual) <= tolerance, what + ": expected " + expected + " +- " + tolerance + ", got " + actual);
    }

    @Test
    void lossDropsAboutTheRateAndCountsIt() {
        FaultInjectingDevice d = faulty(FaultPlan.NONE.withLoss(0.1), 42);
        pump(d, MS, 100);
        double rate = 1.0 - got.size() / (double) N;
        assertNear(0.1, rate, 0.011, "loss rate");
        assertEquals(N - got.size(), d.counters().txDropped(DropReason.INJECTED_LOSS));
        assertEquals(got.size(), wire.a.counters().txFrames(), "only passed frames reach the medium");
    }

    @Test
    void duplicationSendsSomeFramesTwice() {
        FaultInjectingDevice d = faulty(FaultPlan.NONE.withDuplication(0.05), 7);
        pump(d, MS, 100);
        double extra = got.size() / (double) N - 1.0;
        assertNear(0.05, extra, 0.008, "duplicate rate");
        long twice = got.stream().mapToInt(FaultInjectorTest::seqOf).distinct().count() == N ? got.size() - N : -1;
        assertEquals(got.size() - N, twice, "every frame arrives, the extra ones are repeats");
    }

    @Test
    void reorderingHoldsSomeFramesBackSoOthersOvertake() {
        FaultInjectingDevice d = faulty(FaultPlan.NONE.withReordering(0.2, Duration.ofMillis(5)), 3);
        pump(d, MS, 100);
        assertEquals(N, got.size(), "reordering loses nothing");
        int late = 0;
        int max = -1;
        for (byte[] f : got) {
            int s = seqOf(f);
            if (s < max) {
                late++;
            }
            max = Math.max(max, s);
        }
        // a held frame arrives after the next frames that were not held: it shows up late
        assertNear(0.2, late / (double) N, 0.015, "reordered fraction");
    }

    @Test
    void delayWithJitterStaysInItsWindowAndAveragesTheDelay() {
        FaultInjectingDevice d = faulty(FaultPlan.NONE.withDelay(Duration.ofMillis(10), Duration.ofMillis(2)), 11);
        long[] sentAt = new long[N];
        for (int i = 0; i < N; i++) {
            sentAt[i] = time.nanoTime();
            d.transmit(frame(i, 100));
            time.advance(Duration.ofMillis(1));
        }
        time.runAll(10L * N);
        assertEquals(N, got.size());
        double sum = 0;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < N; i++) {
            long delay = gotAt.get(i) - sentAt[seqOf(got.get(i))];
            min = Math.min(min, delay);
            max = Math.max(max, delay);
            sum += delay;
        }
        assertTrue(min >= 8 * MS && max <= 12 * MS, "delay outside 10 +- 2 ms: " + min + ".." + max);
        assertTrue(min < 8_100_000 && max > 11_900_000, "jitter should spread over the window: " + min + ".." + max);
        assertNear(10 * MS, sum / N, 0.05 * MS, "mean delay");
    }

    @Test
    void corruptionFlipsBitsAfterTheHeader() {
        FaultInjectingDevice d = faulty(FaultPlan.NONE.withCorruption(0.3, 1), 5);
        pump(d, MS, 100);
        assertEquals(N, got.size());
        int corrupted = 0;
        for (int n = 0; n < N; n++) {
            byte[] f = got.get(n);
            byte[] sent = frame(n, 100).array(); // no delay: frames arrive in the order sent
            if (Arrays.equals(sent, f)) {
                continue;
            }
            corrupted++;
            int bits = 0;
            for (int i = 0; i < f.length; i++) {
                int diff = (sent[i] ^ f[i]) & 0xff;
                if (diff != 0) {
                    assertTrue(i >= 14, "the Ethernet header is left alone, but octet " + i + " changed");
                    bits += Integer.bitCount(diff);
                }
            }
            assertEquals(1, bits, "one bit flipped");
        }
        assertNear(0.3, corrupted / (double) N, 0.02, "corruption rate");
    }

    @Test
    void corruptionNeverTouchesTheCallersBuffer() {
        FaultInjectingDevice d = faulty(FaultPlan.NONE.withCorruption(1.0, 8), 5);
        ByteBuffer f = frame(1, 100);
        byte[] before = f.array().clone();
        d.transmit(f);
        assertTrue(Arrays.equals(before, f.array()));
        assertNotEquals(Arrays.toString(before), Arrays.toString(got.get(0)), "the receiver sees changed bytes");
    }

    @Test
    void sizeLimitDropsLongFrames() {
        FaultInjectingDevice d = faulty(FaultPlan.NONE.withMaxFrameSize(576), 1);
        assertTrue(d.transmit(frame(1, 576)));
        assertTrue(!d.transmit(frame(2, 577)));
        assertEquals(1, got.size());
        assertEquals(1, d.counters().txDropped(DropReason.TOO_LONG));
    }

    @Test
    void tokenBucketHoldsTheRate() {
        // 8 Mbit/s is one octet a microsecond; offered: 1000 octets every 100 us, ten times that.
        FaultInjectingDevice d = faulty(FaultPlan.NONE.withRateLimit(8_000_000, 3000), 1);
        pump(d, 100_000, 1000); // N frames over 2 s of virtual time
        long passedBytes = got.size() * 1000L;
        double seconds = N * 100e-6;
        assertNear(1_000_000 * seconds + 3000, passedBytes, 0.01 * 1_000_000 * seconds, "octets through the bucket");
        assertEquals(N - got.size(), d.counters().txDropped(DropReason.RATE_LIMITED));
    }

    @Test
    void sameSeedSameDecisionsOtherSeedOthers() {
        FaultPlan plan = new FaultPlan(0.1, 0.05, 0.1, Duration.ofMillis(3), Duration.ofMillis(1), Duration.ofMillis(1), 0.1, 2, 0, 0, 0);
        List<Verdict> first = verdicts(plan, 99);
        assertEquals(first, verdicts(plan, 99));
        assertNotEquals(first, verdicts(plan, 100));
        assertTrue(first.stream().anyMatch(Verdict::dropped) && first.stream().anyMatch(Verdict::corrupted)
                && first.stream().anyMatch(v -> v.copies() == 2), "the plan exercises several faults: " + first);
    }

    static List<Verdict> verdicts(FaultPlan plan, long seed) {
        FaultInjector injector = new FaultInjector(plan, seed);
        List<Verdict> out = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            out.add(injector.decide(100 + i, i * MS));
        }
        return out;
    }

    @Test
    void sameSeedSameTrafficEndToEnd() {
        FaultPlan plan = new FaultPlan(0.1, 0.05, 0.1, Duration.ofMillis(3), Duration.ofMillis(1), Duration.ofMillis(1), 0.1, 2, 0, 0, 0);
        List<String> one = run(plan, 1234);
        assertEquals(one, run(plan, 1234));
        assertNotEquals(one, run(plan, 4321));
    }

    static List<String> run(FaultPlan plan, long seed) {
        FaultInjectorTest t = new FaultInjectorTest();
        FaultInjectingDevice d = t.faulty(plan, seed);
        for (int i = 0; i < 500; i++) {
            d.transmit(frame(i, 80));
            t.time.advance(Duration.ofMillis(1));
        }
        t.time.runAll(10_000);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < t.got.size(); i++) {
            out.add(t.gotAt.get(i) + ":" + Arrays.hashCode(t.got.get(i)));
        }
        return out;
    }

    @Test
    void receiveDirectionHasItsOwnPlan() {
        FaultInjectingDevice d = new FaultInjectingDevice(wire.b, FaultPlan.NONE, FaultPlan.NONE.withLoss(0.5), 8, time);
        int[] got = new int[1];
        FrameConsumer count = f -> got[0]++;
        d.attach(count);
        for (int i = 0; i < N; i++) {
            wire.a.transmit(frame(i, 64));
        }
        assertNear(0.5, got[0] / (double) N, 0.02, "receive loss");
        assertEquals(N - got[0], d.counters().rxDropped(DropReason.INJECTED_LOSS));
        assertEquals(got[0], d.counters().rxFrames());
    }
}
