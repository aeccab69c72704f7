package io.motenet.ip.internal.iface;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.motenet.ip.internal.wire.Captures;
import io.motenet.ip.internal.wire.EthernetFrame;
import io.motenet.ip.internal.wire.IcmpMessage;
import io.motenet.ip.internal.wire.Ipv4Packet;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** captures/frag.txt: ping -M dont -s 1600 10.99.1.1 — the kernel fragments request and reply. */
class ReassemblerTest {
    static final long SECOND = 1_000_000_000L;

    static Ipv4Packet frag(int index) {
        return Ipv4Packet.parse(EthernetFrame.parse(Captures.frame("frag", index)).payload());
    }

    static Reassembler reassembler() {
        return new Reassembler(8, 64 * 1024, 30 * SECOND);
    }

    @Test
    void reassemblesCapturedFragmentsInEitherOrder() {
        for (int[] order : new int[][] {{0, 1}, {1, 0}}) {
            Reassembler r = reassembler();
            assertNull(r.add(frag(order[0]), 0));
            Ipv4Packet whole = r.add(frag(order[1]), 1);
            assertNotNull(whole);
            assertEquals(1608, whole.payload().remaining());
            // the ICMP checksum covers all 1608 bytes: it only verifies if every byte is in place
            IcmpMessage.Echo echo = assertInstanceOf(IcmpMessage.Echo.class, IcmpMessage.parse(whole.payload()));
            assertTrue(echo.request());
            assertEquals(0, r.datagramsInProgress());
            assertEquals(0, r.bufferedBytes());
        }
    }

    @Test
    void ignoresExactDuplicate() {
        Reassembler r = reassembler();
        assertNull(r.add(frag(0), 0));
        assertNull(r.add(frag(0), 0));
        assertNotNull(r.add(frag(1), 0));
        assertEquals(0, r.overlaps);
    }

    @Test
    void overlapDropsTheWholeDatagram() {
        Reassembler r = reassembler();
        Ipv4Packet first = frag(0);
        assertNull(r.add(first, 0));
        // a fragment that rewrites bytes 1472..1479 of the first one, then the true last fragment
        Ipv4Packet last = frag(1);
        ByteBuffer evil = ByteBuffer.allocate(last.payload().remaining() + 8);
        evil.put(new byte[8]).put(last.payload().duplicate()).flip();
        Ipv4Packet overlapping = new Ipv4Packet(last.tos(), last.identification(), false, false,
                last.fragmentOffset() - 8, last.ttl(), last.protocol(), last.src(), last.dst(), evil);
        assertNull(r.add(overlapping, 0));
        assertEquals(1, r.overlaps);
        assertEquals(0, r.datagramsInProgress());
        assertNull(r.add(last, 0)); // the first fragment is gone with the datagram
    }

    @Test
    void timesOut() {
        Reassembler r = reassembler();
        r.add(frag(0), 5 * SECOND);
        assertEquals(35 * SECOND, r.nextDeadline());
        r.expire(35 * SECOND - 1);
        assertEquals(1, r.datagramsInProgress());
        r.expire(35 * SECOND);
        assertEquals(0, r.datagramsInProgress());
        assertEquals(1, r.timedOut);
        assertNull(r.add(frag(1), 36 * SECOND)); // too late: the first part was given up
    }

    @Test
    void fragmentFloodStaysWithinBoundsAndRealTrafficStillGetsThrough() {
        Reassembler r = reassembler();
        Ipv4Packet template = frag(0);
        for (int id = 0; id < 10_000; id++) {
            // first fragments that never complete, each with its own identification
            r.add(new Ipv4Packet(0, id, false, true, 0, 64, 1, template.src(), template.dst(),
                    template.payload()), id);
            assertTrue(r.bufferedBytes() <= 64 * 1024);
            assertTrue(r.datagramsInProgress() <= 8);
        }
        assertTrue(r.evicted >= 10_000 - 8);
        assertNull(r.add(frag(0), 20_000));
        assertNotNull(r.add(frag(1), 20_001));
    }

    @Test
    void refusesPingOfDeathAndOddMiddleFragments() {
        Reassembler r = reassembler();
        Ipv4Packet last = frag(1);
        Ipv4Packet tooFar = new Ipv4Packet(0, 7, false, false, 65528, 64, 1, last.src(), last.dst(), last.payload());
        assertNull(r.add(tooFar, 0));
        Ipv4Packet odd = new Ipv4Packet(0, 7, false, true, 0, 64, 1, last.src(), last.dst(),
                last.payload().slice(0, 13));
        assertNull(r.add(odd, 0));
        assertEquals(2, r.invalid);
        assertEquals(0, r.datagramsInProgress());
    }

    @Test
    void fragmenterSplitsAsLinuxDid() {
        Reassembler r = reassembler();
        r.add(frag(2), 0);
        Ipv4Packet reply = r.add(frag(3), 0);
        List<Ipv4Packet> fragments = Fragmenter.fragment(reply, 1500);
        assertEquals(2, fragments.size());
        for (int i = 0; i < 2; i++) {
            ByteBuffer captured = EthernetFrame.parse(Captures.frame("frag", 2 + i)).payload();
            ByteBuffer out = ByteBuffer.allocate(captured.remaining());
            fragments.get(i).emit(out);
            assertArrayEquals(Captures.toArray(captured), out.array(), "fragment " + i);
        }
    }

    @Test
    void fragmenterHonoursDontFragmentAndSmallMtus() {
        Reassembler r = reassembler();
        r.add(frag(0), 0);
        Ipv4Packet whole = r.add(frag(1), 0);
        List<Ipv4Packet> small = Fragmenter.fragment(whole, 68);
        assertEquals((1608 + 47) / 48, small.size()); // 48 data bytes per fragment at MTU 68
        Reassembler again = reassembler();
        Ipv4Packet back = null;
        for (int i = small.size() - 1; i >= 0; i--) { // in reverse, for good measure
            back = again.add(small.get(i), 0);
        }
        assertNull(again.add(small.get(0), 0));
        assertEquals(whole.payload(), back == null ? null : back.payload());
        Ipv4Packet df = new Ipv4Packet(0, 1, true, false, 0, 64, 1, whole.src(), whole.dst(), whole.payload());
        assertThrows(IllegalArgumentException.class, () -> Fragmenter.fragment(df, 1500));
    }
}
