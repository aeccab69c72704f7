package io.motenet.dns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.motenet.dns.RecordType;
import io.motenet.dns.internal.transport.StackResolver;
import io.motenet.dns.internal.transport.StackTcpTransport;
import io.motenet.driver.vswitch.internal.SwitchPort;
import io.motenet.driver.vswitch.internal.VirtualSwitch;
import io.motenet.ip.internal.stack.StackService;
import io.motenet.link.MacAddress;
import io.motenet.link.NetworkDevice;
import io.motenet.net.Datagram;
import io.motenet.net.InterfaceConfig;
import io.motenet.net.NetException;
import io.motenet.net.TcpConnection;
import io.motenet.net.TcpServer;
import io.motenet.net.UdpSocket;
import java.io.DataInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Section;

/**
 * The resolver over the real stack, with no root and no lab: two stack services on the in-JVM
 * switch, the client's resolver against a DNS server on the other stack (a {@link Zone} behind
 * the stack's own UDP and TCP sockets), in real time. The UDP server truncates answers larger than
 * the query's EDNS size, as a real server does, so large answers go over our TCP at both ends.
 */
class StackDnsTest {
    static final Duration T = Duration.ofSeconds(5);
    static final Zone ZONE = big();

    VirtualSwitch lan;
    StackService client;
    StackService server;
    final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    final Set<Integer> sourcePorts = ConcurrentHashMap.newKeySet();
    volatile int tcpQueries;

    @TempDir
    Path dir;

    static Zone big() {
        String[] lines = new String[122];
        lines[0] = "www.example. 300 A 192.0.2.10";
        lines[1] = "www.example. 300 AAAA 2001:db8::10";
        for (int i = 2; i < lines.length; i++) {
            lines[i] = "big.example. 300 A 10.9.0." + (i - 1);
        }
        return new Zone("example.", lines);
    }

    static java.net.Inet4Address ip(String s) {
        return FakeNet.ip(s);
    }

    @BeforeEach
    void setUp() {
        lan = VirtualSwitch.direct("dns");
        client = new StackService(1024, 1);
        server = new StackService(1024, 2);
        SwitchPort pc = lan.addPort("eth-c", MacAddress.parse("02:00:00:00:00:0c"), 1500);
        SwitchPort ps = lan.addPort("eth-s", MacAddress.parse("02:00:00:00:00:0d"), 1500);
        client.bindDevice(pc, Map.of(NetworkDevice.NAME, "eth-c", "service.id", 1L));
        server.bindDevice(ps, Map.of(NetworkDevice.NAME, "eth-s", "service.id", 2L));
        client.configure(InterfaceConfig.staticAddress("eth-c", ip("10.6.0.2"), 24, null, List.of(ip("10.6.0.53"))));
        server.configure(InterfaceConfig.staticAddress("eth-s", ip("10.6.0.53"), 24, null, List.of()));
        serveUdp(server.openUdp(53));
        serveTcp(server.listen(new InetSocketAddress(ip("0.0.0.0"), 53), 8));
    }

    @AfterEach
    void tearDown() {
        threads.shutdownNow();
        client.deactivate();
        server.deactivate();
    }

    /** Answers each query; an answer larger than the query's EDNS size (512 without) goes back truncated. */
    private void serveUdp(UdpSocket socket) {
        threads.submit(() -> {
            try (socket) {
                while (true) {
                    Optional<Datagram> d = socket.receive(Duration.ofSeconds(30));
                    if (d.isEmpty()) {
                        continue;
                    }
                    sourcePorts.add(d.get().source().getPort());
                    Message q = new Message(d.get().data());
                    OPTRecord opt = q.getOPT();
                    int limit = opt == null ? 512 : opt.getPayloadSize();
                    Message a = ZONE.answerMessage(q);
                    byte[] wire = a.toWire(65535);
                    if (wire.length > limit) {
                        a.removeAllRecords(Section.ANSWER);
                        a.getHeader().setFlag(Flags.TC);
                        wire = a.toWire();
                    }
                    socket.send(d.get().source(), wire);
                }
            } catch (NetException | java.io.IOException closed) {
                return null;
            }
        });
    }

    private void serveTcp(TcpServer listener) {
        threads.submit(() -> {
            try (listener) {
                while (true) {
                    Optional<TcpConnection> c = listener.accept(Duration.ofSeconds(30));
                    if (c.isEmpty()) {
                        continue;
                    }
                    try (TcpConnection conn = c.get()) {
                        DataInputStream in = new DataInputStream(conn.inputStream());
                        byte[] query = new byte[in.readUnsignedShort()];
                        in.readFully(query);
                        tcpQueries++;
                        byte[] answer = ZONE.answer(query);
                        byte[] framed = new byte[answer.length + 2];
                        framed[0] = (byte) (answer.length >>> 8);
                        framed[1] = (byte) answer.length;
                        System.arraycopy(answer, 0, framed, 2, answer.length);
                        conn.outputStream().write(framed);
                        conn.shutdownOutput();
                        conn.inputStream().read(); // until the client closes
                    }
                }
            } catch (NetException | java.io.IOException closed) {
                return null;
            }
        });
    }

    DnsResolver resolver(List<InetSocketAddress> servers) {
        StackTcpTransport tcp = new StackTcpTransport(client);
        return new DnsResolver(new DnsResolver.Settings(servers, List.of(), 1, new String[0], dir.resolve("hosts"),
                new StackResolver.Settings(Duration.ofMillis(500), 2, Duration.ofSeconds(1), 1232), 100, 900),
                client, () -> tcp);
    }

    @Test
    void addressesOverTheStacksUdpFromRandomPorts() {
        try (DnsResolver r = resolver(List.of())) { // the server comes from the client stack's configuration
            for (int i = 0; i < 10; i++) {
                r.clearCache();
                List<InetAddress> all = r.resolve("www.example.");
                assertEquals(List.of("192.0.2.10", "2001:db8:0:0:0:0:0:10"), all.stream().map(InetAddress::getHostAddress).toList());
            }
            assertEquals(20L, r.status().counters().get("udp.queries"));
            assertTrue(sourcePorts.size() >= 17, "source ports seen by the server: " + sourcePorts);
            assertTrue(sourcePorts.stream().allMatch(p -> p >= 49152), sourcePorts.toString());
        }
    }

    @Test
    void aTruncatedAnswerIsFetchedOverTheStacksTcp() {
        try (DnsResolver r = resolver(List.of(new InetSocketAddress(ip("10.6.0.53"), 53)))) {
            assertEquals(120, r.lookup("big.example.", RecordType.A).records().size());
            assertEquals(1L, r.status().counters().get("truncated"));
            assertEquals(1L, r.status().counters().get("tcp.queries"));
            assertEquals(1, tcpQueries);
        }
    }

    @Test
    void portUnreachableFromTheFirstServerFailsOverAtOnce() {
        // nothing listens on 10.6.0.53:5353: the server's stack answers ICMP port unreachable
        try (DnsResolver r = resolver(List.of(new InetSocketAddress(ip("10.6.0.53"), 5353), new InetSocketAddress(ip("10.6.0.53"), 53)))) {
            assertEquals("192.0.2.10", r.lookup("www.example.", RecordType.A).records().get(0).data());
            assertEquals(1L, r.status().counters().get("unreachable"));
            assertEquals(null, r.status().counters().get("udp.timeouts"));
        }
    }
}
