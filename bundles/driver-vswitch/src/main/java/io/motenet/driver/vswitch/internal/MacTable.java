package io.motenet.driver.vswitch.internal;

import java.util.Arrays;

/**
 * Learned MAC address to port, for a switch. Lookups and refreshes take no lock and allocate
 * nothing (open addressing over {@code long} keys); learning a new address or a move copies the
 * table under a lock, which is rare. Entries older than the ageing time count as unknown, as in
 * an 802.1D bridge (300 s by default).
 */
final class MacTable {

    static final class Entry {
        final long mac;
        final SwitchPort port;
        volatile long lastSeen;

        Entry(long mac, SwitchPort port, long lastSeen) {
            this.mac = mac;
            this.port = port;
            this.lastSeen = lastSeen;
        }
    }

    private final long ageingNanos;
    private volatile Entry[] slots = new Entry[64];
    private int size;

    MacTable(long ageingNanos) {
        this.ageingNanos = ageingNanos;
    }

    private static int index(long mac, int mask) {
        long h = mac * 0x9E37_79B9_7F4A_7C15L;
        return (int) (h >>> 40) & mask;
    }

    private static Entry find(Entry[] table, long mac) {
        int mask = table.length - 1;
        for (int i = index(mac, mask);; i = (i + 1) & mask) {
            Entry e = table[i];
            if (e == null || e.mac == mac) {
                return e;
            }
        }
    }

    /** The port a live entry points to, or null (unknown or aged out). */
    SwitchPort lookup(long mac, long now) {
        Entry e = find(slots, mac);
        if (e == null || now - e.lastSeen > ageingNanos) {
            return null;
        }
        return e.port;
    }

    /** Records that {@code mac} was seen as a source on {@code port}. */
    void learn(long mac, SwitchPort port, long now) {
        Entry e = find(slots, mac);
        if (e != null && e.port == port) {
            e.lastSeen = now;
            return;
        }
        synchronized (this) {
            Entry[] table = slots;
            int needed = e == null ? size + 1 : size;
            Entry[] copy = needed * 2 > table.length ? new Entry[table.length * 2] : table.clone();
            if (copy.length != table.length) {
                for (Entry old : table) {
                    if (old != null && old.mac != mac) {
                        put(copy, old);
                    }
                }
            } else {
                replace(copy, mac);
            }
            put(copy, new Entry(mac, port, now));
            size = needed;
            slots = copy;
        }
    }

    private static void replace(Entry[] table, long mac) {
        int mask = table.length - 1;
        for (int i = index(mac, mask);; i = (i + 1) & mask) {
            if (table[i] == null) {
                return;
            }
            if (table[i].mac == mac) {
                table[i] = null;
                // re-insert the rest of the cluster so probing still finds it
                for (int j = (i + 1) & mask; table[j] != null; j = (j + 1) & mask) {
                    Entry moved = table[j];
                    table[j] = null;
                    put(table, moved);
                }
                return;
            }
        }
    }

    private static void put(Entry[] table, Entry entry) {
        int mask = table.length - 1;
        int i = index(entry.mac, mask);
        while (table[i] != null) {
            i = (i + 1) & mask;
        }
        table[i] = entry;
    }

    /** Forgets every address learned on the port (it was removed). */
    synchronized void forget(SwitchPort port) {
        Entry[] copy = new Entry[slots.length];
        int kept = 0;
        for (Entry e : slots) {
            if (e != null && e.port != port) {
                put(copy, e);
                kept++;
            }
        }
        size = kept;
        slots = copy;
    }

    synchronized int size() {
        return (int) Arrays.stream(slots).filter(e -> e != null).count();
    }
}
