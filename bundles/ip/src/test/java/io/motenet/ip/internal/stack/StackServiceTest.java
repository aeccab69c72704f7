package io.motenet.ip.internal.stack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.motenet.driver.vswitch.internal.SwitchPort;
import io.motenet.driver.vswitch.internal.VirtualSwitch;
import io.motenet.ip.internal.wire.Ipv4Address;
import io.motenet.link.MacAddress;
import io.motenet.link.NetworkDevice;
import io.motenet.net.Datagram;
import io.motenet.net.EchoReply;
import io.motenet.net.InterfaceConfig;
import io.motenet.net.InterfaceInfo;
import io.motenet.net.NetException;
import io.motenet.net.NetworkEvent;
import io.motenet.net.UdpSocket;
import io.motenet.net.UnreachableException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two stack services on an in-JVM switch, in real time, through the io.motenet.net API only. */
class StackServiceTest {
    static final Duration T = Duration.ofSeconds(5);
    VirtualSwitch lan;
    StackService a;
    StackService b;

    static Inet4Address ip(String s) {
        return Ipv4Address.parse(s).toInetAddress();
    }

    static Map<String, Object> props(NetworkDevice d, int ranking, long id) {
        return Map.of(NetworkDevice.NAME, d.name(), "service.ranking", ranking, "service.id", id);
    }

    @BeforeEach
    void setUp() {
        lan = VirtualSwitch.direct("lan");
        a = new StackService(1024, 1);
        b = new StackService(1024, 2);
        SwitchPort pa = lan.addPort("eth-a", MacAddress.parse("02:00:00:00:00:0a"), 1500);
        SwitchPort pb = lan.addPort("eth-b", MacAddress.parse("02:00:00:00:00:0b"), 1500);
        a.bindDevice(pa, props(pa, 0, 1));
        b.bindDevice(pb, props(pb, 0, 2));
        a.configure(InterfaceConfig.staticAddress("eth-a", ip("10.5.0.2"), 24, ip("10.5.0.1"), List.of(ip("10.5.0.53"))));
        b.configure(InterfaceConfig.staticAddress("eth-b", ip("10.5.0.3"), 24, null, List.of()));
    }

    @AfterEach
    void tearDown() {
        a.deactivate();
        b.deactivate();
    }

    @Test
    void interfaceInfoShowsWhatIfconfigNeeds() {
        InterfaceInfo i = a.iface("eth-a").orElseThrow();
        assertEquals("02:00:00:00:00:0a", i.mac());
        assertEquals(1500, i.mtu());
        assertTrue(i.linkUp());
        assertEquals(ip("10.5.0.2"), i.address());
        assertEquals(24, i.prefixLength());
        assertEquals(ip("10.5.0.1"), i.gateway());
        assertEquals(List.of(ip("10.5.0.53")), a.dnsServers());
        assertEquals(2, a.routes().size()); // connected + default
        assertTrue(i.counters().get("tx.frames") >= 1); // the gratuitous ARP of link-up
    }

    @Test
    void pingBlockingAndAsync() throws Exception {
        EchoReply r = a.ping(ip("10.5.0.3"), 56, T);
        assertEquals(ip("10.5.0.3"), r.from());
        assertEquals(56, r.bytes());
        assertEquals(64, r.ttl());
        CompletableFuture<EchoReply> f = a.pingAsync(ip("10.5.0.3"), 1000, T);
        assertEquals(1000, f.get(5, TimeUnit.SECONDS).bytes());
        assertEquals("02:00:00:00:00:0b", a.neighbors().get(0).mac());
        NetException timeout = assertThrows(NetException.class,
                () -> a.ping(ip("10.5.0.99"), 8, Duration.ofMillis(100))); // nobody there
        assertTrue(timeout.getMessage().contains("no reply"), timeout.getMessage());
    }

    @Test
    void udpBothWaysFromVirtualThreads() throws Exception {
        try (UdpSocket server = b.openUdp(7); UdpSocket client = a.openUdp(0);
                var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            // the server echoes on a virtual thread that blocks in receive
            Future<?> echo = threads.submit(() -> {
                for (int n = 0; n < 50; n++) {
                    Datagram d = server.receive(T).orElseThrow();
                    server.send(d.source(), d.data());
                }
                return null;
            });
            for (int n = 0; n < 50; n++) {
                byte[] msg = ("message " + n).getBytes();
                client.send(new InetSocketAddress(ip("10.5.0.3"), 7), msg);
                Datagram back = client.receive(T).orElseThrow();
                assertArrayEquals(msg, back.data());
                assertEquals(new InetSocketAddress(ip("10.5.0.3"), 7), back.source());
            }
            echo.get(5, TimeUnit.SECONDS);
            assertTrue(client.receive(Duration.ofMillis(20)).isEmpty());
        }
    }

    @Test
    void portUnreachableSurfacesOnReceive() throws Exception {
        try (UdpSocket client = a.openUdp(0)) {
            CompletableFuture<Datagram> pending = client.receiveAsync();
            client.send(new InetSocketAddress(ip("10.5.0.3"), 9), new byte[] {1});
            ExecutionException e = assertThrows(ExecutionException.class, () -> pending.get(5, TimeUnit.SECONDS));
            UnreachableException u = assertInstanceOf(UnreachableException.class, e.getCause());
            assertEquals(UnreachableException.Reason.PORT_UNREACHABLE, u.reason());
            assertEquals(9, u.port());
            assertEquals(ip("10.5.0.3"), u.reporter());
        }
    }

    @Test
    void portInUseAndClosedSocketsFailClearly() {
        try (UdpSocket s = a.openUdp(5000)) {
            NetException e = assertThrows(NetException.class, () -> a.openUdp(5000));
            assertTrue(e.getMessage().contains("5000"), e.getMessage());
            s.close();
            s.close(); // twice is fine
            assertThrows(NetException.class, () -> s.send(new InetSocketAddress(ip("10.5.0.3"), 1), new byte[1]));
        }
    }

    @Test
    void deviceSwapKeepsTheInterfaceAndResumes() throws Exception {
        List<NetworkEvent> events = new CopyOnWriteArrayList<>();
        a.addListener(events::add);
        SwitchPort old = (SwitchPort) lan.ports().get(0);
        a.ping(ip("10.5.0.3"), 8, T);
        try (UdpSocket server = b.openUdp(7); UdpSocket client = a.openUdp(0)) {
            a.unbindDevice(old, props(old, 0, 1));
            old.close();
            awaitLink(false);
            InterfaceInfo down = a.iface("eth-a").orElseThrow();
            assertFalse(down.linkUp());
            assertEquals(ip("10.5.0.2"), down.address()); // kept while the device is away
            // a new device of the same name, with another MAC, comes back
            SwitchPort fresh = lan.addPort("eth-a", MacAddress.parse("02:00:00:00:00:aa"), 1500);
            a.bindDevice(fresh, props(fresh, 0, 3));
            awaitLink(true);
            assertEquals("02:00:00:00:00:aa", a.iface("eth-a").orElseThrow().mac());
            client.send(new InetSocketAddress(ip("10.5.0.3"), 7), new byte[] {42});
            Datagram d = server.receive(T).orElseThrow();
            server.send(d.source(), new byte[] {43});
            assertEquals(43, client.receive(T).orElseThrow().data()[0]);
            // b learned the new MAC from the gratuitous ARP (it had the old one cached)
            assertTrue(b.neighbors().stream().anyMatch(n -> "02:00:00:00:00:aa".equals(n.mac())));
        }
        // listeners hear of changes on the stack's event thread, after the fact: wait for it (the test once ran
        // in 8 ms on a loaded machine, before that thread had delivered the link-down event)
        long deadline = System.nanoTime() + T.toNanos();
        while (events.stream().noneMatch(e -> e.kind() == NetworkEvent.Kind.INTERFACE_CHANGED
                && e.iface() != null && !e.iface().linkUp())) {
            assertTrue(System.nanoTime() < deadline, "no INTERFACE_CHANGED event with the link down: " + events);
            Thread.sleep(2);
        }
    }

    @Test
    void staticRoutesAddAndGo() {
        a.addRoute(ip("172.16.0.0"), 12, ip("10.5.0.3"), "eth-a");
        assertTrue(a.routes().stream().anyMatch(r -> r.prefixLength() == 12 && ip("10.5.0.3").equals(r.gateway())
                && r.source().equals("static")));
        assertEquals(List.of(24, 12, 0), a.routes().stream().map(r -> r.prefixLength()).toList()); // most specific first
        assertThrows(IllegalArgumentException.class, () -> a.addRoute(ip("1.0.0.0"), 8, null, "nope"));
        assertTrue(a.removeRoute(ip("172.16.0.0"), 12));
        assertFalse(a.removeRoute(ip("172.16.0.0"), 12));
        assertEquals(2, a.routes().size());
    }

    @Test
    void dnsChangesAreAnnounced() throws Exception {
        List<NetworkEvent> events = new CopyOnWriteArrayList<>();
        try (AutoCloseable reg = a.addListener(events::add)) {
            a.configure(InterfaceConfig.staticAddress("eth-a", ip("10.5.0.2"), 24, null, List.of(ip("9.9.9.9"))));
            long deadline = System.nanoTime() + T.toNanos();
            while (events.stream().noneMatch(e -> e.kind() == NetworkEvent.Kind.DNS_SERVERS_CHANGED
                    && e.dnsServers().equals(List.of(ip("9.9.9.9")))) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(List.of(ip("9.9.9.9")), a.dnsServers());
            assertTrue(events.stream().anyMatch(e -> e.kind() == NetworkEvent.Kind.DNS_SERVERS_CHANGED));
        }
    }

    private void awaitLink(boolean up) throws InterruptedException {
        long deadline = System.nanoTime() + T.toNanos();
        while (a.iface("eth-a").orElseThrow().linkUp() != up) {
            assertTrue(System.nanoTime() < deadline, "link never went " + (up ? "up" : "down"));
            Thread.sleep(2);
        }
    }
}
