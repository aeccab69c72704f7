package io.motenet.ip.internal.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.motenet.ip.internal.stack.StackService;
import io.motenet.ip.internal.wire.Ipv4Address;
import io.motenet.link.MacAddress;
import io.motenet.link.NetworkDevice;
import io.motenet.net.InterfaceConfig;
import io.motenet.net.TcpConnection;
import io.motenet.net.TcpInfo;
import io.motenet.testing.lab.Commands;
import io.motenet.testing.lab.Lab;
import io.motenet.testing.lab.LabExtension;
import io.motenet.testing.lab.LabOptions;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Path MTU discovery against the Linux kernel as a router: the lab's namespace forwards from our
 * TAP link (MTU 1500) to a veth link into a second namespace where a socat listener waits; the
 * router's end of the veth has MTU 1200, the far end 1500, so the far side's SYN still offers MSS
 * 1460 and only path MTU discovery can find the narrow hop. Our 1500-byte segments carry DF, so the kernel drops them and answers ICMP
 * fragmentation-needed with next-hop MTU 1200; the connection must lower its MSS and deliver
 * 4 MiB intact (SHA-256 compared on the far side).
 */
class PathMtuLabTest {
    static final String OUR_IP = "10.79.0.2";
    static final String ROUTER_IP = "10.79.0.1";
    static final String FAR_IP = "10.80.0.2";
    static final int NARROW_MTU = 1200;
    static final int BYTES = 4 << 20;

    @RegisterExtension
    final LabExtension lab = new LabExtension(LabOptions.defaults().withOurMac(MacAddress.parse("02:6d:6e:00:00:13"))
            .withKernelAddress(ROUTER_IP + "/24"));

    @TempDir
    Path dir;
    StackService stack;
    String far;
    Process kernelSide;

    @AfterEach
    void stop() throws Exception {
        if (kernelSide != null) {
            kernelSide.destroyForcibly();
            kernelSide.waitFor(5, TimeUnit.SECONDS);
        }
        if (stack != null) {
            stack.deactivate();
        }
        if (far != null) {
            Commands.exec(List.of("ip", "netns", "del", far)); // its veth end goes with it, and the pair
        }
    }

    static Inet4Address ip(String s) {
        return Ipv4Address.parse(s).toInetAddress();
    }

    @Test
    void fragmentationNeededFromTheKernelLowersOurMssAndTheTransferCompletes() throws Exception {
        if (Commands.exec(List.of("sh", "-c", "command -v socat && command -v sha256sum")).exitCode() != 0) {
            fail("socat and sha256sum are needed: DEBIAN_FRONTEND=noninteractive apt-get install -y socat coreutils"
                    + " (or run with -Dmotenet.lab=skip)");
        }
        Lab l = lab.get();
        far = "mnfar-" + ProcessHandle.current().pid() + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24));
        String v = "mv" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24));
        Commands.run("ip", "netns", "add", far);
        Commands.run("ip", "-n", l.namespace(), "link", "add", v + "a", "mtu", "" + NARROW_MTU, "type", "veth", "peer",
                "name", v + "b", "netns", far); // the far end keeps 1500: its SYN offers MSS 1460
        Commands.run("ip", "-n", l.namespace(), "addr", "add", "10.80.0.1/24", "dev", v + "a");
        Commands.run("ip", "-n", l.namespace(), "link", "set", v + "a", "up");
        Commands.run("ip", "-n", far, "addr", "add", FAR_IP + "/24", "dev", v + "b");
        Commands.run("ip", "-n", far, "link", "set", v + "b", "up");
        Commands.run("ip", "-n", far, "link", "set", "lo", "up");
        Commands.run("ip", "-n", far, "route", "add", "default", "via", "10.80.0.1");
        l.exec("sysctl", "-q", "-w", "net.ipv4.ip_forward=1");

        stack = new StackService(8192, 13);
        NetworkDevice d = l.device();
        stack.bindDevice(d, Map.of(NetworkDevice.NAME, d.name(), "service.id", 1L));
        stack.configure(InterfaceConfig.staticAddress(l.interfaceName(), ip(OUR_IP), 24, ip(ROUTER_IP), List.of()));

        Path hash = dir.resolve("far.sha");
        kernelSide = new ProcessBuilder("ip", "netns", "exec", far, "socat", "-t", "30", "TCP4-LISTEN:8002,reuseaddr",
                "SYSTEM:sha256sum > " + hash + ".part && mv " + hash + ".part " + hash).redirectErrorStream(true).start();
        TcpConnection c = null;
        for (int attempt = 0; attempt < 50 && c == null; attempt++) {
            try {
                c = stack.connect(new InetSocketAddress(ip(FAR_IP), 8002), Duration.ofSeconds(10));
            } catch (io.motenet.net.ConnectionException e) {
                Thread.sleep(50); // socat is still starting
            }
        }
        assertTrue(c != null, "the far listener never answered");
        assertEquals(1448, c.info().mss(), "the link's MSS before any report (1460 less timestamps)");
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] chunk = new byte[1 << 16];
        SplittableRandom r = new SplittableRandom(5);
        try (OutputStream out = c.outputStream()) {
            for (int done = 0; done < BYTES; done += chunk.length) {
                r.nextBytes(chunk);
                md.update(chunk);
                out.write(chunk);
            }
        }
        String sent = HexFormat.of().formatHex(md.digest());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(hash) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(Files.exists(hash), "the far side never finished: " + c.info());
        assertEquals(sent, Files.readString(hash).strip().split(" ")[0], "4 MiB arrived intact through the narrow link");
        TcpInfo info = c.info();
        System.out.println("through a " + NARROW_MTU + "-byte hop: " + info);
        assertEquals(NARROW_MTU - 40 - 12, info.mss(), "MSS lowered to the path MTU less headers and timestamps");
        c.close();
    }
}
