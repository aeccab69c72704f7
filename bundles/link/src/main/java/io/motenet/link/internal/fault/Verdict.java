package io.motenet.link.internal.fault;

import io.motenet.link.DropReason;

/**
 * What happens to one frame.
 *
 * @param drop why it is dropped, or null when it passes
 * @param copies 1, or 2 when duplicated
 * @param delayNanos how long it is held back
 * @param flippedBits bit offsets (from the frame's first octet) to flip; empty when not corrupted
 */
public record Verdict(DropReason drop, int copies, long delayNanos, int[] flippedBits) {

    static final int[] NO_BITS = new int[0];

    public boolean dropped() {
        return drop != null;
    }

    public boolean corrupted() {
        return flippedBits.length > 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Verdict v && v.drop == drop && v.copies == copies && v.delayNanos == delayNanos
                && java.util.Arrays.equals(v.flippedBits, flippedBits);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(drop, copies, delayNanos, java.util.Arrays.hashCode(flippedBits));
    }

    @Override
    public String toString() {
        return drop != null ? "drop " + drop
                : "pass x" + copies + " +" + delayNanos + "ns" + (flippedBits.length > 0 ? " flip " + java.util.Arrays.toString(flippedBits) : "");
    }
}
