package io.motenet.ip.internal.stack;

import static io.motenet.ip.internal.stack.StackTcpTest.data;
import static io.motenet.ip.internal.stack.StackTcpTest.ip;
import static io.motenet.ip.internal.stack.StackTcpTest.readAll;
import static io.motenet.ip.internal.stack.StackTcpTest.sha256;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.motenet.driver.vswitch.internal.SwitchPort;
import io.motenet.driver.vswitch.internal.VirtualSwitch;
import io.motenet.link.MacAddress;
import io.motenet.net.ConnectionException;
import io.motenet.net.InterfaceConfig;
import io.motenet.net.NetException;
import io.motenet.net.PendingTcpConnection;
import io.motenet.net.TcpConnection;
import io.motenet.net.TcpInterceptor;
import io.motenet.net.TcpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * TCP interception through the io.motenet.net API, real time: a guest stack (10.5.0.2) whose
 * default gateway is the gateway stack (10.5.0.3) on the in-JVM switch connects to
 * 93.184.216.34, which exists only as an address in these frames: nothing leaves the JVM.
 */
class StackTcpInterceptTest {
    static final Duration T = Duration.ofSeconds(10);
    static final InetSocketAddress FAR_HTTPS = new InetSocketAddress(ip("93.184.216.34"), 443);
    static final InetSocketAddress FAR_SMTP = new InetSocketAddress(ip("93.184.216.34"), 25);
    VirtualSwitch lan;
    StackService guest;
    StackService gateway;
    ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    @BeforeEach
    void setUp() {
        lan = VirtualSwitch.direct("lan");
        guest = new StackService(1024, 11);
        gateway = new StackService(1024, 12);
        SwitchPort pa = lan.addPort("eth-g", MacAddress.parse("02:00:00:00:01:0a"), 1500);
        SwitchPort pb = lan.addPort("eth-w", MacAddress.parse("02:00:00:00:01:0b"), 1500);
        guest.bindDevice(pa, Map.of("motenet.link.name", "eth-g", "service.ranking", 0, "service.id", 1L));
        gateway.bindDevice(pb, Map.of("motenet.link.name", "eth-w", "service.ranking", 0, "service.id", 2L));
        guest.configure(InterfaceConfig.staticAddress("eth-g", ip("10.5.0.2"), 24, ip("10.5.0.3"), List.of()));
        gateway.configure(InterfaceConfig.staticAddress("eth-w", ip("10.5.0.3"), 24, null, List.of()));
    }

    @AfterEach
    void tearDown() {
        threads.shutdownNow();
        guest.deactivate();
        gateway.deactivate();
    }

    long gatewayCounter(String name) {
        return gateway.iface("eth-w").orElseThrow().counters().getOrDefault(name, 0L);
    }

    @Test
    void admittedOnlyAfterTheDecisionThenOneMibEachWay() throws Exception {
        byte[] up = data(1 << 20, 11);
        byte[] down = data(1 << 20, 12);
        try (TcpInterceptor interceptor = gateway.interceptTcp(8)) {
            CompletableFuture<TcpConnection> connecting = guest.connectAsync(FAR_HTTPS, T);
            PendingTcpConnection p = interceptor.next(T).orElseThrow();
            assertEquals(FAR_HTTPS, p.destination());
            assertEquals(ip("10.5.0.2"), p.source().getAddress());
            // The gateway would connect to the real host now; until it decides, the guest waits.
            assertThrows(TimeoutException.class, () -> connecting.get(300, TimeUnit.MILLISECONDS));
            assertEquals("SYN_SENT", guest.tcpConnections().getFirst().state());
            assertTrue(gatewayCounter("ip.rx.intercepted") >= 1);

            TcpConnection outside = p.admit();
            TcpConnection inside = connecting.get(10, TimeUnit.SECONDS);
            assertEquals(FAR_HTTPS, outside.localAddress());
            assertEquals(FAR_HTTPS, inside.remoteAddress());
            assertEquals(inside.localAddress(), outside.remoteAddress());
            assertThrows(IllegalStateException.class, p::refuse, "decided once");

            Future<byte[]> served = threads.submit(() -> {
                Future<?> w = threads.submit(() -> {
                    try (OutputStream out = outside.outputStream()) {
                        out.write(down);
                    }
                    return null;
                });
                byte[] got = readAll(outside.inputStream());
                w.get();
                return got;
            });
            Future<?> w = threads.submit(() -> {
                inside.outputStream().write(up);
                inside.shutdownOutput();
                return null;
            });
            byte[] got = readAll(inside.inputStream());
            w.get(30, TimeUnit.SECONDS);
            assertArrayEquals(sha256(down), sha256(got));
            assertArrayEquals(sha256(up), sha256(served.get(30, TimeUnit.SECONDS)));
            inside.close();
            outside.close();
        }
    }

    @Test
    void closingTheInterceptorResetsWhatItAdmitted() throws Exception {
        TcpInterceptor interceptor = gateway.interceptTcp(8);
        CompletableFuture<TcpConnection> connecting = guest.connectAsync(FAR_HTTPS, T);
        TcpConnection outside = interceptor.next(T).orElseThrow().admit();
        TcpConnection inside = connecting.get(10, TimeUnit.SECONDS);
        inside.outputStream().write(7);
        assertEquals(7, outside.inputStream().read());
        interceptor.close();
        ConnectionException reset = assertThrows(ConnectionException.class, () -> inside.inputStream().read());
        assertEquals(ConnectionException.Reason.RESET, reset.reason());
        ConnectionException aborted = assertThrows(ConnectionException.class, () -> outside.inputStream().read());
        assertEquals(ConnectionException.Reason.ABORTED, aborted.reason());
    }

    @Test
    void aRefusedAttemptFailsTheGuestsConnectAsRefused() throws Exception {
        try (TcpInterceptor interceptor = gateway.interceptTcp(8)) {
            CompletableFuture<PendingTcpConnection> next = interceptor.nextAsync();
            CompletableFuture<TcpConnection> connecting = guest.connectAsync(FAR_SMTP, T);
            PendingTcpConnection p = next.get(10, TimeUnit.SECONDS);
            assertEquals(FAR_SMTP, p.destination());
            p.refuse();
            p.refuse(); // no-op
            ExecutionException e = assertThrows(ExecutionException.class, () -> connecting.get(10, TimeUnit.SECONDS));
            ConnectionException refused = (ConnectionException) e.getCause();
            assertEquals(ConnectionException.Reason.REFUSED, refused.reason());
            assertTrue(refused.getMessage().contains("93.184.216.34:25"), refused.getMessage());
            assertThrows(IllegalStateException.class, p::admit);
        }
    }

    @Test
    void theBacklogBoundsUndecidedAttemptsAndTheRestRetry() throws Exception {
        try (TcpInterceptor interceptor = gateway.interceptTcp(1)) {
            CompletableFuture<TcpConnection> first = guest.connectAsync(FAR_HTTPS, T);
            PendingTcpConnection p1 = interceptor.next(T).orElseThrow();
            CompletableFuture<TcpConnection> second = guest.connectAsync(FAR_SMTP, T);
            assertTrue(interceptor.next(Duration.ofMillis(500)).isEmpty(), "the second waits outside the backlog");
            p1.refuse();
            // the second's SYN is retransmitted after 1 s and now finds room
            PendingTcpConnection p2 = interceptor.next(T).orElseThrow();
            assertEquals(FAR_SMTP, p2.destination());
            TcpConnection c = p2.admitAsync().get(10, TimeUnit.SECONDS);
            assertEquals(FAR_SMTP, second.get(10, TimeUnit.SECONDS).remoteAddress());
            assertThrows(ExecutionException.class, () -> first.get(10, TimeUnit.SECONDS));
            c.close();
        }
    }

    @Test
    void regularListenersWinAndWithoutAnInterceptorOtherHostsAreDropped() throws Exception {
        TcpInterceptor interceptor = gateway.interceptTcp(8);
        assertThrows(NetException.class, () -> gateway.interceptTcp(8), "one per stack");
        try (TcpServer server = gateway.listen(new InetSocketAddress(ip("0.0.0.0"), 8080), 4)) {
            TcpConnection c = guest.connect(new InetSocketAddress(ip("10.5.0.3"), 8080), T);
            server.accept(T).orElseThrow().close();
            c.close();
            assertTrue(interceptor.nextAsync().completeOnTimeout(null, 300, TimeUnit.MILLISECONDS)
                    .get(10, TimeUnit.SECONDS) == null, "the listener took it, not the interceptor");
        }
        CompletableFuture<PendingTcpConnection> waiting = interceptor.nextAsync();
        interceptor.close();
        interceptor.close(); // safe twice
        ExecutionException closed = assertThrows(ExecutionException.class, () -> waiting.get(10, TimeUnit.SECONDS));
        assertTrue(closed.getCause() instanceof NetException);
        long dropped = gatewayCounter("ip.drop.not_for_us");
        long intercepted = gatewayCounter("ip.rx.intercepted");
        ConnectionException e = assertThrows(ConnectionException.class,
                () -> guest.connect(FAR_HTTPS, Duration.ofMillis(300)));
        assertEquals(ConnectionException.Reason.TIMED_OUT, e.reason());
        assertTrue(gatewayCounter("ip.drop.not_for_us") > dropped);
        assertEquals(intercepted, gatewayCounter("ip.rx.intercepted"));
        assertFalse(gateway.tcpConnections().stream().anyMatch(i -> i.local().equals(FAR_HTTPS)));
        try (TcpInterceptor again = gateway.interceptTcp(8)) {
            assertTrue(again.nextAsync() != null, "a new interceptor after the old was closed");
        }
    }
}
