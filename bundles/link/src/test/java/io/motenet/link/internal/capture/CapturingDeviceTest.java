package io.motenet.link.internal.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.motenet.link.LinkState;
import io.motenet.link.MacAddress;
import io.motenet.link.internal.support.AbstractDevice;

class CapturingDeviceTest {

    /**
     * An ARP request from Linux, "who has 10.9.0.2? tell 10.9.0.1", captured with
     * {@code ip netns exec capx tshark -i v1 -c 1 -w arp.pcapng -f arp} while
     * {@code ping 10.9.0.2} ran on the veth peer v0 (5a:4d:1e:3c:22:01, 10.9.0.1/24), then
     * {@code tshark -r arp.pcapng -x}.
     */
    static final byte[] ARP_REQUEST = HexFormat.of().parseHex(
            "ffffffffffff5a4d1e3c2201080600010800060400015a4d1e3c22010a090001" + "0000000000000a090002");

    /** A device whose medium is a list: received frames are pushed in by the test. */
    static final class Stub extends AbstractDevice {
        int sent;

        Stub() {
            super("stub0", MacAddress.parse("02:00:00:00:00:02"), 1500, LinkState.UP);
        }

        @Override
        protected boolean send(ByteBuffer frame) {
            sent++;
            return true;
        }

        void receive(byte[] frame) {
            deliver(ByteBuffer.wrap(frame));
        }
    }

    @Test
    void tsharkReadsWhatPassedInBothDirectionsWithTimesAndDirections(@TempDir Path dir) throws Exception {
        Stub stub = new Stub();
        long[] clock = {1_764_000_000_123_456_789L};
        CapturingDevice capture = new CapturingDevice(stub, () -> clock[0]);
        int[] delivered = new int[1];
        capture.attach(f -> delivered[0]++);
        Path file = dir.resolve("arp.pcapng");

        stub.receive(ARP_REQUEST); // before the capture: passes, not recorded
        capture.start(file);
        stub.receive(ARP_REQUEST);
        clock[0] += 1_000;
        // our reply: 10.9.0.2 is at 02:00:00:00:00:02
        ByteBuffer reply = ByteBuffer.wrap(HexFormat.of().parseHex(
                "5a4d1e3c2201020000000002080600010800060400020200000000020a0900025a4d1e3c22010a090001"));
        assertTrue(capture.transmit(reply));
        capture.stop();
        assertFalse(capture.capturing());
        stub.receive(ARP_REQUEST); // after: not recorded

        assertEquals(3, delivered[0]);
        assertEquals(1, stub.sent);
        List<List<String>> rows = Tshark.fields(file, "frame.number", "frame.time_epoch", "eth.src", "arp.opcode",
                "arp.src.hw_mac", "arp.src.proto_ipv4", "arp.dst.proto_ipv4", "frame.len", "frame.interface_name");
        assertEquals(2, rows.size(), "two frames captured: " + rows);
        assertEquals(List.of("1", "1764000000.123456789", "5a:4d:1e:3c:22:01", "1", "5a:4d:1e:3c:22:01", "10.9.0.1", "10.9.0.2", "42", "stub0"), rows.get(0));
        assertEquals(List.of("2", "1764000000.123457789", "02:00:00:00:00:02", "2", "02:00:00:00:00:02", "10.9.0.2", "10.9.0.1", "42", "stub0"), rows.get(1));
        List<List<String>> dirs = Tshark.fields(file, "frame.packet_flags_direction");
        assertEquals(List.of(List.of("0x00000001"), List.of("0x00000002")), dirs, "inbound, then outbound");
        assertTrue(Files.size(file) > 0);
    }

    @Test
    void longFramesAreCutToTheSnapLengthButKeepTheirLength(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("long.pcapng");
        try (PcapngWriter w = new PcapngWriter(file, "x", 64)) {
            ByteBuffer big = ByteBuffer.allocate(1514);
            System.arraycopy(ARP_REQUEST, 0, big.array(), 0, 14);
            w.write(big, 0, PcapngWriter.Direction.INBOUND);
            w.write(ByteBuffer.wrap(ARP_REQUEST), 1, PcapngWriter.Direction.OUTBOUND);
            assertEquals(2, w.frames());
        }
        List<List<String>> rows = Tshark.fields(file, "frame.len", "frame.cap_len");
        assertEquals(List.of(List.of("1514", "64"), List.of("42", "42")), rows);
    }
}
