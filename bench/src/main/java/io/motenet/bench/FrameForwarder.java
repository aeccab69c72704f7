package io.motenet.bench;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.LongAdder;

import io.motenet.link.FrameConsumer;
import io.motenet.link.LinkAttachment;
import io.motenet.link.NetworkDevice;

/**
 * An L2 bridge of two devices that costs as little as userspace can: every frame one device
 * receives is transmitted on the other, on the receiving device's own reader thread (for TAP, one
 * platform thread per direction), with no copy, queue, MAC learning or filtering in between. The
 * tcp-tap benchmark puts it between two TAP devices to measure the kernel's own TCP through the
 * same kind of path as ours.
 *
 * <p>With {@code offload}, both devices must offload TCP segmentation
 * ({@link NetworkDevice#maxOffloadPacket()} above the MTU): a received frame longer than the other
 * device's largest frame (segments the kernel coalesced) is passed on whole with
 * {@link NetworkDevice#transmitSegmented}, cut into segments of the MSS that frame's headers imply
 * on the other side's MTU. Without it such a frame is dropped and counted ({@link #oversize()}); a
 * device without offload never delivers one.
 */
final class FrameForwarder implements AutoCloseable {

    private final Direction aToB;
    private final Direction bToA;
    private final LinkAttachment fromA;
    private final LinkAttachment fromB;

    private FrameForwarder(NetworkDevice a, NetworkDevice b, boolean offload) {
        aToB = new Direction(b, offload);
        bToA = new Direction(a, offload);
        fromA = a.attach(aToB);
        LinkAttachment attached;
        try {
            attached = b.attach(bToA);
        } catch (RuntimeException e) {
            fromA.close();
            throw e;
        }
        fromB = attached;
    }

    /**
     * Bridges {@code a} and {@code b}, attaching to both (neither may have a consumer yet).
     *
     * @throws IllegalArgumentException when {@code offload} is asked for and a device does not offload
     */
    static FrameForwarder between(NetworkDevice a, NetworkDevice b, boolean offload) {
        if (offload) {
            for (NetworkDevice d : new NetworkDevice[] {a, b}) {
                if (d.maxOffloadPacket() <= d.mtu()) {
                    throw new IllegalArgumentException("offload forwarding needs devices that offload TCP segmentation; "
                            + d.name() + " does not (maxOffloadPacket " + d.maxOffloadPacket() + " = its MTU)");
                }
            }
        }
        return new FrameForwarder(a, b, offload);
    }

    /** Frames longer than the other device's largest frame that could not be passed on (no offload, or not TCP/IPv4). */
    long oversize() {
        return aToB.oversize.sum() + bToA.oversize.sum();
    }

    /** Frames the other device accepted through {@link NetworkDevice#transmitSegmented} (offload only). */
    long segmented() {
        return aToB.segmented.sum() + bToA.segmented.sum();
    }

    /** Detaches from both devices: no frame is forwarded after this returns. */
    @Override
    public void close() {
        try {
            fromA.close();
        } finally {
            fromB.close();
        }
    }

    /**
     * TCP payload octets per segment for a TCP/IPv4 frame on a medium of the given MTU: the MTU less
     * the frame's own IPv4 and TCP header lengths (options included), the segment size the
     * kernel's TSO would use for that connection. -1 when the frame is not TCP over IPv4 or too
     * short to tell.
     */
    static int segmentSize(ByteBuffer frame, int mtu) {
        int p = frame.position();
        int ip = p + NetworkDevice.ETHERNET_HEADER_LENGTH;
        if (frame.limit() - ip < 20 || frame.getShort(p + 12) != 0x0800) {
            return -1;
        }
        int versionAndLength = frame.get(ip) & 0xff;
        int ipHeader = (versionAndLength & 0x0f) * 4;
        if (versionAndLength >>> 4 != 4 || ipHeader < 20 || frame.get(ip + 9) != 6) {
            return -1;
        }
        int tcp = ip + ipHeader;
        if (frame.limit() - tcp < 20) {
            return -1;
        }
        int tcpHeader = ((frame.get(tcp + 12) & 0xff) >>> 4) * 4;
        int mss = mtu - ipHeader - tcpHeader;
        return tcpHeader >= 20 && mss > 0 ? mss : -1;
    }

    /** One direction: what one device receives, the other transmits. */
    private static final class Direction implements FrameConsumer {
        private final NetworkDevice out;
        private final boolean offload;
        private final int maxFrame;
        final LongAdder oversize = new LongAdder();
        final LongAdder segmented = new LongAdder();

        Direction(NetworkDevice out, boolean offload) {
            this.out = out;
            this.offload = offload;
            this.maxFrame = out.maxFrameSize();
        }

        @Override
        public void receive(ByteBuffer frame) {
            if (frame.remaining() <= maxFrame) {
                out.transmit(frame); // a refusal is counted by the device (queue full, link down)
                return;
            }
            int mss = offload ? segmentSize(frame, out.mtu()) : -1;
            if (mss > 0 && frame.remaining() - NetworkDevice.ETHERNET_HEADER_LENGTH <= out.maxOffloadPacket()) {
                if (out.transmitSegmented(frame, mss)) {
                    segmented.increment();
                }
            } else {
                oversize.increment();
            }
        }
    }
}
