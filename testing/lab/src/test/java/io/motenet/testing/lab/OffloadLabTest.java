package io.motenet.testing.lab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.motenet.link.LinkCounters;
import io.motenet.link.MacAddress;
import io.motenet.link.NetworkDevice;

/**
 * The TAP driver's offload against the real kernel: frames through the virtio-net header in both
 * directions, TCP super-frames the kernel must accept and segments it must coalesce for us. The TCP end on
 * our side is {@link RawTcpPeer}, driven by hand, so that only the driver is under test; the kernel's end is
 * socat in the lab namespace.
 */
class OffloadLabTest {

    static final String OUR_IP = "10.77.0.2";
    static final byte[] OUR_IP_BYTES = {10, 77, 0, 2};
    static final byte[] KERNEL_IP_BYTES = {10, 77, 0, 1};
    static final MacAddress OUR_MAC = MacAddress.parse("02:6d:6e:00:00:02");
    static final int OUR_ISN = 0x1000_0000;

    @RegisterExtension
    final LabExtension lab = new LabExtension(LabOptions.defaults().withOurMac(OUR_MAC).withOffload(true));

    /** The kernel knows our MAC without asking, so the tests see only the traffic they make. */
    void knowUs(Lab l) {
        l.exec("ip", "neigh", "replace", OUR_IP, "lladdr", OUR_MAC.toString(), "dev", l.interfaceName(), "nud", "permanent");
    }

    @Test
    void offloadIsOnlyOnWhereAskedFor() {
        NetworkDevice d = lab.get().device();
        assertEquals(65_535, d.maxOffloadPacket());
        assertEquals(1514, d.maxFrameSize(), "plain frames keep to the MTU");
        try (Lab plain = Lab.start(LabOptions.defaults())) {
            assertEquals(1500, plain.device().maxOffloadPacket());
            assertThrows(UnsupportedOperationException.class, () -> plain.device().transmitSegmented(ByteBuffer.allocate(100), 1000));
        } catch (io.motenet.driver.tap.internal.TapException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * A ping from the namespace: its echo request arrives behind a virtio-net header that the reader strips
     * (MACs where they belong, checksums valid), and our reply, written behind a header of zeros, is
     * accepted by the kernel (ping succeeds).
     */
    @Test
    void pingCrossesTheVirtioNetHeaderBothWays() throws Exception {
        Lab l = lab.get();
        knowUs(l);
        BlockingQueue<byte[]> requests = new LinkedBlockingQueue<>();
        l.device().attach(frame -> {
            if (frame.remaining() >= 42 && frame.getShort(frame.position() + 12) == 0x0800 && frame.get(frame.position() + 23) == 1) {
                byte[] copy = new byte[frame.remaining()];
                frame.get(copy);
                requests.add(copy);
            }
        });
        Process ping = l.spawn("ping", "-c", "1", "-W", "3", "-s", "1001", OUR_IP);
        try {
            byte[] request = requests.poll(5, TimeUnit.SECONDS);
            assertNotNull(request, "the echo request never arrived");
            ByteBuffer r = ByteBuffer.wrap(request);
            assertEquals(OUR_MAC, MacAddress.read(r, 0), "the frame starts where the header ends");
            assertEquals(l.kernelMac(), MacAddress.read(r, 6));
            assertEquals(14 + 20 + 8 + 1001, request.length);
            assertEquals(0xffff, RawTcpPeer.sum(request, 14, 34, 0), "IPv4 header checksum");
            assertEquals(8, request[34], "echo request");
            assertEquals(0xffff, RawTcpPeer.sum(request, 34, request.length, 0), "ICMP checksum");

            byte[] reply = request.clone();
            ByteBuffer p = ByteBuffer.wrap(reply);
            l.kernelMac().write(p, 0);
            OUR_MAC.write(p, 6);
            p.put(26, OUR_IP_BYTES).put(30, KERNEL_IP_BYTES);
            p.putShort(24, (short) 0).putShort(24, (short) ~RawTcpPeer.sum(reply, 14, 34, 0));
            p.put(34, (byte) 0).putShort(36, (short) 0).putShort(36, (short) ~RawTcpPeer.sum(reply, 34, reply.length, 0));
            assertTrue(l.device().transmit(p));
            assertTrue(ping.waitFor(5, TimeUnit.SECONDS));
            assertEquals(0, ping.exitValue(), "ping got our reply: " + new String(ping.getInputStream().readAllBytes()));
        } finally {
            ping.destroy();
        }
        LinkCounters c = l.device().counters();
        assertEquals(0, c.totalDrops(), c.toString());
    }

    /**
     * One 20000-octet super-frame through {@code transmitSegmented}: the kernel takes it (no EINVAL for the
     * header), its TCP acknowledges all of it, and socat got every octet in order.
     */
    @Test
    void kernelTakesOurSuperFrame() throws Exception {
        Lab l = lab.get();
        knowUs(l);
        Process sink = l.spawn("socat", "-u", "TCP-LISTEN:5001,reuseaddr", "STDOUT");
        try {
            awaitListener(l, 5001);
            RawTcpPeer peer = new RawTcpPeer(l.device(), l.kernelMac(), OUR_IP_BYTES, KERNEL_IP_BYTES, 40001, 5001);
            l.device().attach(peer);
            int theirIsn = handshake(peer);
            int mss = peer.lastMss;
            byte[] data = pattern(20_000, 5);
            ByteBuffer superFrame = peer.frame(OUR_ISN + 1, theirIsn + 1, RawTcpPeer.ACK | RawTcpPeer.PSH, new byte[0], data, false);
            assertTrue(superFrame.remaining() > l.device().maxFrameSize());
            assertTrue(l.device().transmitSegmented(superFrame, mss), l.device().counters().toString());
            int end = OUR_ISN + 1 + data.length;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            int acked = OUR_ISN + 1;
            while (acked != end && System.nanoTime() < deadline) {
                RawTcpPeer.Segment s = peer.next(5);
                assertTrue(s.tcpChecksumValid() && s.ipChecksumValid(), "the kernel's ACK has valid checksums");
                if (s.has(RawTcpPeer.ACK)) {
                    acked = s.ack();
                }
            }
            assertEquals(end, acked, "the kernel acknowledged all " + data.length + " octets");
            assertTrue(peer.send(end, theirIsn + 1, RawTcpPeer.FIN | RawTcpPeer.ACK));
            assertTrue(sink.waitFor(5, TimeUnit.SECONDS), "socat ends when we close");
            assertArrayEquals(data, sink.getInputStream().readAllBytes());
            LinkCounters c = l.device().counters();
            assertEquals(0, c.totalDrops(), c.toString());
            assertEquals(4, c.txFrames(), "SYN, ACK, the super-frame (one frame to us), FIN: " + c);
        } finally {
            sink.destroy();
        }
    }

    /**
     * The proof that the kernel really cuts our super-frame as the contract says: it forwards it out of a
     * second TAP device without offload, so it must segment it in software and compute every segment's
     * checksum from the pseudo-header sum we left in the field. The segments come back to us on that device:
     * at most an MTU each, checksums valid, options copied, sequence numbers consecutive, PSH only on the last.
     */
    @Test
    void kernelSegmentsOurSuperFrameWhenItForwardsIt() throws Exception {
        Lab l = lab.get();
        knowUs(l);
        MacAddress farMac = MacAddress.parse("02:6d:6e:00:00:03");
        String farName = "mnf" + Integer.toHexString(new Random().nextInt(0x100_0000, 0x7fff_ffff));
        io.motenet.driver.tap.internal.TapDevice far = io.motenet.driver.tap.internal.TapDevice.open(farName, farMac, 1500);
        try {
            Commands.run(Lab.ip(), "link", "set", "dev", farName, "netns", l.namespace());
            l.exec("ip", "addr", "add", "10.77.1.1/24", "dev", farName);
            l.exec("ip", "link", "set", "dev", farName, "up");
            l.exec("ip", "neigh", "replace", "10.77.1.2", "lladdr", farMac.toString(), "dev", farName, "nud", "permanent");
            l.exec("sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
            byte[] farIp = {10, 77, 1, 2};
            RawTcpPeer receiver = new RawTcpPeer(far, MacAddress.BROADCAST, farIp, OUR_IP_BYTES, 5003, 40003);
            far.attach(receiver);
            RawTcpPeer sender = new RawTcpPeer(l.device(), l.kernelMac(), OUR_IP_BYTES, farIp, 40003, 5003);
            // NOP, NOP, timestamps: 12 octets of options, so 1448 octets of payload fill a 1500-octet packet
            byte[] timestamps = {1, 1, 8, 10, 0, 0, 0x12, 0x34, 0, 0, 0x56, 0x78};
            byte[] data = pattern(10_000, 3);
            ByteBuffer superFrame = sender.frame(OUR_ISN, 777, RawTcpPeer.ACK | RawTcpPeer.PSH, timestamps, data, false);
            assertTrue(l.device().transmitSegmented(superFrame, 1448), l.device().counters().toString());

            ByteArrayOutputStream got = new ByteArrayOutputStream();
            int segments = 0;
            while (got.size() < data.length) {
                RawTcpPeer.Segment s = receiver.next(5);
                segments++;
                assertTrue(s.frameLength() <= 1514, "segmented to the MTU: " + s.frameLength());
                assertTrue(s.ipChecksumValid(), "IPv4 checksum of segment " + segments);
                assertTrue(s.tcpChecksumValid(), "TCP checksum of segment " + segments + ": the kernel completed our pseudo-header sum");
                assertEquals(OUR_ISN + got.size(), s.seq(), "consecutive sequence numbers");
                assertEquals(777, s.ack());
                assertEquals(12, s.options().length, "options copied into every segment");
                assertArrayEquals(timestamps, s.options());
                boolean last = got.size() + s.payload().length == data.length;
                assertEquals(last, s.has(RawTcpPeer.PSH), "PSH only on the last segment");
                assertTrue(s.payload().length == 1448 || last, "full segments but the last: " + s.payload().length);
                got.write(s.payload());
            }
            assertEquals(7, segments, "10000 octets in 1448-octet segments");
            assertArrayEquals(data, got.toByteArray());
            assertEquals(0, l.device().counters().totalDrops(), l.device().counters().toString());
        } finally {
            far.close();
        }
    }

    /**
     * The kernel sends us 200000 octets: with TSO offered it hands over super-frames longer than the MTU
     * allows, and every frame we deliver has valid IPv4 and TCP checksums (completed by the reader).
     */
    @Test
    void kernelSendsUsCoalescedFramesWithCompleteChecksums(@TempDir Path dir) throws Exception {
        kernelSendsUsCoalescedFrames(dir, false, 5002);
    }

    /** The same, the consumer offering arrays: the reader reads straight into them (link contract 1.2). */
    @Test
    void coalescedFramesArriveInTheArraysTheConsumerOffers(@TempDir Path dir) throws Exception {
        kernelSendsUsCoalescedFrames(dir, true, 5005);
    }

    private void kernelSendsUsCoalescedFrames(Path dir, boolean offerArrays, int port) throws Exception {
        Lab l = lab.get();
        knowUs(l);
        byte[] data = pattern(200_000, 11);
        Path file = dir.resolve("data");
        Files.write(file, data);
        Process source = l.spawn("socat", "-u", "OPEN:" + file, "TCP-LISTEN:" + port + ",reuseaddr");
        try {
            awaitListener(l, port);
            RawTcpPeer peer = new RawTcpPeer(l.device(), l.kernelMac(), OUR_IP_BYTES, KERNEL_IP_BYTES, 35000 + port, port);
            peer.offerArrays = offerArrays;
            l.device().attach(peer);
            int theirIsn = handshake(peer);
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            int next = theirIsn + 1;
            int longest = 0;
            int frames = 0;
            boolean fin = false;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!fin && System.nanoTime() < deadline) {
                RawTcpPeer.Segment s = peer.next(5);
                frames++;
                assertTrue(s.ipChecksumValid(), "IPv4 header checksum of a frame of " + s.frameLength());
                assertTrue(s.tcpChecksumValid(), "TCP checksum of a frame of " + s.frameLength());
                longest = Math.max(longest, s.frameLength());
                if (s.seq() == next) {
                    got.write(s.payload());
                    next += s.payload().length;
                    if (s.has(RawTcpPeer.FIN)) {
                        next++;
                        fin = true;
                    }
                }
                peer.send(OUR_ISN + 1, next, RawTcpPeer.ACK);
            }
            assertTrue(fin, "the kernel closed after the file; got " + got.size() + " octets in " + frames + " frames");
            assertArrayEquals(data, got.toByteArray());
            assertTrue(longest > l.device().maxFrameSize(), "coalesced: the longest frame had " + longest + " octets in "
                    + frames + " frames");
            assertTrue(longest <= 14 + 65_535);
            if (offerArrays) {
                assertTrue(peer.framesInOfferedArrays >= frames, "every frame in an offered array: "
                        + peer.framesInOfferedArrays + " of " + frames);
            } else {
                assertEquals(0, peer.framesInOfferedArrays);
            }
            LinkCounters c = l.device().counters();
            assertEquals(0, c.totalDrops(), c.toString());
        } finally {
            source.destroy();
        }
    }

    /** SYN with MSS 1460, the kernel's SYN-ACK, our ACK; returns the kernel's ISN. */
    static int handshake(RawTcpPeer peer) throws Exception {
        assertTrue(peer.sendSyn(OUR_ISN, 1460));
        RawTcpPeer.Segment synAck = peer.next(5);
        assertTrue(synAck.has(RawTcpPeer.SYN) && synAck.has(RawTcpPeer.ACK), "SYN-ACK, flags 0x" + Integer.toHexString(synAck.flags()));
        assertEquals(OUR_ISN + 1, synAck.ack());
        assertTrue(synAck.ipChecksumValid() && synAck.tcpChecksumValid(), "SYN-ACK checksums");
        assertEquals(1460, synAck.mss());
        peer.lastMss = synAck.mss();
        assertTrue(peer.send(OUR_ISN + 1, synAck.seq() + 1, RawTcpPeer.ACK));
        return synAck.seq();
    }

    static void awaitListener(Lab l, int port) throws InterruptedException {
        for (int i = 0; i < 250; i++) {
            if (!l.exec("ss", "-Hltn", "sport = :" + port).isBlank()) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("socat did not listen on port " + port);
    }

    static byte[] pattern(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }
}
