package io.motenet.ip.internal.lab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.motenet.ip.internal.stack.StackService;
import io.motenet.ip.internal.wire.Ipv4Address;
import io.motenet.link.MacAddress;
import io.motenet.link.NetworkDevice;
import io.motenet.net.Datagram;
import io.motenet.net.EchoReply;
import io.motenet.net.InterfaceConfig;
import io.motenet.net.InterfaceInfo;
import io.motenet.net.UdpSocket;
import io.motenet.testing.lab.Commands;
import io.motenet.testing.lab.Lab;
import io.motenet.testing.lab.LabExtension;
import io.motenet.testing.lab.LabOptions;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stack against the Linux kernel of a namespace that the test makes, through a TAP device:
 * the kernel pings us, we ping it, UDP both ways (socat on the kernel side), datagrams that both
 * sides must fragment and reassemble, and a DHCP lease from dnsmasq.
 */
class IpLabTest {
    static final String OUR_IP = "10.77.0.2";
    static final String KERNEL_IP = "10.77.0.1";
    static final MacAddress OUR_MAC = MacAddress.parse("02:6d:6e:00:00:02");
    static final Duration T = Duration.ofSeconds(5);

    @RegisterExtension
    final LabExtension lab = new LabExtension(LabOptions.defaults().withOurMac(OUR_MAC).withKernelAddress("10.77.0.1/24"));

    StackService stack;

    static Inet4Address ip(String s) {
        return Ipv4Address.parse(s).toInetAddress();
    }

    StackService bind(Lab l) {
        stack = new StackService(4096, 7);
        NetworkDevice d = l.device();
        stack.bindDevice(d, Map.of(NetworkDevice.NAME, d.name(), "service.id", 1L));
        return stack;
    }

    StackService bindStatic(Lab l) {
        bind(l).configure(InterfaceConfig.staticAddress(l.interfaceName(), ip(OUR_IP), 24, ip(KERNEL_IP), List.of()));
        return stack;
    }

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.deactivate();
        }
    }

    static void require(String tool, String pkg) {
        if (Commands.exec(List.of("sh", "-c", "command -v " + tool)).exitCode() != 0) {
            fail(tool + " is missing: DEBIAN_FRONTEND=noninteractive apt-get install -y " + pkg
                    + " (or run with -Dmotenet.lab=skip)");
        }
    }

    @Test
    void kernelPingsUsAndLearnsOurMac() {
        Lab l = lab.get();
        bindStatic(l);
        // -s 3000: the request and our reply are both fragmented (MTU 1500)
        String out = l.exec("ping", "-c", "3", "-i", "0.2", "-W", "2", OUR_IP);
        assertTrue(out.contains("3 received"), out);
        String big = l.exec("ping", "-c", "1", "-W", "2", "-s", "3000", OUR_IP);
        assertTrue(big.contains("1 received"), big);
        String neigh = l.neighbour(OUR_IP);
        assertTrue(neigh.contains("lladdr " + OUR_MAC), neigh);
        InterfaceInfo i = stack.iface(l.interfaceName()).orElseThrow();
        assertEquals(4, i.counters().get("icmp.echo.answered"));
        assertEquals(1, i.counters().get("ip.reassembled"));
        assertTrue(i.counters().get("ip.tx.fragments") >= 3, i.counters().toString());
    }

    @Test
    void wePingTheKernel() {
        Lab l = lab.get();
        bindStatic(l);
        EchoReply r = stack.ping(ip(KERNEL_IP), 56, T);
        assertEquals(ip(KERNEL_IP), r.from());
        assertEquals(64, r.ttl());
        EchoReply big = stack.ping(ip(KERNEL_IP), 4000, T); // fragmented both ways
        assertEquals(4000, big.bytes());
        assertEquals(l.kernelMac().toString(), stack.neighbors().get(0).mac());
    }

    @Test
    void udpBothWaysWithFragments() throws Exception {
        require("socat", "socat");
        Lab l = lab.get();
        bindStatic(l);
        // kernel side: a UDP echo server (socat sends every datagram back)
        Process echo = l.spawn("socat", "UDP4-RECVFROM:7777,fork", "PIPE");
        try (UdpSocket s = stack.openUdp(0)) {
            byte[] small = "hello kernel".getBytes(StandardCharsets.US_ASCII);
            Datagram back = sendUntilAnswered(s, small);
            assertArrayEquals(small, back.data());
            assertEquals(new InetSocketAddress(ip(KERNEL_IP), 7777), back.source());
            byte[] large = new byte[6000]; // four fragments out, four back
            for (int i = 0; i < large.length; i++) {
                large[i] = (byte) (i % 251);
            }
            assertArrayEquals(large, sendUntilAnswered(s, large).data());
        } finally {
            echo.destroy();
        }
        // kernel to us
        try (UdpSocket s = stack.openUdp(5000)) {
            l.exec("sh", "-c", "echo from-kernel | socat - UDP4-SENDTO:" + OUR_IP + ":5000,sourceport=6000");
            Datagram d = s.receive(T).orElseThrow();
            assertEquals("from-kernel\n", new String(d.data(), StandardCharsets.US_ASCII));
            assertEquals(new InetSocketAddress(ip(KERNEL_IP), 6000), d.source());
        }
        InterfaceInfo i = stack.iface(l.interfaceName()).orElseThrow();
        assertTrue(i.counters().get("ip.reassembled") >= 1, i.counters().toString());
    }

    /** socat's echo server needs a moment to bind; UDP may be lost until then. */
    private Datagram sendUntilAnswered(UdpSocket s, byte[] data) {
        for (int attempt = 0; attempt < 20; attempt++) {
            s.send(new InetSocketAddress(ip(KERNEL_IP), 7777), data);
            try {
                var d = s.receive(Duration.ofMillis(250));
                if (d.isPresent()) {
                    return d.get();
                }
            } catch (io.motenet.net.UnreachableException e) {
                // port unreachable while socat starts: try again
            }
        }
        fail("the kernel's UDP echo server never answered");
        return null;
    }

    @Test
    void leaseFromDnsmasq(@TempDir Path dir) throws Exception {
        require("dnsmasq", "dnsmasq-base");
        Lab l = lab.get();
        Path leases = dir.resolve("leases");
        Files.createFile(leases);
        Process dnsmasq = l.spawn("dnsmasq", "--no-daemon", "--conf-file=/dev/null", "--port=0",
                "--interface=" + l.interfaceName(), "--bind-interfaces", "--dhcp-authoritative",
                "--dhcp-range=10.77.0.50,10.77.0.60,255.255.255.0,120", "--dhcp-option=option:router," + KERNEL_IP,
                "--dhcp-option=option:dns-server,10.77.0.53", "--dhcp-option=option:mtu,1400",
                "--dhcp-leasefile=" + leases);
        try {
            bind(l).configure(InterfaceConfig.dhcp(l.interfaceName(), "mote-lab"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            InterfaceInfo i;
            while ((i = stack.iface(l.interfaceName()).orElseThrow()).address() == null) {
                assertTrue(dnsmasq.isAlive(), "dnsmasq exited: " + new String(dnsmasq.getErrorStream().readAllBytes()));
                assertTrue(System.nanoTime() < deadline, "no lease from dnsmasq: " + i);
                Thread.sleep(50);
            }
            Inet4Address a = i.address();
            int last = a.getAddress()[3] & 0xff;
            assertTrue(last >= 50 && last <= 60, "leased " + a);
            assertEquals(24, i.prefixLength());
            assertEquals(ip(KERNEL_IP), i.gateway());
            assertEquals(List.of(ip("10.77.0.53")), stack.dnsServers());
            assertEquals(1400, i.mtu());
            assertNotNull(i.lease());
            assertEquals(ip(KERNEL_IP), i.lease().server());
            assertEquals(Duration.ofSeconds(120), i.lease().leaseTime());
            String file = Files.readString(leases);
            assertTrue(file.contains(a.getHostAddress()) && file.contains(OUR_MAC.toString()) && file.contains("mote-lab"),
                    "dnsmasq's lease file: " + file);
            // the leased address works: the kernel pings it
            String out = l.exec("ping", "-c", "1", "-W", "2", a.getHostAddress());
            assertTrue(out.contains("1 received"), out);
            // the interface goes away: the lease goes back to dnsmasq (DHCPRELEASE), which forgets it
            stack.unconfigure(l.interfaceName());
            long releaseDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (Files.readString(leases).contains(a.getHostAddress())) {
                assertTrue(System.nanoTime() < releaseDeadline, "dnsmasq still holds the lease: " + Files.readString(leases));
                Thread.sleep(50);
            }
        } finally {
            dnsmasq.destroy();
            dnsmasq.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
