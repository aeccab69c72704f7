package io.motenet.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.Test;

class MacAddressTest {

    @Test
    void parsesPrintsAndRoundTripsThroughBytes() {
        MacAddress mac = MacAddress.parse("02:00:5E:10:00:0a");
        assertEquals(0x02005E10000AL, mac.bits());
        assertEquals("02:00:5e:10:00:0a", mac.toString());
        assertArrayEquals(HexFormat.of().parseHex("02005e10000a"), mac.toBytes());
        assertEquals(mac, MacAddress.of(mac.toBytes()));
        assertEquals(mac, MacAddress.parse("02-00-5e-10-00-0a"));
    }

    @Test
    void readsAndWritesAtAnIndexWithoutMovingThePosition() {
        // First 12 octets of a broadcast ARP request from Linux: dst ff.., src 5a:4d:...
        ByteBuffer frame = ByteBuffer.wrap(HexFormat.of().parseHex("ffffffffffff5a4d1e3c22010806"));
        assertEquals(MacAddress.BROADCAST, MacAddress.read(frame, 0));
        assertEquals(MacAddress.parse("5a:4d:1e:3c:22:01"), MacAddress.read(frame, 6));
        MacAddress.parse("02:00:00:00:00:01").write(frame, 0);
        assertEquals(0, frame.position());
        assertEquals("0200000000015a4d1e3c22010806", HexFormat.of().formatHex(frame.array()));
    }

    @Test
    void classifiesGroupAndLocalBits() {
        assertTrue(MacAddress.BROADCAST.isBroadcast());
        assertTrue(MacAddress.BROADCAST.isMulticast());
        assertTrue(MacAddress.parse("01:00:5e:00:00:01").isMulticast());
        assertFalse(MacAddress.parse("01:00:5e:00:00:01").isBroadcast());
        assertFalse(MacAddress.parse("00:1b:21:00:00:01").isLocallyAdministered());
        MacAddress random = MacAddress.randomLocal(new Random(1));
        assertTrue(random.isLocallyAdministered());
        assertFalse(random.isMulticast());
    }

    @Test
    void rejectsMalformedText() {
        assertThrows(IllegalArgumentException.class, () -> MacAddress.parse("02:00:5e:10:00"));
        assertThrows(IllegalArgumentException.class, () -> MacAddress.parse("02:00:5e:10:00:zz"));
        assertThrows(IllegalArgumentException.class, () -> MacAddress.parse("02:00:5e:10:00:100"));
        assertThrows(IllegalArgumentException.class, () -> new MacAddress(1L << 48));
    }

    @Test
    void countersDropZerosAndSumDrops() {
        LinkCounters c = new LinkCounters(1, 60, 2, 120,
                java.util.Map.of(DropReason.NO_CONSUMER, 3L, DropReason.TOO_LONG, 0L),
                java.util.Map.of(DropReason.LINK_DOWN, 4L));
        assertEquals(3, c.rxDropped(DropReason.NO_CONSUMER));
        assertEquals(0, c.rxDropped(DropReason.TOO_LONG));
        assertEquals(java.util.Set.of(DropReason.NO_CONSUMER), c.rxDrops().keySet());
        assertEquals(7, c.totalDrops());
    }
}
