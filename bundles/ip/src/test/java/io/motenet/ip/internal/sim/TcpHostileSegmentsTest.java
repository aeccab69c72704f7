package io.motenet.ip.internal.sim;

import static io.motenet.ip.internal.sim.TcpPair.A;
import static io.motenet.ip.internal.sim.TcpPair.B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.motenet.ip.internal.socket.tcp.TcpConnection;
import io.motenet.ip.internal.socket.tcp.TcpState;
import io.motenet.ip.internal.wire.TcpOptions;
import io.motenet.ip.internal.wire.TcpSegment;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Blind attacks and garbage aimed at live connections: random flags, sequence and acknowledgment
 * numbers, windows, options and payloads, well-formed enough to pass the checksum. Nothing may
 * throw, no memory may grow without bound, and segments that cannot be in the window must not
 * reset or corrupt the stream (RFC 5961's point).
 */
class TcpHostileSegmentsTest {

    @Test
    void twentyThousandBlindSegmentsNeitherCrashNorCorruptTheStream() {
        TcpPair p = new TcpPair(31);
        TcpConnection[] c = p.connect(80, null, null);
        TcpPair.write(c[0], "before");
        p.a.kick();
        p.run(0.1);
        assertEquals("before", TcpPair.read(c[1]));
        Sniffer.Seen last = p.sa.out().stream().filter(s -> s.len() > 0).toList().getLast();
        int rcvNxtAtB = last.seg().seq() + last.len();
        SplittableRandom r = new SplittableRandom(31);
        int port = c[0].localPort();
        for (int i = 0; i < 20_000; i++) {
            int seq;
            do {
                seq = r.nextInt();
            } while (seq - rcvNxtAtB > -(1 << 20) && seq - rcvNxtAtB < (1 << 20)); // never near the window
            int flags = r.nextInt(256);
            List<TcpOptions.SackBlock> sack = new ArrayList<>();
            for (int k = r.nextInt(3); k > 0; k--) {
                sack.add(new TcpOptions.SackBlock(r.nextInt(), r.nextInt()));
            }
            TcpOptions o = new TcpOptions(r.nextBoolean() ? r.nextInt(65536) : -1, r.nextBoolean() ? r.nextInt(15) : -1,
                    r.nextBoolean(), r.nextBoolean(), r.nextInt(), r.nextInt(), sack);
            byte[] data = new byte[r.nextInt(64)];
            r.nextBytes(data);
            TcpSegment s = new TcpSegment(port, 80, seq, r.nextInt(), flags, r.nextInt(65536), r.nextInt(65536), o,
                    ByteBuffer.wrap(data));
            p.inject(p.b, p.a, A, B, s);
            if (i % 100 == 99) {
                p.run(0.001);
            }
        }
        p.run(1);
        assertEquals(TcpState.ESTABLISHED, c[1].state(), "no blind segment reset the connection");
        assertEquals(0, c[1].readable(), "no blind segment's data reached the application");
        TcpPair.write(c[0], "after");
        p.a.kick();
        p.run(0.1);
        assertEquals("after", TcpPair.read(c[1]));
        assertTrue(p.b.stack.tcp().connections().size() <= 1 + p.b.stack.tcp().limits().synQueue(),
                "SYNs to a listener port stay within the SYN queue: " + p.b.stack.tcp().connections().size());
    }

    @Test
    void garbageToAListenerAndToClosedPortsIsAnsweredAtMostWithRst() {
        TcpPair p = new TcpPair(32);
        p.b.stack.tcp().listen(null, 80, 8, null);
        SplittableRandom r = new SplittableRandom(32);
        for (int i = 0; i < 5000; i++) {
            int dport = r.nextBoolean() ? 80 : r.nextInt(1, 65536);
            TcpSegment s = new TcpSegment(r.nextInt(1, 65536), dport, r.nextInt(), r.nextInt(), r.nextInt(256),
                    r.nextInt(65536), 0, TcpOptions.NONE, ByteBuffer.allocate(r.nextInt(8)));
            p.inject(p.b, p.a, A, B, s);
            if (i % 100 == 99) {
                p.run(0.001);
            }
        }
        p.run(1);
        long rst = p.sb.out().stream().filter(s -> s.seg().has(TcpSegment.RST)).count();
        long synAck = p.sb.out().stream().filter(s -> s.seg().has(TcpSegment.SYN)).count();
        long other = p.sb.out().size() - rst - synAck;
        assertTrue(rst > 1000, "strays are reset: " + rst);
        assertTrue(synAck > 0, "bare SYNs to the listener are answered");
        assertTrue(other < 50, "hardly anything else: " + other); // challenge ACKs to half-open ones
        assertTrue(p.b.stack.tcp().connections().size() <= p.b.stack.tcp().limits().synQueue());
    }

    @Test
    void pureAcksOutOfTheWindowAreAnsweredAtMostTwiceASecondButDataAlways() {
        TcpPair p = new TcpPair(33);
        TcpConnection[] c = p.connect(80, null, null);
        TcpPair.write(c[0], "hello");
        p.a.kick();
        p.run(0.1);
        assertEquals("hello", TcpPair.read(c[1]));
        Sniffer.Seen last = p.sa.out().stream().filter(s -> s.len() > 0).toList().getLast();
        int rcvNxtAtB = last.seg().seq() + last.len();
        int port = c[0].localPort();
        // 1,000 pure ACKs far ahead of b's window, over one simulated second
        p.sb.clear();
        for (int i = 0; i < 1000; i++) {
            p.inject(p.b, p.a, A, B, new TcpSegment(port, 80, rcvNxtAtB + (1 << 30), last.seg().ack(), TcpSegment.ACK,
                    1000, 0, TcpOptions.NONE, ByteBuffer.allocate(0)));
            p.run(0.001);
        }
        long answers = p.sb.out().stream().filter(Sniffer.Seen::pureAck).count();
        assertTrue(answers >= 1 && answers <= 3, "out-of-window pure ACKs answered at most every 500 ms: " + answers);
        assertTrue(p.b.stack.counters().get("tcp.drop.out_of_window_ack_limited") >= 997);
        // data below the window (a retransmission whose ACK was lost) is answered every time
        p.sb.clear();
        for (int i = 0; i < 5; i++) {
            p.inject(p.b, p.a, A, B, new TcpSegment(port, 80, rcvNxtAtB - 5, last.seg().ack(), TcpSegment.ACK, 1000, 0,
                    TcpOptions.NONE, ByteBuffer.wrap("hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII))));
            p.run(0.001);
        }
        assertEquals(5, p.sb.out().stream().filter(Sniffer.Seen::pureAck).count(), "each old data segment acked");
        assertEquals(TcpState.ESTABLISHED, c[1].state());
    }
}
