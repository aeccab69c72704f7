package io.motenet.ip.internal.iface;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.ByteBuffer;
import java.util.Arrays;

import io.motenet.link.MacAddress;
import org.junit.jupiter.api.Test;

/** The transmit fast path writes into frames the device has already taken, and never hands one out twice. */
class SpareFramesTest {

    private final Interface eth = new Interface("eth0", MacAddress.parse("02:00:00:00:00:01"), 1500,
            Stack.Limits.defaults(), 1);

    @Test
    void aRecycledFrameIsReusedWithItsLimitAndZeroedPadding() {
        ByteBuffer first = eth.takeFrame(1514);
        assertEquals(1514, first.capacity());
        Arrays.fill(first.array(), (byte) 0x5a); // a full frame was written and sent
        eth.recycle(first);

        ByteBuffer small = eth.takeFrame(42); // an ARP-sized frame: padded to 60
        assertSame(first, small);
        assertEquals(0, small.position());
        assertEquals(60, small.limit());
        for (int i = 42; i < 60; i++) {
            assertEquals(0, small.get(i), "padding byte " + i + " is zero, not the old frame's");
        }
    }

    @Test
    void aFrameHandedBackTwiceIsKeptOnce() {
        ByteBuffer frame = eth.takeFrame(100);
        eth.recycle(frame);
        eth.recycle(frame);
        ByteBuffer a = eth.takeFrame(100);
        ByteBuffer b = eth.takeFrame(100);
        assertSame(frame, a);
        assertNotSame(a, b, "one buffer must never back two frames");
    }

    @Test
    void framesOfAnotherSizeAreNotKept() {
        eth.recycle(ByteBuffer.allocate(64)); // e.g. a frame built by the general path
        assertEquals(1514, eth.takeFrame(64).capacity());
    }
}
