package io.motenet.ip.internal.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.motenet.ip.internal.stack.StackService;
import io.motenet.ip.internal.wire.Ipv4Address;
import io.motenet.link.MacAddress;
import io.motenet.link.NetworkDevice;
import io.motenet.link.internal.fault.FaultInjectingDevice;
import io.motenet.link.internal.fault.FaultPlan;
import io.motenet.link.internal.support.RealTimeScheduler;
import io.motenet.net.InterfaceConfig;
import io.motenet.net.TcpConnection;
import io.motenet.net.TcpInfo;
import io.motenet.net.TcpServer;
import io.motenet.testing.lab.Commands;
import io.motenet.testing.lab.Lab;
import io.motenet.testing.lab.LabExtension;
import io.motenet.testing.lab.LabOptions;
import java.io.InputStream;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * TCP against the Linux kernel of a namespace, through a TAP device: we connect to a kernel
 * listener, the kernel connects to ours, 64 MiB each way with SHA-256 compared, the kernel's SYN
 * options (SACK-permitted, timestamps, window scale) taken; and 16 MiB each way with faults
 * injected under our TAP device. The kernel side is socat with sha256sum.
 */
class TcpLabTest {
    static final String OUR_IP = "10.78.0.2";
    static final String KERNEL_IP = "10.78.0.1";
    static final MacAddress OUR_MAC = MacAddress.parse("02:6d:6e:00:00:12");
    static final Duration T = Duration.ofSeconds(10);
    static final int MIB = 1 << 20;

    @RegisterExtension
    final LabExtension lab = new LabExtension(labOptions());

    /** The lab's TAP device; the offload variant of this test turns the device's offload on. */
    LabOptions labOptions() {
        return LabOptions.defaults().withOurMac(OUR_MAC).withKernelAddress("10.78.0.1/24");
    }

    /** After an exchange without faults: what the variant checks besides the bytes. */
    void afterCleanExchange(StackService s, String ifname) {
    }

    @TempDir
    Path dir;
    StackService stack;
    RealTimeScheduler faultClock;
    final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    Process kernelSide;

    static Inet4Address ip(String s) {
        return Ipv4Address.parse(s).toInetAddress();
    }

    @AfterEach
    void stop() throws Exception {
        threads.shutdownNow();
        if (kernelSide != null) {
            kernelSide.destroyForcibly();
            kernelSide.waitFor(5, TimeUnit.SECONDS);
        }
        if (stack != null) {
            stack.deactivate();
        }
        if (faultClock != null) {
            faultClock.close();
        }
    }

    void start(Lab l, FaultPlan faults) {
        if (Commands.exec(List.of("sh", "-c", "command -v socat && command -v sha256sum")).exitCode() != 0) {
            fail("socat and sha256sum are needed: DEBIAN_FRONTEND=noninteractive apt-get install -y socat coreutils"
                    + " (or run with -Dmotenet.lab=skip)");
        }
        stack = new StackService(8192, 11);
        NetworkDevice d = l.device();
        if (faults != FaultPlan.NONE) {
            faultClock = new RealTimeScheduler("tcp-lab-faults");
            d = new FaultInjectingDevice(d, faults, faults, 11, faultClock);
        }
        stack.bindDevice(d, Map.of(NetworkDevice.NAME, d.name(), "service.id", 1L));
        stack.configure(InterfaceConfig.staticAddress(l.interfaceName(), ip(OUR_IP), 24, null, List.of()));
    }

    /** A file of seeded random bytes and its SHA-256. */
    String file(Path p, int bytes, long seed) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        SplittableRandom r = new SplittableRandom(seed);
        byte[] chunk = new byte[MIB];
        try (OutputStream out = Files.newOutputStream(p)) {
            for (int done = 0; done < bytes; done += chunk.length) {
                r.nextBytes(chunk);
                out.write(chunk);
                md.update(chunk);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The kernel side's script: send {@code send} while hashing what arrives into {@code hash}. */
    static String script(Path send, Path hash) {
        return "cat " + send + " & sha256sum > " + hash + ".part && mv " + hash + ".part " + hash + "; wait";
    }

    /** Sends the file on one virtual thread, reads and hashes on this one; returns the received hash. */
    String exchange(TcpConnection c, Path send) throws Exception {
        Future<?> writer = threads.submit(() -> {
            try (InputStream in = Files.newInputStream(send); OutputStream out = c.outputStream()) {
                in.transferTo(out); // closing the stream half-closes: FIN after the data
            }
            return null;
        });
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[65536];
        InputStream in = c.inputStream();
        for (int n; (n = in.read(buf)) >= 0; ) {
            md.update(buf, 0, n);
        }
        writer.get(5, TimeUnit.MINUTES);
        return HexFormat.of().formatHex(md.digest());
    }

    String waitForHash(Path hash) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (Files.exists(hash)) {
                return Files.readString(hash).strip().split(" ")[0]; // "HEX  -"
            }
            Thread.sleep(20);
        }
        fail("the kernel side never wrote its hash: " + (kernelSide == null ? "" : new String(kernelSide.getInputStream().readNBytes(4096))));
        return null;
    }

    TcpInfo weConnectToTheKernel(int size) throws Exception {
        Path up = dir.resolve("up.bin");
        Path down = dir.resolve("down.bin");
        Path upHash = dir.resolve("up.sha");
        String upSha = file(up, size, 1);
        String downSha = file(down, size, 2);
        kernelSide = lab.get().spawn("socat", "-t", "60", "TCP4-LISTEN:8000,reuseaddr", "SYSTEM:" + script(down, upHash));
        TcpConnection c = null;
        for (int attempt = 0; attempt < 200 && c == null; attempt++) { // up to 10 s on a loaded machine
            try {
                c = stack.connect(new InetSocketAddress(ip(KERNEL_IP), 8000), T);
            } catch (io.motenet.net.ConnectionException e) {
                Thread.sleep(50); // socat is still starting
            }
        }
        assertTrue(c != null, "the kernel's listener never answered");
        TcpInfo info = c.info();
        assertTrue(info.timestamps(), "timestamps agreed with the kernel");
        assertTrue(info.sendWindowScale() > 0, "the kernel's window scale taken: " + info);
        assertEquals(downSha, exchange(c, up), "kernel to us");
        assertEquals(upSha, waitForHash(upHash), "us to kernel");
        TcpInfo done = c.info();
        System.out.println("we -> kernel " + size / MIB + " MiB each way: " + done);
        c.close();
        if (faultClock == null) {
            afterCleanExchange(stack, lab.get().interfaceName());
        }
        return done;
    }

    @Test
    void weConnectToAKernelListener64MibEachWay() throws Exception {
        start(lab.get(), FaultPlan.NONE);
        weConnectToTheKernel(64 * MIB);
    }

    @Test
    void theKernelConnectsToOurListener64MibEachWay() throws Exception {
        Lab l = lab.get();
        start(l, FaultPlan.NONE);
        Path up = dir.resolve("k-up.bin");
        Path down = dir.resolve("k-down.bin");
        Path downHash = dir.resolve("k-down.sha");
        String upSha = file(up, 64 * MIB, 3); // kernel -> us
        String downSha = file(down, 64 * MIB, 4); // us -> kernel
        try (TcpServer server = stack.listen(new InetSocketAddress(ip("0.0.0.0"), 8001), 4)) {
            kernelSide = l.spawn("socat", "-t", "60", "TCP4:" + OUR_IP + ":8001", "SYSTEM:" + script(up, downHash));
            TcpConnection c = server.accept(T).orElseThrow();
            TcpInfo info = c.info();
            // Linux's SYN carries MSS, SACK-permitted, timestamps and window scale: all parsed and answered.
            assertEquals(1448, info.mss(), "MSS 1460 less the timestamps");
            assertTrue(info.timestamps());
            assertTrue(info.sendWindowScale() > 0, "the kernel's window scale: " + info);
            assertEquals(upSha, exchange(c, down), "kernel to us");
            assertEquals(downSha, waitForHash(downHash), "us to kernel");
            System.out.println("kernel -> we 64 MiB each way: " + c.info());
            c.close();
            afterCleanExchange(stack, l.interfaceName());
        }
    }

    @Test
    void sixteenMibEachWayWithFaultsUnderOurTap() throws Exception {
        start(lab.get(), FaultPlan.NONE.withLoss(0.01).withReordering(0.01, Duration.ofMillis(2))
                .withDuplication(0.01).withCorruption(0.005, 1));
        TcpInfo info = weConnectToTheKernel(16 * MIB);
        assertTrue(info.retransmits() > 0, "faults made us retransmit: " + info);
        long drops = stack.iface(lab.get().interfaceName()).orElseThrow().counters().entrySet().stream()
                .filter(e -> e.getKey().contains("bad_checksum")).mapToLong(Map.Entry::getValue).sum();
        assertTrue(drops > 0, "corrupted frames were dropped by checksum");
    }
}
