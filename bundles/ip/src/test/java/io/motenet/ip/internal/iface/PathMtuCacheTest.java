package io.motenet.ip.internal.iface;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.motenet.ip.internal.wire.Ipv4Address;
import org.junit.jupiter.api.Test;

/** The per-destination path MTU: only lowered, floored, plateaus for old routers, expiry, bound. */
class PathMtuCacheTest {
    static final Ipv4Address D = Ipv4Address.parse("192.0.2.7");

    @Test
    void reportsLowerTheMtuDownToTheFloorOnly() {
        PathMtuCache c = new PathMtuCache();
        assertEquals(1500, c.mtu(D, 1500, 0), "nothing learnt: the link's MTU");
        assertEquals(1400, c.learn(D, 1400, 1500, 1500, 0));
        assertEquals(1400, c.mtu(D, 1500, 1));
        assertEquals(-1, c.learn(D, 1450, 1500, 1500, 2), "a larger report changes nothing");
        assertEquals(1280, c.mtu(D, 1280, 4), "a smaller link wins");
        assertEquals(PathMtuCache.FLOOR, c.learn(D, 100, 1400, 1500, 3), "never below the floor of 552");
        assertEquals(1500, c.mtu(Ipv4Address.parse("192.0.2.8"), 1500, 4), "per destination");
    }

    @Test
    void aReportWithoutNextHopMtuTakesThePlateauBelowTheQuotedLength() {
        PathMtuCache c = new PathMtuCache();
        assertEquals(1492, c.learn(D, 0, 1500, 1500, 0), "RFC 1191 7 plateau table");
        assertEquals(1006, c.learn(D, 0, 1492, 1500, 0));
        assertEquals(PathMtuCache.FLOOR, c.learn(D, 0, 1006, 1500, 0), "508 would be below the floor");
    }

    @Test
    void entriesExpireAndAreBounded() {
        PathMtuCache c = new PathMtuCache();
        c.learn(D, 1000, 1500, 1500, 0);
        assertEquals(1000, c.mtu(D, 1500, PathMtuCache.EXPIRY - 1));
        assertEquals(1500, c.mtu(D, 1500, PathMtuCache.EXPIRY), "ten minutes later the path is tried again");
        for (int i = 0; i < PathMtuCache.MAX_ENTRIES + 10; i++) {
            c.learn(Ipv4Address.parse("10.0." + (i >> 8) + "." + (i & 255)), 1000, 1500, 1500, 0);
        }
        assertEquals(PathMtuCache.MAX_ENTRIES, c.size());
        assertEquals(1500, c.mtu(Ipv4Address.parse("10.0.0.0"), 1500, 1), "the oldest went first");
    }
}
