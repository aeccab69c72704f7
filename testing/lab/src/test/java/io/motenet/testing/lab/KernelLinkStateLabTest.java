package io.motenet.testing.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.motenet.link.DropReason;
import io.motenet.link.FrameConsumer;
import io.motenet.link.LinkState;
import io.motenet.link.MacAddress;
import io.motenet.link.NetworkDevice;

/**
 * The TAP device's link follows the kernel's side: {@code ip link set ... down} in the lab's namespace makes the
 * next write fail, the device reports DOWN to its consumer, and {@code ... up} brings it back UP within the probe
 * interval, with and without offload.
 */
class KernelLinkStateLabTest {

    @ParameterizedTest(name = "offload {0}")
    @ValueSource(booleans = {false, true})
    void theLinkGoesDownAndUpWithTheKernelSide(boolean offload) throws Exception {
        try (Lab lab = Lab.start(LabOptions.defaults().withOffload(offload))) {
            NetworkDevice d = lab.device();
            List<LinkState> seen = new CopyOnWriteArrayList<>();
            d.attach(new FrameConsumer() {
                @Override
                public void receive(ByteBuffer frame) {
                }

                @Override
                public void linkStateChanged(LinkState state) {
                    seen.add(state);
                }
            });
            assertEquals(LinkState.UP, d.linkState());
            ByteBuffer frame = broadcast(d.mac());
            assertTrue(d.transmit(frame.duplicate()), "the kernel's side takes frames while up");

            lab.exec("ip", "link", "set", "dev", lab.interfaceName(), "down");
            assertFalse(d.transmit(frame.duplicate()), "tun refuses the frame (EIO)");
            await(() -> seen.equals(List.of(LinkState.DOWN)), 2_000); // the reader tells the consumer
            assertEquals(LinkState.DOWN, d.linkState());
            assertEquals(1, d.counters().txDrops().getOrDefault(DropReason.LINK_DOWN, 0L));

            lab.exec("ip", "link", "set", "dev", lab.interfaceName(), "up");
            await(() -> seen.equals(List.of(LinkState.DOWN, LinkState.UP)), 5_000);
            assertEquals(LinkState.UP, d.linkState());
            assertTrue(d.transmit(frame.duplicate()), "frames go through again");
        }
    }

    /** An ARP-sized broadcast of an EtherType nobody handles (the local experimental one). */
    static ByteBuffer broadcast(MacAddress source) {
        ByteBuffer b = ByteBuffer.allocate(60);
        MacAddress.BROADCAST.write(b, 0);
        source.write(b, 6);
        b.putShort(12, (short) 0x88b5);
        return b;
    }

    static void await(BooleanSupplier condition, long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + millis + " ms");
            }
            Thread.sleep(10);
        }
    }
}
