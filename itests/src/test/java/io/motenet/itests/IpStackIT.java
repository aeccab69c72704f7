package io.motenet.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.inject.Inject;

import io.motenet.link.FrameConsumer;
import io.motenet.link.LinkAttachment;
import io.motenet.link.NetworkDevice;
import io.motenet.net.InterfaceInfo;
import io.motenet.net.NetworkStack;
import org.apache.felix.service.command.CommandProcessor;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import io.motenet.net.TcpConnection;
import io.motenet.net.TcpServer;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The IP bundle in the runtime: an interface configured through Config Admin binds to the vswitch
 * port of its name, answers a peer's ARP request and ping (frames captured from Linux, see
 * bundles/ip/src/test/resources/captures), and survives its device going away and coming back.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class IpStackIT {

    // captures/arp.txt: ip netns exec capA ping -c1 10.99.1.1 -> who-has 10.99.1.1 tell 10.99.1.2
    static final String ARP_REQUEST =
            "ffffffffffff020000000102080600010800060400010200000001020a6301020000000000000a630101";
    // captures/arp.txt: the kernel's reply, 10.99.1.1 is-at 02:00:00:00:01:01
    static final String ARP_REPLY =
            "020000000102020000000101080600010800060400020200000001010a6301010200000001020a630102";
    // captures/ping.txt: ip netns exec capA ping -c1 -W1 -s 24 -p 6d6f74656e6574 10.99.1.1
    static final String ECHO_REQUEST =
            "020000000101020000000102080045000034dd694000400146970a6301020a63"
            + "0101080007da2b460001619c086b000000008c2a08000000000074656e65746d6f74";

    @Inject BundleContext context;
    @Inject ConfigurationAdmin configAdmin;
    @Inject NetworkStack stack;
    @Inject CommandProcessor gogo;

    @Configuration
    public Option[] config() {
        return new Option[] {MotenetOptions.runtime()};
    }

    @Test
    public void configuredInterfaceAnswersArpAndPingAndSurvivesADeviceSwap() throws Exception {
        port("ip-r", "02:00:00:00:01:01");
        port("ip-peer", "02:00:00:00:01:02");
        Dictionary<String, Object> cfg = new Hashtable<>();
        cfg.put("name", "ip-r");
        cfg.put("mode", "static");
        cfg.put("address", "10.99.1.1/24");
        cfg.put("dns", new String[] {"10.99.1.53"});
        configAdmin.getFactoryConfiguration("io.motenet.ip.interface", "ip-r", Configs.locationOf(context, "io.motenet.ip")).update(cfg);
        InterfaceInfo up = Await.until(() -> stack.iface("ip-r").filter(InterfaceInfo::linkUp)
                .filter(i -> i.address() != null).orElse(null), "interface ip-r is up with its address");
        assertEquals("02:00:00:00:01:01", up.mac());
        assertEquals(List.of(InetAddress.getByName("10.99.1.53")), stack.dnsServers());

        ServiceReference<NetworkDevice> peerRef = Await.until(() -> device("ip-peer"), "the peer port registers");
        Recorder peer = new Recorder();
        try (LinkAttachment attachment = context.getService(peerRef).attach(peer)) {
            NetworkDevice wire = attachment.device();
            wire.transmit(hex(ARP_REQUEST));
            byte[] reply = Await.until(() -> peer.find(0x0806), "an ARP reply from the stack");
            assertArrayEquals(HexFormat.of().parseHex(ARP_REPLY), Arrays.copyOf(reply, 42));
            wire.transmit(hex(ECHO_REQUEST));
            byte[] echo = Await.until(() -> peer.find(0x0800), "an echo reply from the stack");
            assertEquals("ICMP echo reply", 0, echo[14 + 20]);
        }
        assertEquals(1L, (long) stack.iface("ip-r").orElseThrow().counters().get("icmp.echo.answered"));

        // the same state through the shell, as a person sees it
        String ifconfig = Gogo.run(gogo, "net:ifconfig");
        assertTrue(ifconfig, ifconfig.contains("ip-r: <UP> mtu 1500 mode static"));
        assertTrue(ifconfig, ifconfig.contains("inet 10.99.1.1/24"));
        assertTrue(ifconfig, ifconfig.contains("icmp.echo.answered 1"));
        String arp = Gogo.run(gogo, "net:arp");
        assertTrue(arp, arp.lines().anyMatch(l -> l.matches("10\\.99\\.1\\.2 +02:00:00:00:01:02 +ip-r")));
        String route = Gogo.run(gogo, "net:route");
        assertTrue(route, route.contains("10.99.1.0/24 dev ip-r"));
        String ping = Gogo.run(gogo, "net:ping 10.99.1.2 1"); // the peer here records and never answers
        assertTrue(ping, ping.contains("1 packets transmitted, 0 received, 100% packet loss"));
        assertTrue(Gogo.run(gogo, "net:ping 300.1.1.1").contains("is not an IPv4 address"));

        // TCP through the shell: connect to a listener on our own address, then list the connection
        try (TcpServer server = stack.listen(new InetSocketAddress(InetAddress.getByName("10.99.1.1"), 7007), 4)) {
            CompletableFuture<TcpConnection> accepted = server.acceptAsync();
            String connect = Gogo.run(gogo, "net:tcp-connect 10.99.1.1 7007");
            assertTrue(connect, connect.startsWith("connected /10.99.1.1:") && connect.contains("-> /10.99.1.1:7007"));
            assertTrue(connect, connect.contains("ESTABLISHED"));
            try (TcpConnection kept = accepted.get(10, TimeUnit.SECONDS)) {
                String connections = Gogo.run(gogo, "net:connections");
                assertTrue(connections, connections.lines().anyMatch(l -> l.startsWith("STATE")));
                assertTrue(connections, connections.contains("10.99.1.1:7007 "));
            }

            // an ordinary java.net.Socket from this (another) bundle, riding the stack
            CompletableFuture<TcpConnection> echo = server.acceptAsync();
            try (java.net.Socket socket = stack.socketFactory().createSocket("10.99.1.1", 7007);
                    TcpConnection other = echo.get(10, TimeUnit.SECONDS)) {
                socket.getOutputStream().write("motenet".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                byte[] got = other.inputStream().readNBytes(7);
                assertEquals("motenet", new String(got, java.nio.charset.StandardCharsets.US_ASCII));
            }
        }
        // nobody listens any more: a typed refusal, readable in the shell
        try {
            stack.connect(new InetSocketAddress(InetAddress.getByName("10.99.1.1"), 7007), java.time.Duration.ofSeconds(5));
            throw new AssertionError("connect to a closed port succeeded");
        } catch (io.motenet.net.ConnectionException e) {
            assertEquals(io.motenet.net.ConnectionException.Reason.REFUSED, e.reason());
        }
        String refused = Gogo.run(gogo, "net:tcp-connect 10.99.1.1 7007");
        assertTrue(refused, refused.startsWith("tcp-connect: ") && refused.toLowerCase().contains("refused"));
        assertTrue(Gogo.run(gogo, "net:tcp-connect 10.99.1.1 70000").contains("not between 1 and 65535"));

        // the driver goes away: the interface keeps its address, link down; it comes back: link up
        Bundle driver = device("ip-r").getBundle();
        driver.stop();
        InterfaceInfo down = Await.until(() -> stack.iface("ip-r").filter(i -> !i.linkUp()).orElse(null),
                "ip-r goes link-down with its device");
        assertEquals(InetAddress.getByName("10.99.1.1"), down.address());
        driver.start();
        Await.until(() -> stack.iface("ip-r").filter(InterfaceInfo::linkUp).orElse(null),
                "ip-r resumes when a device of its name returns");
        assertTrue(stack.routes().stream().anyMatch(r -> "ip-r".equals(r.interfaceName())));
        assertFalse(stack.neighbors().isEmpty()); // the peer learned before the swap is still known
    }

    private void port(String name, String mac) throws Exception {
        Devices.vswitchPort(configAdmin, context, "ip-itest", name, mac, 1500);
    }

    private ServiceReference<NetworkDevice> device(String name) {
        return Devices.named(context, name);
    }

    private static ByteBuffer hex(String digits) {
        return ByteBuffer.wrap(HexFormat.of().parseHex(digits));
    }

    private static final class Recorder implements FrameConsumer {
        final List<byte[]> frames = new CopyOnWriteArrayList<>();

        @Override
        public void receive(ByteBuffer frame) {
            byte[] copy = new byte[frame.remaining()];
            frame.get(copy);
            frames.add(copy);
        }

        /** The first received frame of that EtherType that is not a broadcast (the stack's own announcements are). */
        byte[] find(int etherType) {
            return frames.stream().filter(f -> ((f[12] & 0xff) << 8 | (f[13] & 0xff)) == etherType && (f[0] & 1) == 0)
                    .findFirst().orElse(null);
        }
    }
}
