package io.motenet.dns.internal;

import static io.motenet.dns.internal.Fixture.S1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.motenet.dns.DnsAnswer;
import io.motenet.dns.NameNotFoundException;
import io.motenet.dns.RecordType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What LookupSession does on top of the transport — search domains, the hosts table, CNAMEs, the
 * cache and negative cache, servers from the stack — each asserted on the queries that went over
 * the wire (or did not).
 */
class LookupTest {
    static final Zone ZONE = new Zone("example.",
            "www.corp.example. 300 A 192.0.2.20",
            "db.example. 300 A 192.0.2.30",
            "alias.example. 300 CNAME mid.example.",
            "mid.example. 300 CNAME db.example.",
            "short.example. 0 A 192.0.2.40",
            "a1.example. 300 A 192.0.2.51",
            "a2.example. 300 A 192.0.2.52",
            "a3.example. 300 A 192.0.2.53");

    @TempDir
    Path dir;

    DnsResolver resolver(FakeNet net, List<String> search, String... hosts) {
        return Fixture.resolver(net, dir, List.of(S1), search, hosts, null);
    }

    static List<String> strings(List<InetAddress> a) {
        return a.stream().map(InetAddress::getHostAddress).toList();
    }

    @Test
    void aStoppedResolverSaysSoAndAsksNothing() {
        FakeNet net = new FakeNet(Fixture.serving(ZONE));
        DnsResolver r = resolver(net, List.of());
        r.close();
        io.motenet.dns.DnsException e = assertThrows(io.motenet.dns.DnsException.class, () -> r.resolve("www.lab.example."));
        assertTrue(e.getMessage().contains("get the Resolver service again"), e.getMessage());
        assertEquals(List.of(), net.questions());
    }

    @Test
    void searchDomainsAreTriedInOrderThenTheNameAsItIs() {
        FakeNet net = new FakeNet(Fixture.serving(ZONE));
        try (DnsResolver r = resolver(net, List.of("lab.example", "corp.example"))) {
            DnsAnswer a = r.lookup("www", RecordType.A);
            assertEquals("www.corp.example.", a.name());
            assertEquals("192.0.2.20", a.records().get(0).data());
            // lab.example gave NXDOMAIN, corp.example answered: www. alone was never asked
            assertEquals(List.of("www.lab.example. A", "www.corp.example. A"), net.questions());
        }
    }

    @Test
    void aNameWithMoreDotsThanNdotsIsTriedAsItIsFirst() {
        FakeNet net = new FakeNet(Fixture.serving(ZONE));
        try (DnsResolver r = resolver(net, List.of("corp.example"))) {
            assertEquals("192.0.2.30", r.lookup("db.example", RecordType.A).records().get(0).data());
            assertEquals(List.of("db.example. A"), net.questions());
            // an absolute name never gets a search domain, and its NXDOMAIN is final
            assertThrows(NameNotFoundException.class, () -> r.lookup("nowhere.", RecordType.A));
            assertEquals(List.of("db.example. A", "nowhere. A"), net.questions());
        }
    }

    @Test
    void theHostsTableAnswersWithoutAQueryForEitherFamily() {
        FakeNet net = new FakeNet(Fixture.serving(ZONE));
        try (DnsResolver r = resolver(net, List.of("lan"), "10.1.2.3 printer.lan printer", "fd00::7 nas.lan")) {
            assertEquals(List.of("10.1.2.3"), strings(r.resolve("printer")));
            assertEquals(List.of("10.1.2.3"), strings(r.resolve("printer.lan.")));
            assertEquals(List.of("fd00:0:0:0:0:0:0:7"), strings(r.resolve("nas")));
            assertEquals("10.1.2.3", r.lookup("printer", RecordType.A).records().get(0).data());
            assertTrue(net.sent.isEmpty(), "queries sent: " + net.questions());
            // a name not in the table goes to DNS
            assertEquals(List.of("192.0.2.30"), strings(r.resolve("db.example.")));
            assertEquals(List.of("db.example. A", "db.example. AAAA"), net.questions().stream().sorted().toList());
        }
    }

    @Test
    void aBadHostsEntryIsRefusedWithWhatIsWrong() {
        FakeNet net = new FakeNet(Fixture.serving(ZONE));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> resolver(net, List.of(), "10.1.2 printer"));
        assertTrue(e.getMessage().contains("'10.1.2' is not an IPv4 or IPv6 address"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> resolver(net, List.of(), "10.1.2.3"));
        assertTrue(e.getMessage().contains("needs an address and at least one name"), e.getMessage());
    }

    @Test
    void cnameChainsAreFollowedAcrossQueries() {
        // this server answers each name alone, without following CNAMEs itself (as an authoritative
        // server of another zone would): the resolver must ask again for each target
        FakeNet net = new FakeNet((q, sock) -> {
            org.xbill.DNS.Message m = ZONE.answerMessage(q.message());
            var answers = m.getSection(org.xbill.DNS.Section.ANSWER);
            if (answers.size() > 1) {
                m.removeAllRecords(org.xbill.DNS.Section.ANSWER);
                m.addRecord(answers.get(0), org.xbill.DNS.Section.ANSWER);
            }
            sock.deliver(q.server(), m.toWire());
        });
        try (DnsResolver r = resolver(net, List.of())) {
            DnsAnswer a = r.lookup("alias.example.", RecordType.A);
            assertEquals("db.example.", a.name());
            assertEquals(List.of("alias.example.", "mid.example."), a.aliases());
            assertEquals("192.0.2.30", a.records().get(0).data());
            assertEquals(List.of("alias.example. A", "mid.example. A", "db.example. A"), net.questions());
        }
    }

    @Test
    void answersAreCachedForTheirTtlAndTtlZeroIsNot() {
        FakeNet net = new FakeNet(Fixture.serving(ZONE));
        try (DnsResolver r = resolver(net, List.of())) {
            r.lookup("db.example.", RecordType.A);
            r.lookup("db.example.", RecordType.A);
            r.lookup("DB.Example.", RecordType.A); // names are case-insensitive, in the cache too
            assertEquals(List.of("db.example. A"), net.questions());
            r.lookup("short.example.", RecordType.A);
            r.lookup("short.example.", RecordType.A);
            assertEquals(2, net.questions().stream().filter(q -> q.startsWith("short.")).count(), "TTL 0 must not be cached");
            assertTrue(r.status().cache().stream().anyMatch(l -> l.contains("db.example.")), r.status().cache().toString());
        }
    }

    @Test
    void nxdomainIsCachedAndSaysWhichName() {
        FakeNet net = new FakeNet(Fixture.serving(ZONE));
        try (DnsResolver r = resolver(net, List.of())) {
            NameNotFoundException e = assertThrows(NameNotFoundException.class, () -> r.lookup("nope.example.", RecordType.A));
            assertEquals("nope.example. does not exist (NXDOMAIN)", e.getMessage());
            assertThrows(NameNotFoundException.class, () -> r.lookup("nope.example.", RecordType.A));
            assertThrows(NameNotFoundException.class, () -> r.resolve("nope.example."));
            // NXDOMAIN holds for every type of the name (RFC 2308 5): resolve()'s AAAA is answered from the cache too
            assertEquals(List.of("nope.example. A"), net.questions());
        }
    }

    @Test
    void noDataIsAnEmptyAnswerAndIsCachedToo() {
        FakeNet net = new FakeNet(Fixture.serving(ZONE));
        try (DnsResolver r = resolver(net, List.of())) {
            assertTrue(r.lookup("db.example.", RecordType.AAAA).records().isEmpty());
            assertTrue(r.lookup("db.example.", RecordType.AAAA).records().isEmpty());
            assertEquals(List.of("db.example. AAAA"), net.questions());
            // resolve() gives the A record alone: no AAAA is not an error
            assertEquals(List.of("192.0.2.30"), strings(r.resolve("db.example.")));
        }
    }

    @Test
    void theCacheIsBoundedAndEvictsTheOldest() {
        FakeNet net = new FakeNet(Fixture.serving(ZONE));
        try (DnsResolver r = Fixture.resolver(net, dir, List.of(S1), List.of(), new String[0], null, 2)) {
            r.lookup("a1.example.", RecordType.A);
            r.lookup("a2.example.", RecordType.A);
            r.lookup("a3.example.", RecordType.A);
            assertTrue(r.status().cacheEntries() <= 2, r.status().cache().toString());
            r.lookup("a3.example.", RecordType.A); // still cached
            r.lookup("a1.example.", RecordType.A); // evicted: asked again
            assertEquals(List.of("a1.example. A", "a2.example. A", "a3.example. A", "a1.example. A"), net.questions());
        }
    }

    @Test
    void serversComeFromTheStackAndFollowItsChanges() {
        InetSocketAddress s2 = Fixture.S2;
        FakeNet net = new FakeNet(Fixture.serving(ZONE));
        net.dnsServers = List.of(FakeNet.ip("10.0.0.53"));
        try (DnsResolver r = Fixture.resolver(net, dir, List.of(), List.of(), new String[0], null)) {
            assertEquals("stack", r.status().serverSource());
            r.lookup("db.example.", RecordType.A);
            net.changeServers(List.of(FakeNet.ip("10.0.0.54")));
            assertEquals(List.of(s2), r.status().servers());
            assertEquals(0, r.status().cacheEntries(), "a new network's servers: the old answers are flushed");
            r.lookup("db.example.", RecordType.A);
            assertEquals(List.of(S1, s2), net.sent.stream().map(FakeNet.Sent::server).toList());
        }
    }

    @Test
    void configuredServersWinOverTheStacks() {
        FakeNet net = new FakeNet(Fixture.serving(ZONE));
        net.dnsServers = List.of(FakeNet.ip("10.0.0.54"));
        try (DnsResolver r = resolver(net, List.of())) {
            r.lookup("db.example.", RecordType.A);
            assertEquals(List.of(S1), net.sent.stream().map(FakeNet.Sent::server).toList());
            assertEquals("configuration", r.status().serverSource());
            assertTrue(net.listeners.isEmpty(), "no need to follow the stack");
        }
    }

    @Test
    void ipLiteralsAreNotLookedUp() {
        FakeNet net = new FakeNet(Fixture.serving(ZONE));
        try (DnsResolver r = resolver(net, List.of())) {
            assertEquals(List.of("10.9.8.7"), strings(r.resolve("10.9.8.7")));
            assertEquals(List.of("0:0:0:0:0:0:0:1"), strings(r.resolve("::1")));
            assertTrue(net.sent.isEmpty());
        }
    }

    @Test
    void serverParsingSaysWhatAGoodEntryLooksLike() {
        assertEquals(List.of(new InetSocketAddress(FakeNet.ip("10.0.0.53"), 53), new InetSocketAddress(FakeNet.ip("10.0.0.54"), 5353)),
                ServerList.parse(new String[] {"10.0.0.53", " 10.0.0.54:5353 ", ""}));
        for (String bad : new String[] {"dns.example", "300.1.1.1", "10.0.0.53:0", "10.0.0.53:x"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServerList.parse(new String[] {bad}));
            assertTrue(e.getMessage().startsWith("DNS server '" + bad + "'"), e.getMessage());
        }
    }
}
