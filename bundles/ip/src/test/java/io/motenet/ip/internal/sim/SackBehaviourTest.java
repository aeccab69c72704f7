package io.motenet.ip.internal.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.motenet.ip.internal.socket.tcp.TcpConfig;
import io.motenet.ip.internal.socket.tcp.TcpConnection;
import io.motenet.ip.internal.wire.TcpOptions;
import io.motenet.ip.internal.wire.TcpSegment;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SACK on the wire between two stacks: negotiated, blocks sent, only holes resent, tail loss probed. */
class SackBehaviourTest {
    static final long MS = 1_000_000L;
    static final int MSS = 1448;

    @Test
    void sackIsNegotiatedAndOnlyTheHolesAreResent() {
        TcpPair p = new TcpPair(21);
        TcpConnection[] c = p.connect(80, TcpConfig.defaults(), TcpConfig.defaults());
        Sniffer.Seen syn = p.sa.out().get(0);
        assertTrue(syn.seg().has(TcpSegment.SYN) && syn.seg().options().sackPermitted(), "SYN offers SACK");
        assertTrue(c[0].stats().sackPermitted() && c[1].stats().sackPermitted());
        // drop the 2nd and the 5th segment of a 10-segment burst, once each
        int[] dropped = new int[2];
        int[] n = {0};
        p.sa.dropOut = s -> {
            if (s.len() == 0) {
                return false;
            }
            n[0]++;
            if (n[0] == 2 || n[0] == 5) {
                dropped[n[0] == 2 ? 0 : 1] = s.seg().seq();
                return true;
            }
            return false;
        };
        c[0].write(ByteBuffer.allocate(10 * MSS));
        p.a.kick();
        ByteBuffer got = ByteBuffer.allocate(10 * MSS);
        p.runUntil(() -> {
            c[1].read(got);
            p.b.kick();
            return !got.hasRemaining();
        }, 5);
        assertEquals(10 * MSS, got.position(), "all arrived");
        List<TcpOptions.SackBlock> blocks = p.sb.out().stream().filter(Sniffer.Seen::pureAck)
                .flatMap(s -> s.seg().options().sackBlocks().stream()).toList();
        assertTrue(blocks.stream().anyMatch(b -> b.left() == dropped[0] + MSS), "b SACKed what followed the first hole: " + blocks);
        assertEquals(2L * MSS, c[0].stats().bytesRetransmitted(), "exactly the two holes were resent");
        assertEquals(0, c[0].stats().timeouts(), "no retransmission timeout");
    }

    @Test
    void aLostTailIsProbedLongBeforeTheRetransmissionTimeout() {
        TcpPair p = new TcpPair(22);
        TcpConnection[] c = p.connect(80, TcpConfig.defaults(), TcpConfig.defaults());
        int[] n = {0};
        p.sa.dropOut = s -> s.len() > 0 && ++n[0] == 4; // the last of four segments
        c[0].write(ByteBuffer.allocate(4 * MSS));
        p.a.kick();
        ByteBuffer got = ByteBuffer.allocate(4 * MSS);
        long start = p.sim.now();
        p.runUntil(() -> {
            c[1].read(got);
            p.b.kick();
            return !got.hasRemaining();
        }, 5);
        long took = p.sim.now() - start;
        assertEquals(4 * MSS, got.position());
        assertEquals(0, c[0].stats().timeouts(), "the probe, not the RTO, recovered it");
        assertTrue(took < 100 * MS, "recovered within 2 RTT + the delayed-ACK allowance, not 200 ms: " + took / 1e6 + " ms");
        assertEquals(1, p.a.stack.counters().get("tcp.tx.tail_probe"));
    }

    @Test
    void sackIsOnlyUsedWhenBothSidesOfferIt() {
        TcpPair p = new TcpPair(21);
        TcpConfig noSack = TcpConfig.defaults().withSack(false);
        TcpConnection[] c = p.connect(80, noSack, TcpConfig.defaults());
        assertTrue(!c[0].stats().sackPermitted() && !c[1].stats().sackPermitted(), "one side off: not negotiated");
        assertTrue(p.sa.out().get(0).seg().options().sackPermitted() == false);
    }
}
