package io.motenet.trust.pkix.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A small thread-safe cache shared by all verifications of one verifier: parsed certificates and
 * signatures already verified, keyed by their exact bytes, so that the intermediates every handshake
 * to the same sites repeats are parsed and checked once (the JDK caches both the same way). When full
 * it is simply cleared: no eviction bookkeeping on the hot path, and the bound holds.
 */
final class BoundedCache<K, V> {
    private final ConcurrentHashMap<K, V> map = new ConcurrentHashMap<>();
    private final int capacity;

    BoundedCache(int capacity) {
        this.capacity = capacity;
    }

    V get(K key) {
        return map.get(key);
    }

    void put(K key, V value) {
        if (map.size() >= capacity) {
            map.clear();
        }
        map.put(key, value);
    }

    V computeIfAbsent(K key, Function<K, V> f) {
        V v = map.get(key);
        if (v == null) {
            v = f.apply(key);
            if (v != null) {
                put(key, v);
            }
        }
        return v;
    }

    int size() {
        return map.size();
    }
}
