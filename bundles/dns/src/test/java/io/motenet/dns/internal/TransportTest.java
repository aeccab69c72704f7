package io.motenet.dns.internal;

import static io.motenet.dns.internal.Fixture.S1;
import static io.motenet.dns.internal.Fixture.S2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.motenet.dns.DnsTimeoutException;
import io.motenet.dns.NoServersException;
import io.motenet.dns.RecordType;
import io.motenet.dns.ServerFailureException;
import io.motenet.dns.internal.transport.TcpTransport;
import io.motenet.net.UnreachableException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/** Ports, IDs, timeouts, retransmission, failover, server errors and TCP fallback, asserted on what was sent. */
class TransportTest {
    static final Zone ZONE = new Zone("example.", "www.example. 300 A 192.0.2.10", "www.example. 300 AAAA 2001:db8::10");

    @TempDir
    Path dir;

    DnsResolver resolver(FakeNet net, List<InetSocketAddress> servers) {
        return Fixture.resolver(net, dir, servers, List.of(), new String[0], null);
    }

    @Test
    void everyQueryHasItsOwnRandomIdAndSourcePort() {
        FakeNet net = new FakeNet(Fixture.serving(ZONE));
        try (DnsResolver r = resolver(net, List.of(S1))) {
            for (int i = 0; i < 40; i++) {
                r.clearCache();
                r.lookup("www.example.", RecordType.A);
            }
        }
        Set<Integer> ports = new HashSet<>();
        Set<Integer> ids = new HashSet<>();
        for (FakeNet.Sent s : net.sent) {
            assertTrue(s.localPort() >= 49152 && s.localPort() <= 65535, "port " + s.localPort());
            ports.add(s.localPort());
            ids.add(s.message().getHeader().getID());
        }
        // 40 draws from 16384 ports and 65536 IDs: a repeat or two may happen, a pattern may not
        assertTrue(ports.size() >= 36, "source ports " + ports);
        assertTrue(ids.size() >= 38, "IDs " + ids);
    }

    @Test
    void aaaaIsAnsweredOverTheIpv4Stack() {
        FakeNet net = new FakeNet(Fixture.serving(ZONE));
        try (DnsResolver r = resolver(net, List.of(S1))) {
            List<InetAddress> all = r.resolve("www.example.");
            assertEquals(List.of("192.0.2.10", "2001:db8:0:0:0:0:0:10"), all.stream().map(InetAddress::getHostAddress).toList());
            assertEquals(Set.of("www.example. A", "www.example. AAAA"), Set.copyOf(net.questions()));
        }
    }

    @Test
    void aServerThatNeverAnswersTimesOutAndTheNextIsAsked() {
        FakeNet net = new FakeNet((q, sock) -> {
            if (q.server().equals(S2)) {
                sock.deliver(S2, ZONE.answer(q.data()));
            } // S1 is silent
        });
        try (DnsResolver r = resolver(net, List.of(S1, S2))) {
            assertEquals("192.0.2.10", r.lookup("www.example.", RecordType.A).records().get(0).data());
            assertEquals(List.of(S1, S2), net.sent.stream().map(FakeNet.Sent::server).toList());
            assertEquals(1, r.counters().get("udp.timeouts"));
            assertEquals(1, r.counters().get("failovers"));
        }
    }

    @Test
    void silenceEverywhereIsRetransmittedWithBackOffThenATimeoutThatNamesTheServers() {
        FakeNet net = new FakeNet((q, sock) -> { });
        try (DnsResolver r = resolver(net, List.of(S1, S2))) {
            DnsTimeoutException e = assertThrows(DnsTimeoutException.class, () -> r.lookup("www.example.", RecordType.A));
            // two rounds over two servers: 150 ms each, then 300 ms each
            assertEquals(List.of(S1, S2, S1, S2), net.sent.stream().map(FakeNet.Sent::server).toList());
            // each send waited out the one before it: at least 150 ms in the first round, 300 ms in the second
            // (lower bounds only: a loaded machine may take longer, never shorter)
            long[] gapsMs = new long[3];
            for (int i = 0; i < 3; i++) {
                gapsMs[i] = (net.sent.get(i + 1).nanoTime() - net.sent.get(i).nanoTime()) / 1_000_000;
            }
            assertTrue(gapsMs[0] >= 150 && gapsMs[1] >= 150 && gapsMs[2] >= 300, java.util.Arrays.toString(gapsMs));
            assertEquals(4, r.counters().get("udp.timeouts"));
            assertEquals(2, r.counters().get("udp.retransmissions"));
            assertTrue(e.getMessage().startsWith("no answer for www.example. A from 10.0.0.53:53, 10.0.0.54:53: "
                    + "10.0.0.53:53 did not answer within 150 ms;"), e.getMessage());
            assertTrue(e.getMessage().contains("10.0.0.54:53 did not answer within 300 ms"), e.getMessage());
            assertEquals("www.example.", e.name());
        }
    }

    @Test
    void servfailMakesTheNextServerBeAskedAndIsNotRetried() throws Exception {
        List<InetSocketAddress> asked = new ArrayList<>();
        FakeNet net = new FakeNet((q, sock) -> {
            asked.add(q.server());
            Message m = ZONE.answerMessage(q.message());
            if (q.server().equals(S1)) {
                m.getHeader().setRcode(Rcode.SERVFAIL);
                m.removeAllRecords(org.xbill.DNS.Section.ANSWER);
            }
            sock.deliver(q.server(), m.toWire());
        });
        try (DnsResolver r = resolver(net, List.of(S1, S2))) {
            assertEquals("192.0.2.10", r.lookup("www.example.", RecordType.A).records().get(0).data());
            assertEquals(List.of(S1, S2), asked);
            assertEquals(1, r.counters().get("answers.servfail"));
        }
    }

    @Test
    void servfailFromEveryServerIsAServerFailure() {
        FakeNet net = new FakeNet((q, sock) -> {
            Message m = ZONE.answerMessage(q.message());
            m.removeAllRecords(org.xbill.DNS.Section.ANSWER);
            m.getHeader().setRcode(Rcode.SERVFAIL);
            sock.deliver(q.server(), m.toWire());
        });
        try (DnsResolver r = resolver(net, List.of(S1, S2))) {
            ServerFailureException e = assertThrows(ServerFailureException.class, () -> r.lookup("www.example.", RecordType.A));
            assertEquals("SERVFAIL", e.rcode());
            assertEquals(2, net.sent.size(), "each server once: an error is an answer, not silence");
        }
    }

    @Test
    void portUnreachableMovesOnAtOnce() {
        FakeNet net = new FakeNet((q, sock) -> {
            if (q.server().equals(S1)) {
                sock.deliverError(new UnreachableException(UnreachableException.Reason.PORT_UNREACHABLE,
                        (java.net.Inet4Address) S1.getAddress(), 53, (java.net.Inet4Address) S1.getAddress(), 0));
            } else {
                sock.deliver(S2, ZONE.answer(q.data()));
            }
        });
        try (DnsResolver r = resolver(net, List.of(S1, S2))) {
            r.lookup("www.example.", RecordType.A);
            assertEquals(1, r.counters().get("unreachable"));
            assertEquals(0, r.counters().get("udp.timeouts"));
        }
    }

    @Test
    void aServerThatRefusesEdnsWithFormerrIsAskedAgainWithout() {
        FakeNet net = new FakeNet((q, sock) -> {
            Message query = q.message();
            Message m = ZONE.answerMessage(query);
            if (query.getOPT() != null) { // a server from before EDNS
                m.removeAllRecords(org.xbill.DNS.Section.ANSWER);
                m.getHeader().setRcode(Rcode.FORMERR);
            }
            sock.deliver(q.server(), m.toWire());
        });
        try (DnsResolver r = resolver(net, List.of(S1))) {
            assertEquals("192.0.2.10", r.lookup("www.example.", RecordType.A).records().get(0).data());
            assertEquals(2, net.sent.size());
            assertTrue(net.sent.get(0).message().getOPT() != null);
            assertEquals(null, net.sent.get(1).message().getOPT());
            assertEquals(1, r.counters().get("edns.formerr"));
        }
    }

    @Test
    void noServersIsATypedErrorThatSaysWhatToConfigure() {
        FakeNet net = new FakeNet((q, sock) -> { });
        try (DnsResolver r = resolver(net, List.of())) {
            CompletableFuture<?> f = r.resolveAsync("www.example.");
            ExecutionException e = assertThrows(ExecutionException.class, f::get);
            NoServersException n = assertInstanceOf(NoServersException.class, e.getCause());
            assertTrue(n.getMessage().contains("no DNS server is known"), n.getMessage());
            assertTrue(net.sent.isEmpty());
        }
    }

    /** A zone whose answer has 200 addresses: more than 1232 bytes, so UDP gets it truncated. */
    static byte[] truncatedOrFull(Zone big, byte[] query, boolean truncated) throws Exception {
        Message m = big.answerMessage(new Message(query));
        if (!truncated) {
            return m.toWire(65535);
        }
        m.removeAllRecords(org.xbill.DNS.Section.ANSWER);
        m.getHeader().setFlag(Flags.TC);
        return m.toWire();
    }

    static Zone bigZone() {
        String[] lines = new String[200];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = "big.example. 300 A 10.9." + (i / 250) + "." + (i % 250 + 1);
        }
        return new Zone("example.", lines);
    }

    @Test
    void aTruncatedAnswerIsAskedAgainOverTcp() {
        Zone big = bigZone();
        FakeNet net = new FakeNet((q, sock) -> sock.deliver(q.server(), truncatedOrFull(big, q.data(), true)));
        List<InetSocketAddress> tcpServers = new ArrayList<>();
        TcpTransport tcp = (server, query, timeout) -> {
            tcpServers.add(server);
            try {
                return truncatedOrFull(big, query, false);
            } catch (Exception e) {
                throw new java.io.IOException(e);
            }
        };
        try (DnsResolver r = Fixture.resolver(net, dir, List.of(S1), List.of(), new String[0], tcp)) {
            assertEquals(200, r.lookup("big.example.", RecordType.A).records().size());
            assertEquals(List.of(S1), tcpServers);
            assertEquals(1, r.counters().get("truncated"));
            assertEquals(1, r.counters().get("tcp.queries"));
        }
    }

    @Test
    void aTruncatedAnswerWithoutTcpIsAFailureThatSaysSo() {
        Zone big = bigZone();
        FakeNet net = new FakeNet((q, sock) -> sock.deliver(q.server(), truncatedOrFull(big, q.data(), true)));
        try (DnsResolver r = resolver(net, List.of(S1))) {
            ServerFailureException e = assertThrows(ServerFailureException.class, () -> r.lookup("big.example.", RecordType.A));
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
            assertEquals("TRUNCATED", e.rcode());
            assertEquals(1, net.sent.size(), "no retry of the same truncated answer");
        }
    }

    @Test
    void backOffDoublesUpToTheCap() {
        var s = Fixture.FAST;
        assertEquals(150, io.motenet.dns.internal.transport.StackResolverAccess.backoff(s, 0).toMillis());
        assertEquals(300, io.motenet.dns.internal.transport.StackResolverAccess.backoff(s, 1).toMillis());
        assertEquals(300, io.motenet.dns.internal.transport.StackResolverAccess.backoff(s, 5).toMillis());
        assertNotEquals(0, s.ednsUdpSize());
    }
}
