package io.motenet.ip.internal.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.motenet.ip.internal.wire.Ipv4Address;
import io.motenet.link.LinkState;
import io.motenet.link.MacAddress;
import io.motenet.link.NetworkDevice;
import io.motenet.link.internal.support.AbstractDevice;
import io.motenet.net.InterfaceConfig;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Link contract 1.2 from the stack's side: a device that reads into the arrays the stack offers. A long frame
 * stays in its array (the next read gets another), a short one is copied (the same array is offered again), and
 * small reads are not offered an array at all.
 */
class FrameArraysTest {
    static final int HEADER = 10; // a device's own octets before the frame, as TAP's virtio-net header
    static final int READ = HEADER + 14 + 65_535 + 1;

    /** Reads "frames" into the consumer's arrays when offered, behind a header of its own, as TAP does. */
    static final class ArrayReadingDevice extends AbstractDevice {
        ArrayReadingDevice() {
            super("arr0", MacAddress.parse("02:00:00:00:00:a0"), 1500, LinkState.UP);
        }

        @Override
        public int maxOffloadPacket() {
            return 65_535;
        }

        @Override
        protected boolean send(ByteBuffer frame) {
            return true; // what the stack sends goes nowhere
        }

        byte[] offer(int length) {
            return slot.frameArray(length);
        }

        void readInto(byte[] array, byte[] frame) {
            System.arraycopy(frame, 0, array, HEADER, frame.length);
            deliver(ByteBuffer.wrap(array, HEADER, frame.length).slice());
            slot.endOfBatch();
        }
    }

    @Test
    void longFramesStayInTheirArraysAndShortOnesAreCopied() throws Exception {
        StackService stack = new StackService(1024, 1);
        ArrayReadingDevice device = new ArrayReadingDevice();
        try {
            stack.bindDevice(device, Map.of(NetworkDevice.NAME, "arr0", "service.id", 1L));
            stack.configure(InterfaceConfig.staticAddress("arr0", Ipv4Address.parse("10.9.0.2").toInetAddress(), 24, null,
                    List.of()));
            assertNull(device.offer(HEADER + 1514), "no array for reads of a classic frame: copying those is cheap");

            byte[] first = device.offer(READ);
            assertNotNull(first);
            assertSame(first, device.offer(READ), "the same array until a frame is delivered in it");
            device.readInto(first, tcpFrame(20_000)); // coalesced TCP: longer than the MTU
            assertEquals(1, stack.framesKept(), "the stack kept the long frame in its array");
            byte[] second = device.offer(READ); // another one (or the first again, if the loop is done with it)
            assertNotNull(second);
            device.readInto(second, tcpFrame(0));
            assertEquals(1, stack.framesKept(), "the short frame was copied out");
            assertSame(second, device.offer(READ), "so its array is offered again");

            awaitCounter(stack, "rx.frames", 2);
            assertEquals(1, counter(stack, "rx.offload_frames"), "the long frame reached the stack whole");
        } finally {
            stack.deactivate();
        }
    }

    /** A TCP segment for 10.9.0.2 of {@code payload} octets (checksums left to the offloading device's word). */
    static byte[] tcpFrame(int payload) {
        ByteBuffer b = ByteBuffer.allocate(14 + 20 + 20 + payload);
        b.put(HexFormat.of().parseHex("02000000" + "00a0" + "020000000001" + "0800"));
        b.put(HexFormat.of().parseHex("4500")).putShort((short) (40 + payload))
                .put(HexFormat.of().parseHex("00004000" + "4006" + "0000" + "0a090001" + "0a090002"));
        b.put(HexFormat.of().parseHex("9c40" + "1f90" + "00000001" + "00000000" + "5010" + "ffff" + "0000" + "0000"));
        byte[] f = b.array();
        int sum = 0;
        for (int i = 14; i < 34; i += 2) {
            sum += ((f[i] & 0xff) << 8) | (f[i + 1] & 0xff);
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        int check = ~sum & 0xffff;
        f[24] = (byte) (check >>> 8);
        f[25] = (byte) check;
        return f;
    }

    static long counter(StackService stack, String name) {
        return stack.iface("arr0").orElseThrow().counters().getOrDefault(name, 0L);
    }

    static void awaitCounter(StackService stack, String name, long value) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (counter(stack, name) < value && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertEquals(value, counter(stack, name), name);
    }
}
