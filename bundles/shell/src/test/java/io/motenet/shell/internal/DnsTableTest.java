package io.motenet.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

import io.motenet.dns.DnsAnswer;
import io.motenet.dns.DnsRecord;
import io.motenet.dns.RecordType;
import io.motenet.dns.ResolverStatus;
import org.junit.jupiter.api.Test;

class DnsTableTest {

    @Test
    void recordsAliasesErrorsAndTimes() {
        DnsAnswer a = new DnsAnswer("web.lab.test.", RecordType.A,
                List.of(new DnsRecord("web.lab.test.", RecordType.A, 300, "10.77.0.80")), List.of("www.lab.test."));
        DnsAnswer none = new DnsAnswer("web.lab.test.", RecordType.AAAA, List.of(), List.of());
        String text = DnsTable.answers("www.lab.test", List.of(
                new DnsTable.Result(RecordType.A, a, null, 1500),
                new DnsTable.Result(RecordType.AAAA, none, null, 20)));
        String[] lines = text.split("\n");
        assertEquals(5, lines.length, text);
        assertTrue(lines[1].matches("www\\.lab\\.test\\. +CNAME +→ \\(followed\\)"), lines[1]);
        assertTrue(lines[2].matches("web\\.lab\\.test\\. +300 A +10\\.77\\.0\\.80"), lines[2]);
        assertTrue(lines[3].matches("web\\.lab\\.test\\. +AAAA +\\(no records\\)"), lines[3]);
        assertEquals("www.lab.test in A 1.5 ms, AAAA 0.0 ms", lines[4]);

        String err = DnsTable.answers("nope", List.of(new DnsTable.Result(RecordType.A, null,
                "NameNotFoundException: nope. does not exist (NXDOMAIN)", 800)));
        assertTrue(err.split("\n")[1].matches("nope +A +NameNotFoundException: nope\\. does not exist \\(NXDOMAIN\\)"), err);
    }

    @Test
    void statusShowsServersSearchCountersAndCache() throws Exception {
        ResolverStatus s = new ResolverStatus(
                List.of(new InetSocketAddress(InetAddress.getByName("10.77.0.1"), 53),
                        new InetSocketAddress(InetAddress.getByName("10.77.0.3"), 5353)),
                "stack", List.of("lab.test."), 2, 10000,
                List.of("{ web.lab.test. 300 IN A [10.77.0.80] } cl = 3", "NXDOMAIN nope.lab.test. cl = 3"),
                Map.of("udp.queries", 4L, "dropped.wrong-id", 1L));
        assertEquals("""
                servers (stack): 10.77.0.1 10.77.0.3:5353
                search: lab.test.
                counters: dropped.wrong-id=1 udp.queries=4
                cache: 2 of at most 10000 names
                  { web.lab.test. 300 IN A [10.77.0.80] }
                  NXDOMAIN nope.lab.test.""", DnsTable.status(s));
    }
}
