package io.motenet.driver.vswitch.internal;

import static io.motenet.driver.vswitch.internal.Frames.frame;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.motenet.link.DropReason;
import io.motenet.link.LinkAttachment;
import io.motenet.link.LinkState;
import io.motenet.link.MacAddress;

class VirtualSwitchTest {

    static final MacAddress A = MacAddress.parse("02:00:00:00:00:0a");
    static final MacAddress B = MacAddress.parse("02:00:00:00:00:0b");
    static final MacAddress C = MacAddress.parse("02:00:00:00:00:0c");

    final VirtualSwitch sw = VirtualSwitch.direct("sw");
    final SwitchPort pa = sw.addPort("a", A, 1500);
    final SwitchPort pb = sw.addPort("b", B, 1500);
    final SwitchPort pc = sw.addPort("c", C, 1500);
    final Recorder ra = new Recorder();
    final Recorder rb = new Recorder();
    final Recorder rc = new Recorder();

    final LinkAttachment attachmentA;

    VirtualSwitchTest() {
        attachmentA = pa.attach(ra);
        pb.attach(rb);
        pc.attach(rc);
    }

    @Test
    void floodsBroadcastThenForwardsLearnedUnicastOnly() {
        ByteBuffer broadcast = frame(MacAddress.BROADCAST, A, 46, 1);
        assertTrue(pa.transmit(broadcast));
        assertEquals(0, broadcast.position(), "transmit must leave the caller's buffer as it was");
        assertEquals(0, ra.frames.size(), "a switch never sends a frame back out of its ingress port");
        assertEquals(1, rb.frames.size());
        assertEquals(1, rc.frames.size());
        assertArrayEquals(broadcast.array(), rb.frames.get(0));

        // B answers A: A was learned from the broadcast, so only A gets it.
        pb.transmit(frame(A, B, 46, 2));
        assertEquals(1, ra.frames.size());
        assertEquals(1, rc.frames.size());

        // A to B: B was learned from its answer.
        pa.transmit(frame(B, A, 46, 3));
        assertEquals(2, rb.frames.size());
        assertEquals(1, rc.frames.size());

        assertEquals(1, sw.flooded());
        assertEquals(2, sw.forwarded());
        assertEquals(2, sw.learnedAddresses());
        assertEquals(3, pa.counters().rxFrames() + pa.counters().txFrames());
        assertEquals(60 * 2, pa.counters().txBytes());
        assertEquals(2, pb.counters().rxFrames());
    }

    @Test
    void unknownUnicastIsFloodedAndMulticastAlways() {
        pa.transmit(frame(MacAddress.parse("02:00:00:00:00:99"), A, 46, 1));
        pb.transmit(frame(A, B, 46, 1)); // A is known now
        pb.transmit(frame(MacAddress.parse("01:00:5e:00:00:01"), B, 46, 1));
        assertEquals(2, rc.frames.size(), "unknown unicast and multicast reach C");
        assertEquals(2, ra.frames.size());
        assertEquals(2, sw.flooded());
    }

    @Test
    void frameToItsOwnPortIsFiltered() {
        pa.transmit(frame(A, A, 46, 1)); // learns A on a, then finds A on a: filtered
        assertEquals(1, sw.filtered());
        assertEquals(0, ra.frames.size() + rb.frames.size() + rc.frames.size());
    }

    @Test
    void batchGivesOneEndOfBatchPerReceiver() {
        ByteBuffer[] frames = new ByteBuffer[10];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = frame(MacAddress.BROADCAST, A, 46, i);
        }
        assertEquals(10, pa.transmit(frames, 0, 10));
        assertEquals(10, rb.frames.size());
        assertEquals(1, rb.batches);
        assertEquals(1, rc.batches);
        assertEquals(9, rb.frames.get(9)[20]);

        pa.transmit(frame(MacAddress.BROADCAST, A, 46, 0));
        assertEquals(2, rb.batches, "a single transmit ends its own batch");
    }

    @Test
    void checksAndCountsDrops() {
        assertFalse(pa.transmit(ByteBuffer.allocate(13)));
        assertFalse(pa.transmit(frame(B, A, 1501, 0)));
        assertTrue(pa.transmit(frame(B, A, 1500, 0)));
        pa.setLinkUp(false);
        assertFalse(pa.transmit(frame(B, A, 46, 0)));
        assertEquals(List.of(LinkState.DOWN), ra.states);
        pb.transmit(frame(A, B, 46, 0)); // a is down: its receive side drops
        assertEquals(0, ra.frames.size());

        var c = pa.counters();
        assertEquals(1, c.txDropped(DropReason.TOO_SHORT));
        assertEquals(1, c.txDropped(DropReason.TOO_LONG));
        assertEquals(1, c.txDropped(DropReason.LINK_DOWN));
        assertEquals(1, c.rxDropped(DropReason.LINK_DOWN));
        assertEquals(1, c.txFrames());
        assertEquals(1514, c.txBytes());
    }

    @Test
    void oneConsumerAtATimeAndDetachFreesTheDevice() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> pa.attach(new Recorder()));
        assertTrue(e.getMessage().contains("a already has a consumer"), e.getMessage());
        attachmentA.close();
        attachmentA.close(); // twice is fine
        assertFalse(attachmentA.isOpen());
        pb.transmit(frame(MacAddress.BROADCAST, B, 46, 0));
        assertEquals(0, ra.frames.size(), "a detached consumer gets nothing");
        assertEquals(1, pa.counters().rxDropped(DropReason.NO_CONSUMER));
        Recorder next = new Recorder();
        pa.attach(next);
        pb.transmit(frame(MacAddress.BROADCAST, B, 46, 0));
        assertEquals(1, next.frames.size());
        assertTrue(ra.states.isEmpty() && !ra.detached, "closing by the consumer is not a device event");
    }

    @Test
    void removedPortTellsItsConsumerAndIsForgotten() {
        pb.transmit(frame(A, B, 46, 0));
        pb.close();
        assertEquals(List.of(LinkState.DOWN), rb.states);
        assertTrue(rb.detached);
        assertEquals(LinkState.DOWN, pb.linkState());
        assertThrows(IllegalStateException.class, () -> pb.attach(new Recorder()));
        assertEquals(1, rc.frames.size(), "A was unknown when b sent: flooded to c too");
        pa.transmit(frame(B, A, 46, 0)); // B forgotten: flooded, and c is the only other port
        assertEquals(2, rc.frames.size());
        assertEquals(List.of(pa, pc), sw.ports());
        // a new port may take the old name
        SwitchPort again = sw.addPort("b", B, 1500);
        Recorder r2 = new Recorder();
        again.attach(r2);
        pa.transmit(frame(B, A, 46, 0));
        assertEquals(1, r2.frames.size());
    }

    @Test
    void consumerThatThrowsIsCountedNotDetached() {
        SwitchPort pd = sw.addPort("d", MacAddress.parse("02:00:00:00:00:0d"), 1500);
        pd.attach(frame -> {
            throw new IllegalStateException("boom");
        });
        pa.transmit(frame(MacAddress.BROADCAST, A, 46, 0));
        pa.transmit(frame(MacAddress.BROADCAST, A, 46, 0));
        assertEquals(2, pd.counters().rxDropped(DropReason.CONSUMER_ERROR));
        assertEquals(2, rb.frames.size());
    }
}
