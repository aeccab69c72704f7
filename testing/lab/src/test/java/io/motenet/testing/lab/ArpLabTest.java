package io.motenet.testing.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.motenet.link.DropReason;
import io.motenet.link.LinkCounters;
import io.motenet.link.MacAddress;
import io.motenet.link.internal.capture.CapturingDevice;
import io.motenet.link.internal.fault.FaultInjectingDevice;
import io.motenet.link.internal.fault.FaultPlan;
import io.motenet.link.internal.support.RealTimeScheduler;

/**
 * The Linux kernel, in a namespace of its own, asks by ARP for our address; the test answers
 * through our TAP device, and the kernel's neighbour table must then hold our MAC as REACHABLE
 * (learned, not configured). The exchange is captured to pcapng and read back with tshark.
 */
class ArpLabTest {

    static final String OUR_IP = "10.77.0.2";
    static final MacAddress OUR_MAC = MacAddress.parse("02:6d:6e:00:00:02");

    @RegisterExtension
    final LabExtension lab = new LabExtension(LabOptions.defaults().withOurMac(OUR_MAC).withKernelAddress("10.77.0.1/24"));

    @Test
    void kernelLearnsOurMacFromOurArpReply(@TempDir Path dir) throws Exception {
        Lab l = lab.get();
        assertFalse(l.exec("ip", "-o", "addr", "show").contains(OUR_IP + "/"), "our address is never on the kernel side");

        CapturingDevice device = new CapturingDevice(l.device());
        Path capture = dir.resolve("arp.pcapng");
        device.start(capture);
        BlockingQueue<byte[]> arps = new LinkedBlockingQueue<>();
        device.attach(frame -> {
            if (frame.getShort(frame.position() + 12) == 0x0806) {
                byte[] copy = new byte[frame.remaining()];
                frame.get(copy);
                arps.add(copy);
            }
        });

        // Any packet for 10.77.0.2 makes the kernel resolve it; ping sends one echo request.
        Process ping = l.spawn("ping", "-c", "1", "-W", "1", OUR_IP);
        try {
            byte[] request = arps.poll(5, TimeUnit.SECONDS);
            assertNotNull(request, "the kernel's ARP request for " + OUR_IP + " never arrived on our device");
            ByteBuffer req = ByteBuffer.wrap(request);
            assertEquals(MacAddress.BROADCAST, MacAddress.read(req, 0));
            assertEquals(1, req.getShort(20), "ARP opcode request");
            assertEquals(l.kernelMac(), MacAddress.read(req, 22), "sender hardware address is the kernel side's");
            assertEquals("10.77.0.1", ipv4(req, 28));
            assertEquals(OUR_IP, ipv4(req, 38), "target protocol address is ours");

            assertTrue(device.transmit(arpReply(req)));
            String neigh = waitForReachable(l);
            assertTrue(neigh.contains("lladdr " + OUR_MAC), neigh);
            assertTrue(neigh.endsWith("REACHABLE"), "learned from our reply, so REACHABLE: " + neigh);
            assertFalse(neigh.contains("PERMANENT"), neigh);
            assertTrue(ping.waitFor(10, TimeUnit.SECONDS));
        } finally {
            ping.destroy();
        }
        // The echo request the kernel held back now comes to our MAC; wait until it is counted.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (device.counters().rxFrames() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        device.stop();

        LinkCounters tap = l.device().counters();
        assertTrue(tap.rxFrames() >= 2, "ARP request and the held-back echo request arrived: " + tap);
        assertEquals(1, tap.txFrames(), "our ARP reply went out: " + tap);
        assertEquals(42, tap.txBytes());
        assertEquals(0, tap.totalDrops(), tap.toString());

        List<List<String>> arp = Tshark.fields(capture, "arp", "arp.opcode", "eth.src", "arp.src.hw_mac",
                "arp.src.proto_ipv4", "arp.dst.proto_ipv4", "frame.packet_flags_direction");
        assertEquals(List.of(
                List.of("1", l.kernelMac().toString(), l.kernelMac().toString(), "10.77.0.1", OUR_IP, "0x00000001"),
                List.of("2", OUR_MAC.toString(), OUR_MAC.toString(), OUR_IP, "10.77.0.1", "0x00000002")), arp);
        List<List<String>> all = Tshark.fields(capture, null, "frame.protocols", "eth.dst");
        assertEquals(3, all.size(), "ARP request, ARP reply, then the echo request: " + all);
        assertEquals(List.of("eth:ethertype:ip:icmp:data", OUR_MAC.toString()), all.get(2));
    }

    /** Faults sit under the TAP driver as well: a reply lost on its way out never teaches the kernel. */
    @Test
    void faultDecoratorOverTapLosesOurReply() throws Exception {
        Lab l = lab.get();
        try (RealTimeScheduler scheduler = new RealTimeScheduler("lab-faults")) {
            FaultInjectingDevice device = new FaultInjectingDevice(l.device(), FaultPlan.NONE.withLoss(1.0), FaultPlan.NONE, 7, scheduler);
            BlockingQueue<byte[]> arps = new LinkedBlockingQueue<>();
            device.attach(frame -> {
                if (frame.getShort(frame.position() + 12) == 0x0806) {
                    byte[] copy = new byte[frame.remaining()];
                    frame.get(copy);
                    arps.add(copy);
                }
            });
            Process ping = l.spawn("ping", "-c", "1", "-W", "1", OUR_IP);
            try {
                byte[] request = arps.poll(5, TimeUnit.SECONDS);
                assertNotNull(request, "the kernel's ARP request arrived through the decorator");
                assertFalse(device.transmit(arpReply(ByteBuffer.wrap(request))), "lost by injection");
                Thread.sleep(300);
                assertFalse(l.neighbour(OUR_IP).contains("lladdr"), "the kernel never learned us: " + l.neighbour(OUR_IP));
            } finally {
                ping.destroy();
            }
            assertEquals(1, device.counters().txDropped(DropReason.INJECTED_LOSS));
            assertEquals(0, l.device().counters().txFrames(), "nothing reached the TAP device");
        }
    }

    static String ipv4(ByteBuffer b, int at) {
        return (b.get(at) & 0xff) + "." + (b.get(at + 1) & 0xff) + "." + (b.get(at + 2) & 0xff) + "." + (b.get(at + 3) & 0xff);
    }

    /** RFC 826 reply: we (OUR_MAC, OUR_IP) answer the asker. */
    static ByteBuffer arpReply(ByteBuffer request) {
        ByteBuffer r = ByteBuffer.allocate(42);
        MacAddress asker = MacAddress.read(request, 22);
        asker.write(r, 0);
        OUR_MAC.write(r, 6);
        r.putShort(12, (short) 0x0806);
        r.putShort(14, (short) 1); // hardware type Ethernet
        r.putShort(16, (short) 0x0800); // protocol IPv4
        r.put(18, (byte) 6).put(19, (byte) 4);
        r.putShort(20, (short) 2); // reply
        OUR_MAC.write(r, 22);
        r.put(28, request, 38, 4); // our IP: what they asked for
        asker.write(r, 32);
        r.put(38, request, 28, 4); // their IP
        return r;
    }

    static String waitForReachable(Lab l) throws InterruptedException {
        String neigh = "";
        for (int i = 0; i < 100; i++) {
            neigh = l.neighbour(OUR_IP);
            if (neigh.contains("lladdr")) {
                return neigh;
            }
            Thread.sleep(20);
        }
        return neigh;
    }
}
