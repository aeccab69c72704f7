package io.motenet.ip.internal.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.motenet.ip.internal.socket.tcp.TcpConfig;
import io.motenet.ip.internal.socket.tcp.TcpConnection;
import io.motenet.ip.internal.wire.TcpSegment;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The windows a connection starts with, and the receive window growing with auto-tuning. */
class TcpWindowTest {

    @Test
    void theSynAckWindowIsTakenUnscaled() {
        TcpPair p = new TcpPair(31);
        TcpConnection[] c = p.connect(80, TcpConfig.defaults(), TcpConfig.defaults());
        TcpSegment synAck = p.sa.in().get(0).seg();
        assertTrue(synAck.has(TcpSegment.SYN) && synAck.has(TcpSegment.ACK));
        assertEquals(7, synAck.options().windowScale(), "4 MiB buffers: shift 7");
        // RFC 7323 2.2: the SYN,ACK's window is not scaled; taking it scaled made 64 KiB look like 8 MiB
        assertEquals(synAck.window(), c[0].stats().peerWindow());
    }

    @Test
    void autoTuningGrowsTheOfferedWindowForABulkStream() {
        TcpPair p = new TcpPair(32);
        TcpConnection[] c = p.connect(80, TcpConfig.defaults(), TcpConfig.defaults());
        assertTrue(c[1].stats().receiveWindow() <= 65536, "the receive ring starts at 64 KiB: " + c[1].stats().receiveWindow());
        ByteBuffer junk = ByteBuffer.allocate(1 << 20);
        long[] read = {0};
        p.runUntil(() -> {
            c[0].write(junk.clear());
            p.a.kick();
            int n = c[1].read(ByteBuffer.allocate(1 << 20));
            read[0] += Math.max(0, n);
            p.b.kick();
            return read[0] > 64L << 20;
        }, 30);
        assertTrue(read[0] > 64L << 20, "64 MiB moved");
        assertTrue(c[1].stats().receiveWindow() > 65536, "the window grew: " + c[1].stats());
    }
}
