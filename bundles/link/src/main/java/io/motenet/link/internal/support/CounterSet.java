package io.motenet.link.internal.support;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

import io.motenet.link.DropReason;
import io.motenet.link.LinkCounters;

/** Live, thread-safe device counters; {@link #snapshot()} makes the API's {@link LinkCounters}. */
public final class CounterSet {

    private static final DropReason[] REASONS = DropReason.values();

    private final LongAdder rxFrames = new LongAdder();
    private final LongAdder rxBytes = new LongAdder();
    private final LongAdder txFrames = new LongAdder();
    private final LongAdder txBytes = new LongAdder();
    private final AtomicLongArray rxDrops = new AtomicLongArray(REASONS.length);
    private final AtomicLongArray txDrops = new AtomicLongArray(REASONS.length);

    public void received(int bytes) {
        rxFrames.increment();
        rxBytes.add(bytes);
    }

    public void sent(int bytes) {
        txFrames.increment();
        txBytes.add(bytes);
    }

    public void rxDropped(DropReason reason) {
        rxDrops.incrementAndGet(reason.ordinal());
    }

    public void txDropped(DropReason reason) {
        txDrops.incrementAndGet(reason.ordinal());
    }

    public LinkCounters snapshot() {
        return new LinkCounters(rxFrames.sum(), rxBytes.sum(), txFrames.sum(), txBytes.sum(),
                toMap(rxDrops), toMap(txDrops));
    }

    private static Map<DropReason, Long> toMap(AtomicLongArray drops) {
        Map<DropReason, Long> map = new EnumMap<>(DropReason.class);
        for (DropReason r : REASONS) {
            long n = drops.get(r.ordinal());
            if (n != 0) {
                map.put(r, n);
            }
        }
        return map;
    }
}
