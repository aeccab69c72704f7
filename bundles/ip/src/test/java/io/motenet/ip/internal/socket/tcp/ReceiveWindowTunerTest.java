package io.motenet.ip.internal.socket.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Receive-window auto-tuning: growth with the bandwidth-delay product, within limits. */
class ReceiveWindowTunerTest {
    static final long MS = 1_000_000L;

    @Test
    void aSenderThatFillsTheWindowDoublesItEachRoundTripUpToTheMaximum() {
        ReceiveWindowTuner t = new ReceiveWindowTuner(64 * 1024, 1 << 20);
        long now = 0;
        t.onReceived(0, now, 100 * MS); // the measurement starts with the first arrival (the handshake's ACK)
        int[] seen = new int[6];
        for (int rtt = 0; rtt < 6; rtt++) {
            int window = t.target();
            for (int i = 0; i < 10; i++) { // the whole window arrives in ten pieces per round trip
                now += 10 * MS;
                t.onReceived(window / 10, now, 100 * MS);
            }
            seen[rtt] = t.target();
        }
        assertEquals(128 * 1024, seen[0], 1024, "doubled after the first round trip");
        assertEquals(256 * 1024, seen[1], 2048);
        assertEquals(1 << 20, seen[5], "capped at the maximum");
    }

    @Test
    void aSlowSenderLeavesTheWindowAlone() {
        ReceiveWindowTuner t = new ReceiveWindowTuner(64 * 1024, 1 << 20);
        long now = 0;
        for (int i = 0; i < 1000; i++) {
            now += 10 * MS;
            t.onReceived(1000, now, 100 * MS); // 10 KB per round trip: a sixth of the window
        }
        assertEquals(64 * 1024, t.target());
        ReceiveWindowTuner noRtt = new ReceiveWindowTuner(64 * 1024, 1 << 20);
        for (int i = 0; i < 100; i++) {
            noRtt.onReceived(64 * 1024, i * MS, 0);
        }
        assertEquals(64 * 1024, noRtt.target(), "no round-trip estimate: no tuning");
    }

    @Test
    void growingTheBufferKeepsHeldAndOutOfOrderBytes() {
        ReceiveBuffer r = new ReceiveBuffer(8);
        r.write(0, ByteBuffer.wrap("abcdef".getBytes()));
        ByteBuffer out = ByteBuffer.allocate(4);
        r.read(out); // head moves to 4: the next writes wrap around the ring
        r.write(0, ByteBuffer.wrap("ghi".getBytes()));
        r.write(4, ByteBuffer.wrap("m".getBytes())); // out of order, wraps
        r.grow(32);
        assertEquals(32, r.capacity());
        assertEquals(32 - 5, r.window());
        assertEquals(7, r.write(0, ByteBuffer.wrap("jklmnop".getBytes())), "fills the hole before 'm' and beyond");
        ByteBuffer all = ByteBuffer.allocate(32);
        r.read(all);
        assertEquals("efghijklmnop", new String(all.array(), 0, all.position()));
        assertTrue(r.window() == 32);
    }
}
