package io.motenet.link.internal.fault;

import java.util.SplittableRandom;

import io.motenet.link.DropReason;
import io.motenet.link.NetworkDevice;

/**
 * Decides, frame by frame, what a {@link FaultPlan} does to traffic in one direction. Seeded: the
 * same seed, plan and sequence of (length, time) inputs give the same verdicts, so a failure seen
 * once can be replayed. Every frame that reaches the random draws consumes the same number of
 * them whatever the outcome, so one fault's rate does not shift another's sequence.
 *
 * <p>Order, as netem does it: size limit, token bucket, loss, then corruption, duplication and
 * delay for frames that pass. Not thread-safe; the device serializes calls.
 */
public final class FaultInjector {

    private final FaultPlan plan;
    private final SplittableRandom random;
    private final double bytesPerNano;
    private double tokens;
    private long lastRefill = Long.MIN_VALUE;

    public FaultInjector(FaultPlan plan, long seed) {
        this.plan = plan;
        this.random = new SplittableRandom(seed);
        this.bytesPerNano = plan.rateBitsPerSecond() / 8e9;
        this.tokens = plan.bucketBytes();
    }

    public FaultPlan plan() {
        return plan;
    }

    /** The verdict for a frame of {@code length} octets seen at {@code nowNanos}. */
    public Verdict decide(int length, long nowNanos) {
        if (plan.maxFrameSize() > 0 && length > plan.maxFrameSize()) {
            return new Verdict(DropReason.TOO_LONG, 0, 0, Verdict.NO_BITS);
        }
        if (plan.rateBitsPerSecond() > 0 && !takeTokens(length, nowNanos)) {
            return new Verdict(DropReason.RATE_LIMITED, 0, 0, Verdict.NO_BITS);
        }
        double loss = random.nextDouble();
        double corrupt = random.nextDouble();
        double duplicate = random.nextDouble();
        double reorder = random.nextDouble();
        double jitter = random.nextDouble();
        if (loss < plan.lossRate()) {
            return new Verdict(DropReason.INJECTED_LOSS, 0, 0, Verdict.NO_BITS);
        }
        int[] flips = Verdict.NO_BITS;
        int payloadBits = (length - NetworkDevice.ETHERNET_HEADER_LENGTH) * 8;
        if (corrupt < plan.corruptRate() && payloadBits > 0) {
            flips = new int[Math.min(plan.corruptBits(), payloadBits)];
            for (int i = 0; i < flips.length; i++) {
                flips[i] = NetworkDevice.ETHERNET_HEADER_LENGTH * 8 + random.nextInt(payloadBits);
            }
        }
        int copies = duplicate < plan.duplicateRate() ? 2 : 1;
        long delay = plan.delay().toNanos();
        long j = plan.jitter().toNanos();
        if (j > 0) {
            delay = Math.max(0, delay + Math.round((jitter * 2 - 1) * j));
        }
        if (reorder < plan.reorderRate()) {
            delay += plan.reorderDelay().toNanos();
        }
        return new Verdict(null, copies, delay, flips);
    }

    private boolean takeTokens(int length, long now) {
        if (lastRefill != Long.MIN_VALUE) {
            tokens = Math.min(plan.bucketBytes(), tokens + (now - lastRefill) * bytesPerNano);
        }
        lastRefill = now;
        if (tokens < length) {
            return false;
        }
        tokens -= length;
        return true;
    }
}
