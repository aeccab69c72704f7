package io.motenet.ip.internal.sim;

import static io.motenet.ip.internal.sim.TcpPair.A;
import static io.motenet.ip.internal.sim.TcpPair.B;
import static io.motenet.ip.internal.sim.TcpPair.read;
import static io.motenet.ip.internal.sim.TcpPair.segment;
import static io.motenet.ip.internal.sim.TcpPair.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.motenet.ip.internal.socket.tcp.TcpConfig;
import io.motenet.ip.internal.socket.tcp.TcpConnection;
import io.motenet.ip.internal.socket.tcp.TcpListener;
import io.motenet.ip.internal.socket.tcp.TcpState;
import io.motenet.ip.internal.wire.TcpOptions;
import io.motenet.ip.internal.wire.TcpSegment;
import io.motenet.link.internal.fault.FaultPlan;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One test per TCP behaviour with an effect that can be seen on the wire or in the state. */
class TcpBehaviourTest {
    static final long MS = 1_000_000L;
    static final long S = 1_000_000_000L;

    @Test
    void simultaneousOpenEstablishesBothSides() {
        TcpPair p = new TcpPair(1);
        TcpConnection ca = p.a.stack.tcp().connect(null, 4000, B, 5000, null, 0, p.sim.now());
        TcpConnection cb = p.b.stack.tcp().connect(null, 5000, A, 4000, null, 0, p.sim.now());
        p.a.kick();
        p.b.kick();
        assertTrue(p.runUntil(() -> ca.state() == TcpState.ESTABLISHED && cb.state() == TcpState.ESTABLISHED, 5));
        // Each side sent a bare SYN, then a SYN,ACK on the same ISN (RFC 9293 figure 8).
        List<Sniffer.Seen> synsA = p.sa.out().stream().filter(s -> s.seg().has(TcpSegment.SYN)).toList();
        assertEquals(TcpSegment.SYN, synsA.get(0).seg().flags());
        assertEquals(TcpSegment.SYN | TcpSegment.ACK, synsA.get(1).seg().flags());
        assertEquals(synsA.get(0).seg().seq(), synsA.get(1).seg().seq());
        write(ca, "from a");
        write(cb, "from b");
        p.a.kick();
        p.b.kick();
        p.run(0.1);
        assertEquals("from a", read(cb));
        assertEquals("from b", read(ca));
    }

    @Test
    void halfCloseLetsThePeerKeepSending() {
        TcpPair p = new TcpPair(2);
        TcpConnection[] c = p.connect(80, null, null);
        write(c[0], "GET /");
        c[0].shutdownOutput();
        p.a.kick();
        p.run(0.1);
        assertEquals(TcpState.FIN_WAIT_2, c[0].state());
        assertEquals(TcpState.CLOSE_WAIT, c[1].state());
        assertEquals("GET /", read(c[1]));
        assertEquals(-1, c[1].read(ByteBuffer.allocate(10))); // the end of the client's stream
        write(c[1], "a reply after the client's FIN");
        p.b.kick();
        p.run(0.1);
        assertEquals("a reply after the client's FIN", read(c[0]));
        assertEquals(-1, c[0].write(ByteBuffer.wrap(new byte[1]))); // the client can no longer write
        c[1].close();
        p.b.kick();
        p.run(0.1);
        assertEquals(TcpState.TIME_WAIT, c[0].state());
        assertEquals(TcpState.CLOSED, c[1].state());
        assertNull(c[1].failure());
        assertTrue(c[0].atEof());
    }

    @Test
    void simultaneousCloseGoesThroughClosing() {
        TcpPair p = new TcpPair(3);
        TcpConnection[] c = p.connect(80, null, null);
        c[0].close();
        c[1].close();
        p.a.kick();
        p.b.kick();
        p.run(0.1);
        // Both FINs crossed: each side went FIN-WAIT-1 -> CLOSING -> TIME-WAIT.
        assertEquals(TcpState.TIME_WAIT, c[0].state());
        assertEquals(TcpState.TIME_WAIT, c[1].state());
    }

    @Test
    void timeWaitLastsTheConfigured2MslAndReacksARetransmittedFin() {
        TcpPair p = new TcpPair(4);
        TcpConnection[] c = p.connect(80, TcpConfig.defaults().withTimeWait(5 * S), null);
        c[0].close();
        p.a.kick();
        p.run(0.05);
        c[1].close();
        p.b.kick();
        p.run(0.05);
        assertEquals(TcpState.TIME_WAIT, c[0].state());
        long enteredAt = p.sim.now();
        // The server's FIN comes again (as if our ACK were lost): it is acked and 2MSL restarts.
        Sniffer.Seen fin = p.sa.in().stream().filter(s -> s.seg().has(TcpSegment.FIN)).findFirst().orElseThrow();
        p.run(3);
        int acksBefore = p.sa.out().size();
        TcpSegment f = fin.seg();
        TcpOptions again = f.options().withTimestamps(f.options().tsVal() + 3000, f.options().tsEcr()); // sent 3 s later
        p.inject(p.a, p.b, B, A, new TcpSegment(f.srcPort(), f.dstPort(), f.seq(), f.ack(), f.flags(), f.window(), 0,
                again, f.payload()));
        p.run(0.01);
        assertEquals(acksBefore + 1, p.sa.out().size());
        assertTrue(p.sa.out().getLast().pureAck());
        p.run(4.9);
        assertEquals(TcpState.TIME_WAIT, c[0].state(), "2MSL restarted by the retransmitted FIN");
        // The server, long closed, answered our ACK with RST; RFC 1337: TIME-WAIT ignores it.
        assertEquals(1, p.a.stack.counters().get("tcp.drop.rst_in_time_wait"));
        p.run(0.2);
        assertEquals(TcpState.CLOSED, c[0].state());
        assertTrue(p.sim.now() - enteredAt > 8 * S);
        assertTrue(p.a.stack.tcp().connections().isEmpty());
    }

    @Test
    void inWindowRstAndSynGetChallengeAcksOnlyAnExactRstResets() {
        TcpPair p = new TcpPair(5);
        TcpConnection[] c = p.connect(80, null, null);
        write(c[0], "hello");
        p.a.kick();
        p.run(0.1);
        Sniffer.Seen last = p.sa.out().getLast();
        int rcvNxtAtB = p.sa.out().stream().filter(s -> s.len() > 0).toList().getLast().seg().seq() + 5;
        int port = c[0].localPort();
        int outBefore = p.sb.out().size();
        // RFC 5961 3.2: RST in window, not exact -> challenge ACK, connection lives
        p.inject(p.b, p.a, A, B, segment(port, 80, rcvNxtAtB + 100, 0, TcpSegment.RST, TcpOptions.NONE, ""));
        p.run(0.01);
        assertEquals(TcpState.ESTABLISHED, c[1].state());
        assertEquals(1, c[1].stats().challengeAcks());
        assertEquals(outBefore + 1, p.sb.out().size());
        assertEquals(rcvNxtAtB, p.sb.out().getLast().seg().ack(), "the challenge ACK says where RCV.NXT is");
        // RFC 5961 4.2: a SYN on an established connection -> challenge ACK
        p.inject(p.b, p.a, A, B, segment(port, 80, 12345, 0, TcpSegment.SYN, TcpOptions.NONE, ""));
        p.run(0.01);
        assertEquals(TcpState.ESTABLISHED, c[1].state());
        assertEquals(2, c[1].stats().challengeAcks());
        // out of window: silently dropped
        p.inject(p.b, p.a, A, B, segment(port, 80, rcvNxtAtB + 10_000_000, 0, TcpSegment.RST, TcpOptions.NONE, ""));
        p.run(0.01);
        assertEquals(TcpState.ESTABLISHED, c[1].state());
        assertEquals(2, c[1].stats().challengeAcks());
        // exact: reset
        p.inject(p.b, p.a, A, B, segment(port, 80, rcvNxtAtB, 0, TcpSegment.RST, TcpOptions.NONE, ""));
        p.run(0.01);
        assertEquals(TcpState.CLOSED, c[1].state());
        assertEquals(TcpConnection.Failure.RESET, c[1].failure());
        assertNotNull(last);
    }

    @Test
    void pawsDropsASegmentWithAnOldTimestamp() {
        TcpPair p = new TcpPair(6);
        TcpConnection[] c = p.connect(80, null, null);
        write(c[0], "first");
        p.a.kick();
        p.run(2);
        assertEquals("first", read(c[1]));
        Sniffer.Seen data = p.sa.out().stream().filter(s -> s.len() > 0).findFirst().orElseThrow();
        TcpOptions o = data.seg().options();
        assertTrue(o.timestamps());
        int rcvNxt = data.seg().seq() + 5;
        // In window and in sequence, but its timestamp is older than the last one seen: an old
        // duplicate from a wrapped sequence space (RFC 7323 5).
        p.inject(p.b, p.a, A, B, new TcpSegment(c[0].localPort(), 80, rcvNxt, data.seg().ack(),
                TcpSegment.ACK | TcpSegment.PSH, 1000, 0, o.withTimestamps(o.tsVal() - 1000, o.tsEcr()),
                ByteBuffer.wrap("stale".getBytes())));
        p.run(0.1);
        assertEquals(1, c[1].stats().pawsDrops());
        assertEquals(0, c[1].readable());
        assertEquals(1, p.b.stack.counters().get("tcp.drop.paws"));
        write(c[0], "second"); // the genuine stream goes on
        p.a.kick();
        p.run(0.1);
        assertEquals("second", read(c[1]));
    }

    /** Writes 10 bytes every millisecond for 200 ms over a path with 20 ms RTT; returns data segments. */
    private static long smallWrites(boolean nagle) {
        TcpPair p = new TcpPair(7, FaultPlan.NONE.withDelay(Duration.ofMillis(10), Duration.ZERO));
        TcpConnection[] c = p.connect(80, TcpConfig.defaults().withNagle(nagle), null);
        p.sa.clear();
        long t0 = p.sim.now();
        for (int i = 0; i < 200; i++) {
            p.sim.clock.schedule(t0 + i * MS, () -> {
                write(c[0], "0123456789");
                p.a.kick();
            });
        }
        p.run(1);
        assertEquals(2000, read(c[1]).length());
        return p.sa.out().stream().filter(s -> s.len() > 0).count();
    }

    @Test
    void nagleCoalescesSmallWrites() {
        long with = smallWrites(true);
        long without = smallWrites(false);
        assertEquals(200, without, "without Nagle every write is a segment");
        assertTrue(with <= 20, "with Nagle one small segment per round trip: " + with);
    }

    @Test
    void delayedAckWaitsUpToItsTimerButAcksEverySecondFullSegmentAtOnce() {
        TcpPair p = new TcpPair(8);
        TcpConnection[] c = p.connect(80, null, TcpConfig.defaults().withDelayedAck(40 * MS));
        p.run(1);
        p.sb.clear();
        write(c[0], "x");
        p.a.kick();
        p.run(1);
        Sniffer.Seen data = p.sb.in().stream().filter(s -> s.len() > 0).findFirst().orElseThrow();
        Sniffer.Seen ack = p.sb.out().stream().filter(Sniffer.Seen::pureAck).findFirst().orElseThrow();
        long delay = ack.at() - data.at();
        assertTrue(delay >= 40 * MS && delay < 41 * MS, "one small segment is acked after 40 ms: " + delay);
        // Two full segments: the second is acked at once (RFC 5681 4.2).
        p.sb.clear();
        c[0].write(ByteBuffer.allocate(2 * 1448));
        p.a.kick();
        p.run(1);
        List<Sniffer.Seen> in = p.sb.in().stream().filter(s -> s.len() > 0).toList();
        assertEquals(2, in.size());
        Sniffer.Seen ack2 = p.sb.out().stream().filter(Sniffer.Seen::pureAck).findFirst().orElseThrow();
        assertTrue(ack2.at() - in.get(1).at() < MS, "acked at once: " + (ack2.at() - in.get(1).at()));
        assertEquals(in.get(1).seg().seq() + 1448, ack2.seg().ack());
    }

    @Test
    void keepAliveProbesAfterIdleAndAbortsWhenUnanswered() {
        TcpPair p = new TcpPair(9);
        TcpConnection[] c = p.connect(80, TcpConfig.defaults().withKeepAlive(10 * S, 2 * S, 3), null);
        p.sa.clear();
        long t0 = p.sim.now();
        p.run(35);
        // Answered probes: one per idle period, each a zero-length segment one byte behind SND.NXT
        List<Sniffer.Seen> probes = p.sa.out();
        assertEquals(3, probes.size(), "probes at 10, 20 and 30 s");
        long first = probes.get(0).at() - t0;
        assertTrue(first > 9900 * MS && first <= 10 * S, "first probe 10 s after the last segment: " + first);
        assertEquals(0, probes.get(0).len());
        assertEquals(3, p.sa.in().size(), "each answered");
        assertEquals(TcpState.ESTABLISHED, c[0].state());
        // The peer goes silent: three unanswered probes two seconds apart, then the connection ends.
        p.sa.dropIn = s -> true;
        p.sa.clear();
        p.run(20);
        assertEquals(TcpState.CLOSED, c[0].state());
        assertEquals(TcpConnection.Failure.TIMED_OUT, c[0].failure());
        assertEquals(1, p.a.stack.counters().get("tcp.abort.keepalive"));
        assertEquals(6, c[0].stats().keepAliveProbes());
    }

    @Test
    void zeroWindowIsProbedWithBackoffAndTransferResumes() {
        TcpPair p = new TcpPair(10);
        TcpConnection[] c = p.connect(80, null, TcpConfig.defaults().withBuffers(16 * 1024, 16 * 1024));
        byte[] data = new byte[100_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31);
        }
        ByteBuffer src = ByteBuffer.wrap(data);
        c[0].write(src);
        p.a.kick();
        p.run(0.5);
        assertTrue(c[0].stats().peerWindow() < 1448, "the receiver's buffer is full: " + c[0].stats().peerWindow());
        p.sa.clear();
        p.run(30);
        List<Long> probes = p.sa.out().stream().filter(s -> s.len() == 0).map(Sniffer.Seen::at).toList();
        assertTrue(probes.size() >= 4, "probes " + probes.size());
        for (int i = 2; i < probes.size(); i++) {
            assertTrue(probes.get(i) - probes.get(i - 1) > probes.get(i - 1) - probes.get(i - 2),
                    "intervals grow: " + probes);
        }
        assertEquals(TcpState.ESTABLISHED, c[0].state(), "a peer that answers probes is never given up");
        ByteBuffer got = ByteBuffer.allocate(data.length);
        assertTrue(p.runUntil(() -> {
            c[1].read(got);
            if (src.hasRemaining()) {
                c[0].write(src);
            }
            p.a.kick();
            p.b.kick();
            return !got.hasRemaining();
        }, 10), "resumed: " + got.position());
        assertEquals(ByteBuffer.wrap(data), got.flip());
        assertTrue(c[0].stats().zeroWindowProbes() >= 4);
    }

    @Test
    void userTimeoutAbortsWhenDataStaysUnacknowledged() {
        TcpPair p = new TcpPair(11);
        TcpConnection[] c = p.connect(80, TcpConfig.defaults().withUserTimeout(5 * S), null);
        TcpConnection[] d = p.connect(81, null, null);
        p.sa.dropIn = s -> true; // the peer's answers stop arriving
        write(c[0], "into the void");
        write(d[0], "into the void");
        p.a.kick();
        p.run(4.9);
        assertEquals(TcpState.ESTABLISHED, c[0].state());
        p.run(0.2);
        assertEquals(TcpState.CLOSED, c[0].state());
        assertEquals(TcpConnection.Failure.TIMED_OUT, c[0].failure());
        assertEquals(1, p.a.stack.counters().get("tcp.abort.user_timeout"));
        assertEquals(TcpState.ESTABLISHED, d[0].state(), "without a user timeout it keeps retransmitting");
        assertTrue(d[0].stats().timeouts() >= 3);
    }

    @Test
    void connectToAClosedPortIsRefused() {
        TcpPair p = new TcpPair(12);
        TcpConnection c = p.a.stack.tcp().connect(B, 9, p.sim.now());
        p.a.kick();
        p.run(0.1);
        assertEquals(TcpState.CLOSED, c.state());
        assertEquals(TcpConnection.Failure.REFUSED, c.failure());
    }

    @Test
    void connectTimesOutWhenNobodyAnswers() {
        TcpPair p = new TcpPair(13);
        p.sa.dropIn = s -> true;
        TcpConnection c = p.a.stack.tcp().connect(null, 0, B, 80, null, 3 * S, p.sim.now());
        p.a.kick();
        p.run(2.9);
        assertEquals(TcpState.SYN_SENT, c.state());
        assertTrue(p.sa.out().size() >= 2, "SYN retransmitted after the initial RTO");
        p.run(0.2);
        assertEquals(TcpConnection.Failure.TIMED_OUT, c.failure());
    }

    @Test
    void abortSendsRstAndThePeerSeesAReset() {
        TcpPair p = new TcpPair(14);
        TcpConnection[] c = p.connect(80, null, null);
        c[0].abort();
        p.a.kick();
        p.run(0.1);
        assertTrue(p.sa.out().getLast().seg().has(TcpSegment.RST));
        assertEquals(TcpState.CLOSED, c[0].state());
        assertEquals(TcpConnection.Failure.RESET, c[1].failure());
    }

    @Test
    void closeWithUnreadDataResets() {
        TcpPair p = new TcpPair(15);
        TcpConnection[] c = p.connect(80, null, null);
        write(c[0], "never read");
        p.a.kick();
        p.run(0.1);
        c[1].close();
        p.b.kick();
        p.run(0.1);
        assertEquals(TcpConnection.Failure.RESET, c[0].failure());
    }

    @Test
    void backlogBoundsTheAcceptQueue() {
        TcpPair p = new TcpPair(16);
        TcpListener l = p.b.stack.tcp().listen(null, 80, 2, null);
        TcpConnection[] cs = new TcpConnection[4];
        for (int i = 0; i < cs.length; i++) {
            cs[i] = p.a.stack.tcp().connect(B, 80, p.sim.now());
        }
        p.a.kick();
        p.run(0.5);
        assertEquals(2, l.acceptQueueLength());
        assertTrue(l.overflows() >= 2);
        assertNotNull(l.accept());
        assertNotNull(l.accept());
        p.run(10); // the others' handshakes complete when their ACK or SYN,ACK comes again
        assertEquals(2, l.acceptQueueLength());
        for (TcpConnection c : cs) {
            assertEquals(TcpState.ESTABLISHED, c.state());
        }
    }

    @Test
    void catchAllListenerLetsTheApplicationDecideBeforeTheSynAck() {
        TcpPair p = new TcpPair(17);
        TcpListener all = p.b.stack.tcp().listenAll(8, null);
        TcpConnection yes = p.a.stack.tcp().connect(B, 443, p.sim.now());
        TcpConnection no = p.a.stack.tcp().connect(B, 25, p.sim.now());
        p.a.kick();
        p.run(0.1);
        assertEquals(2, all.pendingDecisions().size());
        assertTrue(p.sb.out().isEmpty(), "no SYN,ACK before the decision");
        assertEquals(TcpState.SYN_SENT, yes.state());
        for (TcpConnection pending : all.pendingDecisions()) {
            if (pending.localPort() == 443) {
                all.admit(pending);
            } else {
                all.refuse(pending);
            }
        }
        p.b.kick();
        p.run(0.1);
        assertEquals(TcpState.ESTABLISHED, yes.state());
        assertEquals(TcpConnection.Failure.REFUSED, no.failure());
        TcpConnection accepted = all.accept();
        assertEquals(443, accepted.localPort());
        assertNull(all.accept());
    }

    @Test
    void catchAllForgetsASynNobodyDecidesOn() {
        TcpPair p = new TcpPair(18);
        TcpListener all = p.b.stack.tcp().listenAll(8, null);
        TcpConnection c = p.a.stack.tcp().connect(null, 0, B, 443, null, 40 * S, p.sim.now());
        p.a.kick();
        p.run(1);
        assertEquals(1, all.pendingDecisions().size());
        p.run(30);
        assertEquals(0, all.pendingDecisions().size(), "dropped after 30 s without a decision");
        assertTrue(p.b.stack.tcp().connections().isEmpty());
        assertTrue(p.sb.out().isEmpty(), "never answered");
        p.run(10);
        assertEquals(TcpConnection.Failure.TIMED_OUT, c.failure());
    }

    @Test
    void aConnectionToOurOwnAddressNeedsNoWire() {
        TcpPair p = new TcpPair(19);
        TcpListener l = p.a.stack.tcp().listen(null, 80, 4, null);
        TcpConnection c = p.a.stack.tcp().connect(A, 80, p.sim.now());
        p.a.kick();
        p.run(0.1);
        TcpConnection s = l.accept();
        assertNotNull(s);
        assertEquals(TcpState.ESTABLISHED, c.state());
        write(c, "to myself");
        p.a.kick();
        p.run(0.1);
        assertEquals("to myself", read(s));
        assertTrue(p.sa.out().isEmpty(), "nothing left the host");
    }

    @Test
    void theMemoryLimitRefusesConnectionsBeyondIt() {
        TcpPair p = new TcpPair(20);
        var tcpB = p.b.stack.tcp();
        tcpB.setLimits(new io.motenet.ip.internal.socket.tcp.TcpLayer.Limits(256, 65536, 2L * 2 * 256 * 1024, 1000));
        TcpListener l = tcpB.listen(null, 80, 8, null);
        TcpConnection[] cs = new TcpConnection[3];
        for (int i = 0; i < 3; i++) {
            cs[i] = p.a.stack.tcp().connect(B, 80, p.sim.now());
        }
        p.a.kick();
        p.run(0.5);
        assertEquals(2, l.acceptQueueLength(), "room for two connections' buffers only");
        assertEquals(2L * 2 * 256 * 1024, tcpB.reservedBytes());
        assertTrue(p.b.stack.counters().get("tcp.drop.memory") >= 1);
        TcpConnection first = l.accept();
        first.abort(); // frees its reservation ...
        p.b.kick();
        p.run(5); // ... and the third handshake completes when it is retried
        assertEquals(2, l.acceptQueueLength());
        // an active open beyond the limit fails at once
        tcpB.setLimits(new io.motenet.ip.internal.socket.tcp.TcpLayer.Limits(256, 65536, 0, 1000));
        TcpConnection refused = tcpB.connect(A, 9, p.sim.now());
        assertEquals(TcpConnection.Failure.UNREACHABLE, refused.failure());
    }

    @Test
    void aConnectToAHostThatNeverAnswersArpFailsAsUnreachable() {
        TcpPair p = new TcpPair(22);
        TcpConnection c = p.a.stack.tcp().connect(io.motenet.ip.internal.wire.Ipv4Address.parse("10.1.0.99"), 80,
                p.sim.now());
        p.a.kick();
        p.run(2.5);
        assertEquals(TcpState.SYN_SENT, c.state());
        p.run(2);
        assertEquals(TcpConnection.Failure.UNREACHABLE, c.failure(), "ARP gave up: no need to wait for SYN retries");
        assertEquals(1, p.a.stack.counters().get("tcp.icmp.connect_failed"));
    }

    @Test
    void icmpPortUnreachableRefusesAConnectAndABadSequenceNumberIsIgnored() {
        TcpPair p = new TcpPair(23);
        p.sb.dropIn = s -> true; // b never sees the SYN; a "firewall" answers for it
        TcpConnection c = p.a.stack.tcp().connect(B, 25, p.sim.now());
        p.a.kick();
        p.run(0.1);
        TcpSegment syn = p.sa.out().get(0).seg();
        TcpSegment forged = new TcpSegment(syn.srcPort(), syn.dstPort(), syn.seq() + 12345, 0, syn.flags(),
                syn.window(), 0, syn.options(), syn.payload());
        p.a.receive(icmpUnreachable(p, forged));
        p.run(0.01);
        assertEquals(TcpState.SYN_SENT, c.state(), "an error quoting a sequence number never sent is ignored (RFC 5927)");
        assertEquals(1, p.a.stack.counters().get("tcp.icmp.bad_seq"));
        p.a.receive(icmpUnreachable(p, syn));
        p.run(0.01);
        assertEquals(TcpConnection.Failure.REFUSED, c.failure());
    }

    private static ByteBuffer icmpUnreachable(TcpPair p, TcpSegment quotedSegment) {
        ByteBuffer seg = ByteBuffer.allocate(quotedSegment.length());
        quotedSegment.emit(seg, A, B);
        ByteBuffer quote = ByteBuffer.allocate(20 + 8);
        io.motenet.ip.internal.wire.Ipv4Packet.emitHeader(quote, 0, 7, true, false, 0, 64,
                io.motenet.ip.internal.wire.Ipv4Packet.PROTO_TCP, A, B, quotedSegment.length());
        quote.put(seg.flip().limit(8)); // RFC 792: the header and the first 8 bytes
        io.motenet.ip.internal.wire.IcmpMessage.Error err = new io.motenet.ip.internal.wire.IcmpMessage.Error(
                io.motenet.ip.internal.wire.IcmpMessage.TYPE_DEST_UNREACHABLE,
                io.motenet.ip.internal.wire.IcmpMessage.CODE_PORT_UNREACHABLE, 0, quote.flip());
        ByteBuffer icmp = ByteBuffer.allocate(io.motenet.ip.internal.wire.IcmpMessage.length(err));
        io.motenet.ip.internal.wire.IcmpMessage.emit(err, icmp);
        icmp.flip();
        ByteBuffer f = ByteBuffer.allocate(14 + 20 + icmp.remaining());
        io.motenet.ip.internal.wire.EthernetFrame.emitHeader(f, p.a.iface().mac(), p.b.iface().mac(),
                io.motenet.ip.internal.wire.EthernetFrame.ETHERTYPE_IPV4);
        io.motenet.ip.internal.wire.Ipv4Packet.emitHeader(f, 0, 8, false, false, 0, 64,
                io.motenet.ip.internal.wire.Ipv4Packet.PROTO_ICMP, B, A, icmp.remaining());
        f.put(icmp);
        return f.flip();
    }
}
