package io.motenet.ip.internal.stack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.motenet.driver.vswitch.internal.SwitchPort;
import io.motenet.driver.vswitch.internal.VirtualSwitch;
import io.motenet.ip.internal.wire.Ipv4Address;
import io.motenet.link.MacAddress;
import io.motenet.net.ConnectionException;
import io.motenet.net.InterfaceConfig;
import io.motenet.net.TcpConnection;
import io.motenet.net.TcpInfo;
import io.motenet.net.TcpServer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** TCP through the io.motenet.net API: two stack services on an in-JVM switch, real time, virtual threads. */
class StackTcpTest {
    static final Duration T = Duration.ofSeconds(10);
    VirtualSwitch lan;
    StackService a;
    StackService b;
    ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    static Inet4Address ip(String s) {
        return Ipv4Address.parse(s).toInetAddress();
    }

    @BeforeEach
    void setUp() {
        lan = VirtualSwitch.direct("lan");
        a = new StackService(1024, 1);
        b = new StackService(1024, 2);
        SwitchPort pa = lan.addPort("eth-a", MacAddress.parse("02:00:00:00:00:0a"), 1500);
        SwitchPort pb = lan.addPort("eth-b", MacAddress.parse("02:00:00:00:00:0b"), 1500);
        a.bindDevice(pa, Map.of("motenet.link.name", "eth-a", "service.ranking", 0, "service.id", 1L));
        b.bindDevice(pb, Map.of("motenet.link.name", "eth-b", "service.ranking", 0, "service.id", 2L));
        a.configure(InterfaceConfig.staticAddress("eth-a", ip("10.5.0.2"), 24, null, List.of()));
        b.configure(InterfaceConfig.staticAddress("eth-b", ip("10.5.0.3"), 24, null, List.of()));
    }

    @AfterEach
    void tearDown() {
        threads.shutdownNow();
        a.deactivate();
        b.deactivate();
    }

    static byte[] data(int n, long seed) {
        byte[] d = new byte[n];
        new SplittableRandom(seed).nextBytes(d);
        return d;
    }

    static byte[] sha256(byte[] d) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(d);
    }

    static byte[] readAll(InputStream in) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[16384];
        for (int n; (n = in.read(buf)) >= 0; ) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    @Test
    void streamsCarryFourMibEachWayOnVirtualThreads() throws Exception {
        byte[] up = data(4 << 20, 1);
        byte[] down = data(4 << 20, 2);
        try (TcpServer server = b.listen(new InetSocketAddress(ip("0.0.0.0"), 7000), 8)) {
            Future<byte[]> served = threads.submit(() -> {
                TcpConnection c = server.accept(T).orElseThrow();
                Future<?> w = threads.submit(() -> {
                    try (OutputStream out = c.outputStream()) {
                        out.write(down);
                    }
                    return null;
                });
                byte[] got = readAll(c.inputStream());
                w.get();
                c.close();
                return got;
            });
            TcpConnection c = a.connect(new InetSocketAddress(ip("10.5.0.3"), 7000), T);
            Future<?> w = threads.submit(() -> {
                c.outputStream().write(up);
                c.shutdownOutput();
                return null;
            });
            byte[] got = readAll(c.inputStream());
            w.get(30, TimeUnit.SECONDS);
            assertArrayEquals(sha256(down), sha256(got));
            assertArrayEquals(sha256(up), sha256(served.get(30, TimeUnit.SECONDS)));
            TcpInfo info = c.info();
            assertEquals(up.length, info.bytesAcked());
            assertEquals(down.length, info.bytesReceived());
            assertTrue(info.srtt().toNanos() > 0);
            // a reader waiting in read() gets in-order bytes straight into its buffer, past the receive ring
            assertTrue(a.stackCounter("tcp.rx.direct") > 0, "segments placed in a waiting read's buffer");
            c.close();
        }
    }

    @Test
    void aReaderBehindTheDataCopiesOutOnItsOwnThreadAndLosesNothing() throws Exception {
        byte[] down = data(8 << 20, 3);
        try (TcpServer server = b.listen(new InetSocketAddress(ip("0.0.0.0"), 7007), 8)) {
            threads.submit(() -> {
                try (TcpConnection c = server.accept(T).orElseThrow(); OutputStream out = c.outputStream()) {
                    out.write(down);
                }
                return null;
            });
            TcpConnection c = a.connect(new InetSocketAddress(ip("10.5.0.3"), 7007), T);
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[64 * 1024];
            InputStream in = c.inputStream();
            for (int n; (n = in.read(buf)) >= 0; ) {
                got.write(buf, 0, n);
                if (got.size() % (1 << 20) < n) {
                    Thread.sleep(20); // fall behind now and then: the receive ring fills
                }
            }
            assertArrayEquals(sha256(down), sha256(got.toByteArray()));
            assertTrue(a.stackCounter("tcp.rx.copy_out") > 0, "reads that found data copied it out themselves");
            assertEquals(down.length, c.info().bytesReceived());
            c.close();
        }
    }

    @Test
    void aBlockingReadNeverOvertakesAnEarlierAsynchronousOne() throws Exception {
        byte[] down = data(256 * 1024, 4);
        try (TcpServer server = b.listen(new InetSocketAddress(ip("0.0.0.0"), 7008), 8)) {
            CompletableFuture<TcpConnection> accepted = server.acceptAsync();
            TcpConnection c = a.connect(new InetSocketAddress(ip("10.5.0.3"), 7008), T);
            TcpConnection s = accepted.get(10, TimeUnit.SECONDS);
            ByteBuffer first = ByteBuffer.allocate(1000);
            CompletableFuture<Integer> early = c.readAsync(first); // queued before any data
            s.outputStream().write(down);
            s.close();
            byte[] rest = readAll(c.inputStream());
            int n = early.get(10, TimeUnit.SECONDS);
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.write(first.array(), 0, n);
            all.write(rest);
            assertArrayEquals(sha256(down), sha256(all.toByteArray()), "the asynchronous read got the first bytes");
            c.close();
        }
    }

    @Test
    void asynchronousConnectReadAndWrite() throws Exception {
        TcpServer server = b.listen(new InetSocketAddress(ip("10.5.0.3"), 7001), 8);
        CompletableFuture<TcpConnection> accepted = server.acceptAsync();
        TcpConnection c = a.connectAsync(new InetSocketAddress(ip("10.5.0.3"), 7001), T).get(10, TimeUnit.SECONDS);
        TcpConnection s = accepted.get(10, TimeUnit.SECONDS);
        assertEquals(c.localAddress(), s.remoteAddress());
        ByteBuffer msg = ByteBuffer.wrap("ping".getBytes(StandardCharsets.US_ASCII));
        assertEquals(4, c.writeAsync(msg).get(10, TimeUnit.SECONDS));
        ByteBuffer in = ByteBuffer.allocate(100);
        int n = s.readAsync(in).get(10, TimeUnit.SECONDS);
        assertEquals("ping", new String(in.array(), 0, n, StandardCharsets.US_ASCII));
        c.shutdownOutput();
        assertEquals(-1, s.readAsync(ByteBuffer.allocate(10)).get(10, TimeUnit.SECONDS));
        server.close();
        c.close();
        s.close();
    }

    @Test
    void refusedTimedOutAndReadTimeoutAreTypedErrors() throws Exception {
        ConnectionException refused = assertThrows(ConnectionException.class,
                () -> a.connect(new InetSocketAddress(ip("10.5.0.3"), 9), T));
        assertEquals(ConnectionException.Reason.REFUSED, refused.reason());
        assertTrue(refused.getMessage().contains("10.5.0.3:9 refused"), refused.getMessage());
        ConnectionException timedOut = assertThrows(ConnectionException.class,
                () -> a.connect(new InetSocketAddress(ip("10.5.0.99"), 80), Duration.ofMillis(300)));
        assertEquals(ConnectionException.Reason.TIMED_OUT, timedOut.reason());
        TcpServer server = b.listen(new InetSocketAddress(ip("0.0.0.0"), 7002), 8);
        TcpConnection c = a.connect(new InetSocketAddress(ip("10.5.0.3"), 7002), T);
        c.setReadTimeout(Duration.ofMillis(100));
        assertThrows(SocketTimeoutException.class, () -> c.inputStream().read());
        TcpConnection s = server.accept(T).orElseThrow();
        s.abort();
        ConnectionException reset = assertThrows(ConnectionException.class, () -> {
            c.setReadTimeout(Duration.ZERO);
            c.inputStream().read();
        });
        assertEquals(ConnectionException.Reason.RESET, reset.reason());
        server.close();
    }

    @Test
    void aTimedOutOrInterruptedReadLosesNoBytesAndCloseReleasesABlockedOne() throws Exception {
        TcpServer server = b.listen(new InetSocketAddress(ip("0.0.0.0"), 7006), 8);
        TcpConnection c = a.connect(new InetSocketAddress(ip("10.5.0.3"), 7006), T);
        TcpConnection s = server.accept(T).orElseThrow();
        c.setReadTimeout(Duration.ofMillis(50));
        byte[] buf = new byte[16];
        assertThrows(SocketTimeoutException.class, () -> c.inputStream().read(buf));
        // an interrupted read is taken back from the loop: the bytes sent afterwards go to the next read
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                c.setReadTimeout(Duration.ZERO);
                c.inputStream().read(buf);
            } catch (java.io.InterruptedIOException expected) {
                return;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            throw new AssertionError("the read was not interrupted");
        });
        Thread.sleep(100);
        reader.interrupt();
        reader.join(T.toMillis());
        assertTrue(!reader.isAlive());
        s.outputStream().write("after".getBytes(StandardCharsets.US_ASCII));
        c.setReadTimeout(T);
        assertEquals("after", new String(c.inputStream().readNBytes(5), StandardCharsets.US_ASCII));
        // a read blocked when the application closes the connection fails at once, with the reason
        Future<Exception> blocked = threads.submit(() -> {
            try {
                c.setReadTimeout(Duration.ZERO);
                c.inputStream().read(buf);
                return null;
            } catch (Exception e) {
                return e;
            }
        });
        Thread.sleep(100);
        c.close();
        Exception e = blocked.get(5, TimeUnit.SECONDS);
        assertTrue(e != null && e.getMessage().contains("closed"), "blocked read after close: " + e);
        s.close();
        server.close();
    }

    @Test
    void connectionsAreListedWithTheirFigures() throws Exception {
        TcpServer server = b.listen(new InetSocketAddress(ip("0.0.0.0"), 7003), 8);
        TcpConnection c = a.connect(new InetSocketAddress(ip("10.5.0.3"), 7003), T);
        c.outputStream().write(new byte[1000]);
        TcpConnection s = server.accept(T).orElseThrow();
        s.inputStream().readNBytes(1000);
        List<TcpInfo> list = a.tcpConnections();
        assertEquals(1, list.size());
        TcpInfo i = list.get(0);
        assertEquals("ESTABLISHED", i.state());
        assertEquals(new InetSocketAddress(ip("10.5.0.3"), 7003), i.remote());
        assertEquals(1448, i.mss());
        assertTrue(i.timestamps());
        assertEquals("cubic", i.congestionControl(), "CUBIC is the default (RFC 9438)");
        assertTrue(i.cwnd() >= 10 * 1448);
        c.close();
        s.close();
        server.close();
    }

    @Test
    void congestionControlAndSackFollowTheConfiguration() throws Exception {
        a.setTcpDefaults("newreno", false);
        TcpServer server = b.listen(new InetSocketAddress(ip("0.0.0.0"), 7005), 8);
        TcpConnection c = a.connect(new InetSocketAddress(ip("10.5.0.3"), 7005), T);
        TcpConnection s = server.accept(T).orElseThrow();
        TcpInfo i = a.tcpConnections().get(0);
        assertEquals("newreno", i.congestionControl());
        assertEquals("cubic", b.tcpConnections().get(0).congestionControl(), "the other stack keeps its default");
        assertThrows(IllegalArgumentException.class, () -> a.setTcpDefaults("vegas", true));
        a.setTcpDefaults("cubic", true);
        c.close();
        s.close();
        server.close();
    }

    @Test
    void socketFactorySocketsRideTheStack() throws Exception {
        TcpServer server = b.listen(new InetSocketAddress(ip("0.0.0.0"), 7004), 8);
        threads.submit(() -> {
            TcpConnection s = server.accept(T).orElseThrow();
            byte[] line = s.inputStream().readNBytes(6);
            s.outputStream().write(("echo " + new String(line, StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII));
            s.close();
            return null;
        });
        try (Socket sock = a.socketFactory().createSocket("10.5.0.3", 7004)) {
            assertTrue(sock.isConnected());
            assertEquals(7004, sock.getPort());
            sock.setSoTimeout(5000);
            sock.setTcpNoDelay(true);
            sock.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("echo hello\n", new String(sock.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
        }
        assertThrows(ConnectException.class, () -> a.socketFactory().createSocket("10.5.0.3", 9));
        assertThrows(UnknownHostException.class, () -> a.socketFactory().createSocket("example.org", 80));
        Socket unconnected = a.socketFactory().createSocket();
        assertThrows(SocketTimeoutException.class,
                () -> unconnected.connect(new InetSocketAddress(ip("10.5.0.99"), 80), 200));
        server.close();
    }

    @Test
    void listeningTwiceOnAPortFails() {
        b.listen(new InetSocketAddress(ip("0.0.0.0"), 7005), 8);
        assertThrows(io.motenet.net.NetException.class, () -> b.listen(new InetSocketAddress(ip("10.5.0.3"), 7005), 8));
    }

    @Test
    void perConnectionOptionsTakeEffect() throws Exception {
        TcpServer server = b.listen(new InetSocketAddress(ip("0.0.0.0"), 7006), 8,
                io.motenet.net.TcpSocketOptions.defaults().withBuffers(16 * 1024, 16 * 1024));
        TcpConnection c = a.connect(new InetSocketAddress(ip("10.5.0.3"), 7006), io.motenet.net.TcpSocketOptions
                .defaults().withConnectTimeout(T).withUserTimeout(Duration.ofMillis(500)).withNoDelay(true)
                .withCongestionControl("newreno"));
        TcpConnection s = server.accept(T).orElseThrow();
        assertEquals("newreno", c.info().congestionControl(), "chosen for this connection");
        assertEquals("cubic", s.info().congestionControl(), "the default");
        assertThrows(IllegalArgumentException.class,
                () -> io.motenet.net.TcpSocketOptions.defaults().withCongestionControl("bbr"));
        assertTrue(s.info().receiveWindow() <= 16 * 1024, "the server's smaller buffer: " + s.info());
        assertTrue(c.info().sendWindow() <= 16 * 1024, "... is the window the client sees");
        b.unconfigure("eth-b"); // the peer vanishes
        c.outputStream().write(new byte[100]);
        ConnectionException e = assertThrows(ConnectionException.class, () -> {
            c.setReadTimeout(Duration.ofSeconds(5));
            c.inputStream().read();
        });
        assertEquals(ConnectionException.Reason.TIMED_OUT, e.reason(), "the user timeout of 500 ms ended it");
        server.close();
    }

    static void unused() throws ExecutionException {
    }
}
