package io.motenet.ip.internal.sim;

import static io.motenet.ip.internal.sim.TcpPair.A;
import static io.motenet.ip.internal.sim.TcpPair.B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.motenet.ip.internal.iface.InterfaceAddress;
import io.motenet.ip.internal.socket.tcp.TcpConnection;
import io.motenet.ip.internal.socket.tcp.TcpListener;
import io.motenet.ip.internal.socket.tcp.TcpState;
import io.motenet.ip.internal.wire.Ipv4Address;
import io.motenet.ip.internal.wire.TcpSegment;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A gateway's TCP interception in simulated time: a guest (a, 10.1.0.2) whose default gateway is
 * b (10.1.0.3) connects to 93.184.216.34, an address that exists nowhere but in these frames; b's
 * interceptor holds the SYN until it decides, then answers from that address.
 */
class TcpInterceptSimulationTest {
    static final long S = 1_000_000_000L;
    static final Ipv4Address FAR = Ipv4Address.parse("93.184.216.34");

    /** a routes everything through b. */
    static TcpPair guestAndGateway(long seed) {
        TcpPair p = new TcpPair(seed);
        p.a.stack.configureStatic("eth0", InterfaceAddress.parse("10.1.0.2/24"), B);
        return p;
    }

    static List<Sniffer.Seen> synAcks(Sniffer s) {
        return s.out().stream().filter(x -> x.seg().has(TcpSegment.SYN) && x.seg().has(TcpSegment.ACK)).toList();
    }

    @Test
    void theSynWaitsUnansweredUntilAdmittedThenDataFlowsBothWays() {
        TcpPair p = guestAndGateway(41);
        TcpListener all = p.b.stack.interceptTcp(8, null);
        TcpConnection guest = p.a.stack.tcp().connect(FAR, 443, p.sim.now());
        p.a.kick();
        p.run(2.5); // the SYN and its first retransmission (after 1 s)
        List<TcpConnection> pending = all.pendingDecisions();
        assertEquals(1, pending.size());
        TcpConnection held = pending.get(0);
        assertEquals(FAR, held.localAddress(), "the destination the guest wanted");
        assertEquals(443, held.localPort());
        assertEquals(A, held.remoteAddress());
        assertEquals(guest.localPort(), held.remotePort());
        assertTrue(p.sb.out().isEmpty(), "the gateway sent no TCP at all before the decision: " + p.sb.out());
        assertTrue(p.sa.out().stream().filter(x -> x.seg().flags() == TcpSegment.SYN).count() >= 2, "the guest retried");
        assertEquals(TcpState.SYN_SENT, guest.state());
        assertTrue(p.b.iface().counters().get("ip.rx.intercepted") >= 2);
        assertEquals(0, p.b.iface().counters().get("ip.drop.not_for_us"));

        all.admit(held);
        p.b.kick();
        assertTrue(p.runUntil(() -> guest.state() == TcpState.ESTABLISHED, 2));
        List<Sniffer.Seen> sa = synAcks(p.sb);
        assertEquals(1, sa.size());
        assertEquals(FAR, sa.get(0).src(), "the SYN,ACK comes from the intercepted address");
        assertEquals(A, sa.get(0).dst());
        assertSame(held, all.accept());

        Transfer client = new Transfer(guest, 512 << 10, 1);
        Transfer server = new Transfer(held, 512 << 10, 2);
        p.a.afterPoll = client::pump;
        p.b.afterPoll = server::pump;
        p.a.kick();
        p.b.kick();
        assertTrue(p.runUntil(() -> client.done() && server.done(), 60), "exchange finished");
        assertEquals(client.sentHash(), server.receivedHash());
        assertEquals(server.sentHash(), client.receivedHash());
        assertTrue(p.sb.out().stream().allMatch(x -> x.src().equals(FAR)), "every reply from 93.184.216.34");
    }

    @Test
    void aRefusedAttemptFailsAsRefusedWithARstFromTheDestination() {
        TcpPair p = guestAndGateway(42);
        TcpListener all = p.b.stack.interceptTcp(8, null);
        TcpConnection guest = p.a.stack.tcp().connect(FAR, 25, p.sim.now());
        p.a.kick();
        p.run(0.1);
        all.refuse(all.pendingDecisions().get(0));
        p.b.kick();
        p.run(0.1);
        assertEquals(TcpConnection.Failure.REFUSED, guest.failure());
        List<Sniffer.Seen> out = p.sb.out();
        assertEquals(1, out.size());
        assertTrue(out.get(0).seg().has(TcpSegment.RST));
        assertEquals(FAR, out.get(0).src());
        assertEquals(25, out.get(0).seg().srcPort());
    }

    @Test
    void anUndecidedAttemptIsForgottenAfterThirtySeconds() {
        TcpPair p = guestAndGateway(43);
        TcpListener all = p.b.stack.interceptTcp(8, null);
        TcpConnection guest = p.a.stack.tcp().connect(null, 0, FAR, 443, null, 60 * S, p.sim.now());
        p.a.kick();
        p.run(29);
        assertEquals(1, all.pendingDecisions().size());
        p.run(1.5); // 30.5 s: before the guest's retry at 31 s (1 + 2 + 4 + 8 + 16)
        assertTrue(all.pendingDecisions().isEmpty(), "dropped after 30 s without a decision");
        assertTrue(p.sb.out().isEmpty(), "never answered");
        p.run(30);
        // the guest's retries that came after the first was forgotten are held again; none answered
        assertTrue(p.sb.out().isEmpty());
        assertEquals(TcpConnection.Failure.TIMED_OUT, guest.failure());
    }

    @Test
    void withoutAnInterceptorSynsToOtherHostsAreDroppedAndCounted() {
        TcpPair p = guestAndGateway(44);
        TcpConnection guest = p.a.stack.tcp().connect(null, 0, FAR, 443, null, 2 * S, p.sim.now());
        p.a.kick();
        p.run(2.5);
        assertEquals(TcpConnection.Failure.TIMED_OUT, guest.failure());
        long dropped = p.b.iface().counters().get("ip.drop.not_for_us");
        assertTrue(dropped >= 2, "SYN and retransmission dropped: " + dropped);
        assertEquals(0, p.b.iface().counters().get("ip.rx.intercepted"));
        assertEquals(0, p.b.stack.counters().get("tcp.rx"), "TCP never saw them");
        assertTrue(p.sb.out().isEmpty(), "no RST for another host's port");

        // an interceptor that was closed intercepts nothing more
        TcpListener all = p.b.stack.interceptTcp(8, null);
        all.close();
        TcpConnection again = p.a.stack.tcp().connect(null, 0, FAR, 443, null, 2 * S, p.sim.now());
        p.a.kick();
        p.run(2.5);
        assertEquals(TcpConnection.Failure.TIMED_OUT, again.failure());
        assertTrue(p.b.iface().counters().get("ip.drop.not_for_us") > dropped);
        assertEquals(0, p.b.iface().counters().get("ip.rx.intercepted"));
        assertThrows(IllegalStateException.class, () -> {
            p.b.stack.interceptTcp(8, null);
            p.b.stack.interceptTcp(8, null);
        }, "one interceptor per stack");
    }

    @Test
    void aRegularListenerOnOurOwnAddressWinsOverTheInterceptor() {
        TcpPair p = guestAndGateway(45);
        TcpListener all = p.b.stack.interceptTcp(8, null);
        TcpListener web = p.b.stack.tcp().listen(null, 80, 4, null);
        TcpConnection guest = p.a.stack.tcp().connect(B, 80, p.sim.now());
        p.a.kick();
        assertTrue(p.runUntil(() -> guest.state() == TcpState.ESTABLISHED, 2), "answered at once, no decision");
        assertNotNull(web.accept());
        assertTrue(all.pendingDecisions().isEmpty());
        assertNull(all.accept());
        assertEquals(0, p.b.iface().counters().get("ip.rx.intercepted"), "our own address is not intercepted");
        // a port of ours nobody listens on goes to the interceptor (a gateway's own services)
        TcpConnection other = p.a.stack.tcp().connect(B, 81, p.sim.now());
        p.a.kick();
        p.run(0.1);
        assertEquals(1, all.pendingDecisions().size());
        assertEquals(TcpState.SYN_SENT, other.state());
    }
}
