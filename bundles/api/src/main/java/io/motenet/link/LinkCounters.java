package io.motenet.link;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * A snapshot of a device's counters. {@code rx} counts frames handed to the consumer, {@code tx}
 * frames accepted for the medium; a dropped frame is counted only under its drop reason (as Linux
 * counts {@code rx_packets} apart from {@code rx_dropped}). Bytes are whole frames without FCS.
 *
 * @param rxFrames frames delivered to the consumer
 * @param rxBytes octets in those frames
 * @param txFrames frames sent (or queued for the medium)
 * @param txBytes octets in those frames
 * @param rxDrops received frames dropped, by reason (absent reasons are zero)
 * @param txDrops frames to send that were dropped, by reason (absent reasons are zero)
 */
public record LinkCounters(long rxFrames, long rxBytes, long txFrames, long txBytes,
        Map<DropReason, Long> rxDrops, Map<DropReason, Long> txDrops) {

    /** All zero. */
    public static final LinkCounters ZERO = new LinkCounters(0, 0, 0, 0, Map.of(), Map.of());

    public LinkCounters {
        rxDrops = copy(rxDrops);
        txDrops = copy(txDrops);
    }

    private static Map<DropReason, Long> copy(Map<DropReason, Long> drops) {
        if (drops.isEmpty()) {
            return Map.of();
        }
        EnumMap<DropReason, Long> copy = new EnumMap<>(DropReason.class);
        drops.forEach((reason, count) -> {
            if (count != 0) {
                copy.put(reason, count);
            }
        });
        return Collections.unmodifiableMap(copy);
    }

    /** Received frames dropped for this reason. */
    public long rxDropped(DropReason reason) {
        return rxDrops.getOrDefault(reason, 0L);
    }

    /** Frames to send dropped for this reason. */
    public long txDropped(DropReason reason) {
        return txDrops.getOrDefault(reason, 0L);
    }

    /** Every drop, both directions, every reason. */
    public long totalDrops() {
        long total = 0;
        for (long n : rxDrops.values()) {
            total += n;
        }
        for (long n : txDrops.values()) {
            total += n;
        }
        return total;
    }
}
