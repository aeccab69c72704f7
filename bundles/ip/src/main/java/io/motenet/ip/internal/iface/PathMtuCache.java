package io.motenet.ip.internal.iface;

import io.motenet.ip.internal.wire.Ipv4Address;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Path MTUs learnt from ICMP fragmentation-needed (RFC 1191), per destination. A report only ever
 * lowers the figure, never below {@link #FLOOR}: 552 octets, Linux's {@code min_pmtu}, so that a
 * forged ICMP message cannot shrink segments to a few bytes (RFC 1191 allows 68; every real path
 * carries 576). A report without a next-hop MTU (pre-RFC 1191 routers) takes the next plateau
 * below the quoted datagram's length (RFC 1191 7). Entries expire after ten minutes (RFC 1191 6.3,
 * Linux's {@code mtu_expires}) so that a path that grew is found again; the number of entries is
 * bounded, the oldest learnt going first. Loop thread only.
 */
public final class PathMtuCache {
    public static final int FLOOR = 552;
    public static final long EXPIRY = 600_000_000_000L;
    static final int MAX_ENTRIES = 1024;
    private static final int[] PLATEAUS = {65535, 32000, 17914, 8166, 4352, 2002, 1492, 1006, 508, 296, 68};

    private record Entry(int mtu, long expires) {
    }

    private final Map<Ipv4Address, Entry> entries = new LinkedHashMap<>();

    /**
     * A fragmentation-needed report for {@code dst}: {@code nextHopMtu} (0 when the router gave
     * none) and the total length of the datagram it quoted. Returns the path MTU now in force, or
     * -1 when the report changed nothing (larger than what is known, or about a smaller datagram).
     */
    public int learn(Ipv4Address dst, int nextHopMtu, int quotedLength, int linkMtu, long now) {
        int mtu = nextHopMtu >= 68 && nextHopMtu < quotedLength ? nextHopMtu : plateauBelow(quotedLength);
        mtu = Math.max(FLOOR, mtu);
        int current = mtu(dst, linkMtu, now);
        if (mtu >= current) {
            return -1;
        }
        entries.remove(dst);
        entries.put(dst, new Entry(mtu, now + EXPIRY));
        if (entries.size() > MAX_ENTRIES) {
            Iterator<Ipv4Address> it = entries.keySet().iterator();
            it.next();
            it.remove();
        }
        return mtu;
    }

    /** The MTU towards {@code dst}: the learnt figure while fresh, otherwise the link's. */
    public int mtu(Ipv4Address dst, int linkMtu, long now) {
        Entry e = entries.get(dst);
        if (e == null) {
            return linkMtu;
        }
        if (now >= e.expires()) {
            entries.remove(dst);
            return linkMtu;
        }
        return Math.min(linkMtu, e.mtu());
    }

    public int size() {
        return entries.size();
    }

    static int plateauBelow(int length) {
        for (int p : PLATEAUS) {
            if (p < length) {
                return p;
            }
        }
        return 68;
    }
}
