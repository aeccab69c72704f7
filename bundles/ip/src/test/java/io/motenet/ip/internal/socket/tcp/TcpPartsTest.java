package io.motenet.ip.internal.socket.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.motenet.ip.internal.wire.Ipv4Address;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The small parts of TCP on their own: sequence arithmetic, buffers, RTO, NewReno, cookies, ISNs. */
class TcpPartsTest {
    static final long MS = 1_000_000L;
    static final long S = 1_000_000_000L;
    static final Ipv4Address A = Ipv4Address.parse("10.0.0.1");
    static final Ipv4Address B = Ipv4Address.parse("10.0.0.2");

    @Test
    void sequenceNumbersCompareAcrossTheWrap() {
        assertTrue(Seq.lt(0xfffffff0, 0x10));
        assertTrue(Seq.gt(0x10, 0xfffffff0));
        assertTrue(Seq.inRange(2, 0xfffffffe, 5));
        assertFalse(Seq.inRange(5, 0xfffffffe, 5));
    }

    @Test
    void receiveBufferAssemblesOutOfOrderData() {
        ReceiveBuffer r = new ReceiveBuffer(16);
        assertFalse(r.allocated(), "nothing allocated before data");
        assertEquals(0, r.write(4, ByteBuffer.wrap("efgh".getBytes())));
        assertEquals(0, r.write(10, ByteBuffer.wrap("kl".getBytes())));
        assertTrue(r.hasOutOfOrder());
        assertEquals(16, r.window(), "out-of-order data does not shrink the window");
        assertEquals(8, r.write(0, ByteBuffer.wrap("abcd".getBytes()))); // fills the first hole
        assertEquals(8, r.write(0, ByteBuffer.wrap("ijklmnopqr".getBytes()))); // overlaps "kl"; "qr" is past the window
        assertEquals(0, r.window());
        ByteBuffer out = ByteBuffer.allocate(16);
        assertEquals(16, r.read(out));
        assertEquals("abcdefghijklmnop", new String(out.array()));
        assertFalse(r.hasOutOfOrder());
        assertEquals(16, r.window());
    }

    @Test
    void receiveBufferBoundsItsHoles() {
        ReceiveBuffer r = new ReceiveBuffer(1024);
        for (int i = 0; i < ReceiveBuffer.MAX_RANGES; i++) {
            assertEquals(0, r.write(2 + 4 * i, ByteBuffer.wrap(new byte[1])));
        }
        assertEquals(-1, r.write(2 + 4 * ReceiveBuffer.MAX_RANGES, ByteBuffer.wrap(new byte[1])), "one hole too many");
        assertEquals(0, r.write(3, ByteBuffer.wrap(new byte[1])), "adjacent to a range: merged, no new hole");
        assertEquals(4, r.write(0, ByteBuffer.wrap(new byte[2])));
    }

    @Test
    void sendBufferWrapsAround() {
        SendBuffer s = new SendBuffer(8);
        assertEquals(6, s.write(ByteBuffer.wrap("abcdef".getBytes())));
        s.drop(4);
        assertEquals(6, s.write(ByteBuffer.wrap("ghijklmn".getBytes())));
        ByteBuffer out = ByteBuffer.allocate(8);
        s.copy(0, 8, out);
        assertEquals("efghijkl", new String(out.array()));
    }

    @Test
    void rtoFollowsRfc6298() {
        RttEstimator e = new RttEstimator(S, 200 * MS, 120 * S);
        assertEquals(S, e.rto(), "1 s before any sample");
        e.sample(100 * MS);
        assertEquals(300 * MS, e.rto(), "SRTT + 4 RTTVAR = R + 2R");
        e.sample(100 * MS);
        assertEquals(100 * MS, e.srtt());
        assertEquals(37_500_000L, e.rttvar(), "3/4 of R/2");
        assertEquals(250 * MS, e.rto());
        e.backOff();
        e.backOff();
        assertEquals(S, e.rto(), "doubled twice");
        for (int i = 0; i < 20; i++) {
            e.backOff();
        }
        assertEquals(120 * S, e.rto(), "bounded");
        e.sample(MS);
        e.resetBackoff();
        assertTrue(e.rto() >= 200 * MS, "floor");
    }

    @Test
    void newRenoSlowStartThenLinearGrowthThenHalving() {
        NewReno n = new NewReno(1000);
        assertEquals(10_000, n.cwnd(), "RFC 6928 initial window");
        n.onAck(1000, 10_000, 0, 0);
        assertEquals(11_000, n.cwnd(), "slow start: one MSS per ACK");
        n.onLoss(20_000, 0);
        assertEquals(10_000, n.ssthresh(), "half the flight");
        n.setCwnd(10_000);
        for (int i = 0; i < 10; i++) {
            n.onAck(1000, 10_000, 0, 0);
        }
        assertEquals(11_000, n.cwnd(), "avoidance: one MSS per window");
        n.onTimeout(8000, 0);
        assertEquals(1000, n.cwnd());
        assertEquals(4000, n.ssthresh());
    }

    @Test
    void synCookiesValidateAndRefuseForgeries() {
        Secrets s = new Secrets(new SplittableRandom(1));
        long now = 1000 * S;
        int cookie = s.cookie(A, 80, B, 40000, 12345, 3, now);
        assertEquals(3, s.checkCookie(A, 80, B, 40000, 12345, cookie, now + 10 * S));
        assertEquals(3, s.checkCookie(A, 80, B, 40000, 12345, cookie, now + 64 * S), "one period later still");
        assertEquals(-1, s.checkCookie(A, 80, B, 40000, 12345, cookie, now + 200 * S), "expired");
        assertEquals(-1, s.checkCookie(A, 80, B, 40001, 12345, cookie, now), "other port");
        assertEquals(-1, s.checkCookie(A, 80, B, 40000, 12346, cookie, now), "other peer ISN");
        assertEquals(-1, s.checkCookie(A, 80, B, 40000, 12345, cookie ^ 1, now), "forged");
        assertEquals(1460, Secrets.cookieMss(Secrets.cookieMssIndex(1460)));
        assertEquals(1440, Secrets.cookieMss(Secrets.cookieMssIndex(1452)));
    }

    @Test
    void isnsFollowTheClockAndDifferPerConnection() {
        Secrets s = new Secrets(new SplittableRandom(2));
        int a = s.isn(A, 80, B, 40000, 0);
        assertEquals(a + 250_000, s.isn(A, 80, B, 40000, S), "4 microsecond ticks");
        assertTrue(a != s.isn(A, 80, B, 40001, 0));
        assertTrue(a != new Secrets(new SplittableRandom(3)).isn(A, 80, B, 40000, 0), "keyed per stack");
    }
}
