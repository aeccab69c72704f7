package io.motenet.dns.internal.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.motenet.dns.DnsAnswer;
import io.motenet.dns.NameNotFoundException;
import io.motenet.dns.RecordType;
import io.motenet.dns.ServerFailureException;
import io.motenet.dns.internal.DnsResolver;
import io.motenet.dns.internal.transport.StackResolver;
import io.motenet.dns.internal.transport.StackTcpTransport;
import io.motenet.dns.internal.transport.TcpTransport;
import io.motenet.ip.internal.stack.StackService;
import io.motenet.ip.internal.wire.Ipv4Address;
import io.motenet.link.MacAddress;
import io.motenet.link.NetworkDevice;
import io.motenet.net.InterfaceConfig;
import io.motenet.testing.lab.Commands;
import io.motenet.testing.lab.Lab;
import io.motenet.testing.lab.LabExtension;
import io.motenet.testing.lab.LabOptions;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resolver over our stack against dnsmasq, through a TAP device into a namespace the test
 * makes: records from a hosts file, a CNAME, NXDOMAIN, a server from the DHCP lease, an answer
 * too large for UDP, and a first server that never answers (a socat sink on a second kernel
 * address) followed by dnsmasq.
 */
class DnsLabTest {
    static final String OUR_IP = "10.77.0.2";
    static final String DNSMASQ_IP = "10.77.0.1";
    static final String SILENT_IP = "10.77.0.3";
    static final Duration T = Duration.ofSeconds(10);

    @RegisterExtension
    final LabExtension lab = new LabExtension(LabOptions.defaults().withOurMac(MacAddress.parse("02:6d:6e:00:00:05")));

    @TempDir
    Path dir;

    StackService stack;
    DnsResolver resolver;
    final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        if (resolver != null) {
            resolver.close();
        }
        if (stack != null) {
            stack.deactivate();
        }
        for (Process p : processes) {
            p.destroy();
            p.waitFor(5, TimeUnit.SECONDS);
        }
    }

    static Inet4Address ip(String s) {
        return Ipv4Address.parse(s).toInetAddress();
    }

    static void require(String tool, String pkg) {
        if (Commands.exec(List.of("sh", "-c", "command -v " + tool)).exitCode() != 0) {
            fail(tool + " is missing: DEBIAN_FRONTEND=noninteractive apt-get install -y " + pkg
                    + " (or run with -Dmotenet.lab=skip)");
        }
    }

    void bindStack(Lab l, InterfaceConfig config) {
        stack = new StackService(4096, 11);
        NetworkDevice d = l.device();
        stack.bindDevice(d, Map.of(NetworkDevice.NAME, d.name(), "service.id", 1L));
        stack.configure(config);
    }

    DnsResolver resolver(List<InetSocketAddress> servers, Duration timeout, Supplier<TcpTransport> tcp) {
        resolver = new DnsResolver(new DnsResolver.Settings(servers, List.of("lab.test"), 1, new String[0], dir.resolve("hosts"),
                new StackResolver.Settings(timeout, 2, timeout.multipliedBy(2), 1232), 1000, 900), stack, tcp);
        return resolver;
    }

    /** dnsmasq as the namespace's DNS (and, with {@code dhcp}, DHCP) server, its log on its output. */
    Process dnsmasq(Lab l, boolean dhcp) throws Exception {
        require("dnsmasq", "dnsmasq-base");
        StringBuilder hosts = new StringBuilder("10.77.0.80 web.lab.test\n10.77.0.81 db.lab.test\nfd00::81 db.lab.test\n");
        for (int i = 1; i <= 120; i++) { // 120 A records: about 2 KB, more than our 1232-byte EDNS size
            hosts.append("10.77.1.").append(i).append(" big.lab.test\n");
        }
        Path file = dir.resolve("lab-hosts");
        Files.writeString(file, hosts, StandardCharsets.US_ASCII);
        List<String> cmd = new ArrayList<>(List.of("dnsmasq", "--no-daemon", "--conf-file=/dev/null", "--no-resolv",
                "--no-hosts", "--addn-hosts=" + file, "--cname=www.lab.test,web.lab.test", "--local=/lab.test/",
                "--local-ttl=300", "--neg-ttl=300", // hosts-file answers are not cached otherwise (TTL 0)
                "--listen-address=" + DNSMASQ_IP, "--bind-interfaces", "--log-queries", "--log-facility=" + dir.resolve("dnsmasq.log"),
                "--pid-file=" + dir.resolve("dnsmasq.pid")));
        if (dhcp) {
            cmd.addAll(List.of("--interface=" + l.interfaceName(), "--dhcp-authoritative",
                    "--dhcp-range=10.77.0.50,10.77.0.60,255.255.255.0,120", "--dhcp-leasefile=" + dir.resolve("leases")));
        }
        Process p = l.spawn(cmd.toArray(String[]::new));
        processes.add(p);
        awaitUdpListener(l, p, DNSMASQ_IP);
        return p;
    }

    /** Until the server's port 53 is bound, a query would meet port unreachable. */
    static void awaitUdpListener(Lab l, Process p, String address) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!l.exec("ss", "-Hlun", "src", address + ":53").contains(address)) {
            if (!p.isAlive()) {
                fail("the server exited: " + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
            if (System.nanoTime() > deadline) {
                fail("nothing listens on " + address + ":53 after 10 s");
            }
            Thread.sleep(20);
        }
    }

    /** Stops dnsmasq (it flushes its log file on SIGTERM) and returns its log. */
    String log(Process p) throws Exception {
        p.destroy();
        p.waitFor(5, TimeUnit.SECONDS);
        return Files.readString(dir.resolve("dnsmasq.log"));
    }

    static List<String> strings(List<InetAddress> a) {
        return a.stream().map(InetAddress::getHostAddress).toList();
    }

    @Test
    void hostsFileRecordsCnameAndNxdomainFromDnsmasq() throws Exception {
        Lab l = lab.get();
        Process dnsmasq = dnsmasq(l, false);
        bindStack(l, InterfaceConfig.staticAddress(l.interfaceName(), ip(OUR_IP), 24, null, List.of()));
        DnsResolver r = resolver(List.of(new InetSocketAddress(ip(DNSMASQ_IP), 53)), Duration.ofSeconds(1), () -> null);

        // "db" has no dot: the search domain lab.test makes it db.lab.test; A and AAAA over IPv4
        assertEquals(List.of("10.77.0.81", "fd00:0:0:0:0:0:0:81"), strings(r.resolve("db")));
        DnsAnswer www = r.lookup("www.lab.test.", RecordType.A);
        assertEquals("web.lab.test.", www.name());
        assertEquals(List.of("www.lab.test."), www.aliases());
        assertEquals("10.77.0.80", www.records().get(0).data());
        assertThrows(NameNotFoundException.class, () -> r.lookup("nothing.lab.test.", RecordType.A));
        // cached: asking again sends nothing
        long sent = r.status().counters().get("udp.queries");
        assertEquals(List.of("10.77.0.81", "fd00:0:0:0:0:0:0:81"), strings(r.resolve("db")));
        assertEquals(sent, r.status().counters().get("udp.queries"));
        assertEquals(null, r.status().counters().get("dropped.wrong-id"));

        String log = log(dnsmasq);
        assertTrue(log.contains("query[A] db.lab.test from " + OUR_IP), log);
        assertTrue(log.contains("query[AAAA] db.lab.test from " + OUR_IP), log);
        assertTrue(log.contains("query[A] www.lab.test from " + OUR_IP), log);
        assertEquals(1, log.lines().filter(x -> x.contains("query[A] db.lab.test")).count(), "the second resolve came from the cache: " + log);
    }

    @Test
    void theServerComesFromTheDhcpLease() throws Exception {
        Lab l = lab.get();
        dnsmasq(l, true); // dnsmasq hands out itself as the DNS server (DHCP option 6)
        bindStack(l, InterfaceConfig.dhcp(l.interfaceName(), "mote-dns"));
        DnsResolver r = resolver(List.of(), Duration.ofSeconds(1), () -> null);
        long deadline = System.nanoTime() + T.toNanos();
        while (stack.dnsServers().isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "no lease with a DNS server from dnsmasq");
            Thread.sleep(50);
        }
        assertEquals(List.of(new InetSocketAddress(ip(DNSMASQ_IP), 53)), r.status().servers());
        assertEquals("stack", r.status().serverSource());
        assertEquals(List.of("10.77.0.80"), strings(r.resolve("web")));
    }

    @Test
    void aFirstServerThatNeverAnswersTimesOutAndDnsmasqAnswers() throws Exception {
        require("socat", "socat");
        Lab l = lab.get();
        l.exec("ip", "addr", "add", SILENT_IP + "/24", "dev", l.interfaceName());
        // a sink: takes every datagram to port 53 and never answers (no port unreachable either)
        Process sink = l.spawn("socat", "-u", "UDP4-RECV:53,bind=" + SILENT_IP, "OPEN:" + dir.resolve("sink") + ",creat,append");
        processes.add(sink);
        awaitUdpListener(l, sink, SILENT_IP);
        Process dnsmasq = dnsmasq(l, false);
        bindStack(l, InterfaceConfig.staticAddress(l.interfaceName(), ip(OUR_IP), 24, null, List.of()));
        DnsResolver r = resolver(List.of(new InetSocketAddress(ip(SILENT_IP), 53), new InetSocketAddress(ip(DNSMASQ_IP), 53)),
                Duration.ofMillis(400), () -> null);

        DnsAnswer a = r.lookup("web.lab.test.", RecordType.A);
        assertEquals("10.77.0.80", a.records().get(0).data());
        assertEquals(1L, r.status().counters().get("udp.timeouts"));
        assertEquals(1L, r.status().counters().get("failovers"));
        assertEquals(2L, r.status().counters().get("udp.queries"));
        // the silent server did get our query (the sink wrote its bytes), and dnsmasq the second one
        byte[] sunk = Files.readAllBytes(dir.resolve("sink"));
        assertTrue(sunk.length > 12 && new String(sunk, StandardCharsets.ISO_8859_1).contains("lab"), "the sink got " + sunk.length + " bytes");
        assertTrue(log(dnsmasq).contains("query[A] web.lab.test from " + OUR_IP));
    }

    @Test
    void withoutTcpAnAnswerTooLargeForUdpIsAClearFailure() throws Exception {
        Lab l = lab.get();
        dnsmasq(l, false);
        bindStack(l, InterfaceConfig.staticAddress(l.interfaceName(), ip(OUR_IP), 24, null, List.of()));
        DnsResolver r = resolver(List.of(new InetSocketAddress(ip(DNSMASQ_IP), 53)), Duration.ofSeconds(1), () -> null);
        // with no TCP transport, the truncated answer is a clear failure, not a partial answer
        ServerFailureException e = assertThrows(ServerFailureException.class, () -> r.lookup("big.lab.test.", RecordType.A));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertEquals("TRUNCATED", e.rcode());
        assertEquals(1L, r.status().counters().get("truncated"));
    }

    @Test
    void anAnswerTooLargeForUdpIsFetchedOverTcp() throws Exception {
        Lab l = lab.get();
        Process dnsmasq = dnsmasq(l, false);
        bindStack(l, InterfaceConfig.staticAddress(l.interfaceName(), ip(OUR_IP), 24, null, List.of()));
        StackTcpTransport tcp = new StackTcpTransport(stack);
        DnsResolver r = resolver(List.of(new InetSocketAddress(ip(DNSMASQ_IP), 53)), Duration.ofSeconds(1), () -> tcp);
        assertEquals(120, r.lookup("big.lab.test.", RecordType.A).records().size());
        assertEquals(1L, r.status().counters().get("truncated"));
        assertEquals(1L, r.status().counters().get("tcp.queries"));
        // dnsmasq logs the query twice: over UDP, then over TCP
        String log = log(dnsmasq);
        assertEquals(2, log.lines().filter(x -> x.contains("query[A] big.lab.test from " + OUR_IP)).count(), log);
    }
}
