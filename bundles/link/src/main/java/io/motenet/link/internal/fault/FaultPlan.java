package io.motenet.link.internal.fault;

import java.time.Duration;

/**
 * What faults to inject in one direction, after smoltcp's FaultInjector and Linux netem.
 * Probabilities are in [0, 1]; zero values switch a fault off.
 *
 * @param lossRate probability that a frame is dropped
 * @param duplicateRate probability that a frame is passed twice
 * @param reorderRate probability that a frame is held back by {@code reorderDelay} extra, so that
 *     frames behind it overtake it
 * @param reorderDelay how long a reordered frame is held back
 * @param delay fixed delay for every frame
 * @param jitter each frame's delay varies uniformly within plus or minus this (never below zero)
 * @param corruptRate probability that a frame has bits flipped
 * @param corruptBits how many bits a corrupted frame has flipped, chosen after its Ethernet header
 *     (so the frame still reaches its destination and the checksums above must catch it)
 * @param maxFrameSize frames longer than this are dropped; 0 for no limit
 * @param rateBitsPerSecond token-bucket rate limit; 0 for none
 * @param bucketBytes the token bucket's depth (burst size) in octets
 */
public record FaultPlan(double lossRate, double duplicateRate, double reorderRate, Duration reorderDelay,
        Duration delay, Duration jitter, double corruptRate, int corruptBits, int maxFrameSize,
        long rateBitsPerSecond, int bucketBytes) {

    /** No faults at all. */
    public static final FaultPlan NONE = new FaultPlan(0, 0, 0, Duration.ZERO, Duration.ZERO, Duration.ZERO, 0, 1, 0, 0, 0);

    public FaultPlan {
        check("loss", lossRate);
        check("duplicate", duplicateRate);
        check("reorder", reorderRate);
        check("corrupt", corruptRate);
        if (reorderDelay.isNegative() || delay.isNegative() || jitter.isNegative()) {
            throw new IllegalArgumentException("delays cannot be negative");
        }
        if (corruptBits < 1) {
            throw new IllegalArgumentException("a corrupted frame has at least one flipped bit, got " + corruptBits);
        }
        if (maxFrameSize < 0 || rateBitsPerSecond < 0 || bucketBytes < 0) {
            throw new IllegalArgumentException("size limit, rate and bucket cannot be negative");
        }
        if (rateBitsPerSecond > 0 && bucketBytes < 64) {
            throw new IllegalArgumentException("a rate limit needs a bucket of at least one frame (64 octets or more), got " + bucketBytes);
        }
    }

    private static void check(String what, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(what + " rate must be within 0..1, got " + p);
        }
    }

    public FaultPlan withLoss(double p) {
        return new FaultPlan(p, duplicateRate, reorderRate, reorderDelay, delay, jitter, corruptRate, corruptBits, maxFrameSize, rateBitsPerSecond, bucketBytes);
    }

    public FaultPlan withDuplication(double p) {
        return new FaultPlan(lossRate, p, reorderRate, reorderDelay, delay, jitter, corruptRate, corruptBits, maxFrameSize, rateBitsPerSecond, bucketBytes);
    }

    public FaultPlan withReordering(double p, Duration holdBack) {
        return new FaultPlan(lossRate, duplicateRate, p, holdBack, delay, jitter, corruptRate, corruptBits, maxFrameSize, rateBitsPerSecond, bucketBytes);
    }

    public FaultPlan withDelay(Duration d, Duration j) {
        return new FaultPlan(lossRate, duplicateRate, reorderRate, reorderDelay, d, j, corruptRate, corruptBits, maxFrameSize, rateBitsPerSecond, bucketBytes);
    }

    public FaultPlan withCorruption(double p, int bits) {
        return new FaultPlan(lossRate, duplicateRate, reorderRate, reorderDelay, delay, jitter, p, bits, maxFrameSize, rateBitsPerSecond, bucketBytes);
    }

    public FaultPlan withMaxFrameSize(int octets) {
        return new FaultPlan(lossRate, duplicateRate, reorderRate, reorderDelay, delay, jitter, corruptRate, corruptBits, octets, rateBitsPerSecond, bucketBytes);
    }

    public FaultPlan withRateLimit(long bitsPerSecond, int bucket) {
        return new FaultPlan(lossRate, duplicateRate, reorderRate, reorderDelay, delay, jitter, corruptRate, corruptBits, maxFrameSize, bitsPerSecond, bucket);
    }

    /** True when frames may be held back (so they must be copied). */
    boolean delays() {
        return !delay.isZero() || !jitter.isZero() || reorderRate > 0;
    }
}
