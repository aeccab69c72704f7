package io.motenet.ip.internal.iface;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Named counters ({@code rx.frames}, {@code rx.drop.bad_checksum}, ...). The loop thread adds;
 * any thread may read a snapshot (ifconfig, tests).
 */
public final class Counters {
    private final ConcurrentHashMap<String, LongAdder> values = new ConcurrentHashMap<>();

    public void inc(String name) {
        add(name, 1);
    }

    public void add(String name, long delta) {
        LongAdder a = values.get(name); // a plain read first: computeIfAbsent may lock the bin even when present
        if (a == null) {
            a = values.computeIfAbsent(name, k -> new LongAdder());
        }
        a.add(delta);
    }

    /** The counter itself, for a path that counts every frame: no lookup by name each time. */
    LongAdder handle(String name) {
        return values.computeIfAbsent(name, k -> new LongAdder());
    }

    public long get(String name) {
        LongAdder a = values.get(name);
        return a == null ? 0 : a.sum();
    }

    /** Every counter that was ever touched, sorted by name. */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new TreeMap<>();
        values.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }
}
