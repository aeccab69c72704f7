package io.motenet.link;

import java.nio.ByteBuffer;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A network interface card that moves Ethernet frames, registered as an OSGi service by a driver
 * (TAP, vswitch port, ...) or by a decorator that wraps another device.
 *
 * <p>Service properties: every device service carries {@link #NAME}, {@link #DRIVER},
 * {@link #MAC} and {@link #MTU}. A decorator registers the wrapped device's name with a higher
 * {@code service.ranking} and adds {@link #DECORATOR}; a consumer that binds by name and takes
 * the highest-ranked service therefore gets the decorated device.
 *
 * <p>Frames are complete Ethernet frames without preamble and FCS: destination MAC, source MAC,
 * EtherType, payload. Devices do not pad short frames.
 */
@ProviderType
public interface NetworkDevice {

    /** Service property: the device name, unique among live devices ({@code String}, e.g. {@code tap0}). */
    String NAME = "motenet.link.name";
    /** Service property: the driver that made the device ({@code String}: {@code tap}, {@code vswitch}, ...). */
    String DRIVER = "motenet.link.driver";
    /** Service property: the MAC address as {@link MacAddress#toString()} writes it ({@code String}). */
    String MAC = "motenet.link.mac";
    /** Service property: the MTU ({@code Integer}). */
    String MTU = "motenet.link.mtu";
    /** Service property on decorators only: what the decorator does ({@code String}: {@code fault}, {@code capture}). */
    String DECORATOR = "motenet.link.decorator";

    /** Octets of an Ethernet header: two MAC addresses and the EtherType. */
    int ETHERNET_HEADER_LENGTH = 14;

    /** The device name, as in the {@link #NAME} property. */
    String name();

    /** The device's own MAC address. */
    MacAddress mac();

    /** Largest payload (the IP packet) a frame may carry, in octets; 1500 on classic Ethernet. */
    int mtu();

    /** Largest frame {@code transmit} accepts: the MTU plus the Ethernet header. */
    default int maxFrameSize() {
        return mtu() + ETHERNET_HEADER_LENGTH;
    }

    /** The link state now. Changes are reported to the attached consumer. */
    LinkState linkState();

    /** A snapshot of the counters; cheap enough to call often, but it does allocate. */
    LinkCounters counters();

    /**
     * Sends one frame: the bytes between the buffer's position and limit. The device reads them
     * before returning and changes neither position nor limit, so the caller may reuse the buffer
     * at once. Safe to call from any thread.
     *
     * @return true when the frame went to the medium (or its queue); false when it was dropped,
     *     in which case the reason is counted (link down, too short, too long, queue full, ...)
     */
    boolean transmit(ByteBuffer frame);

    /**
     * Sends several frames, in order; a device may do it with fewer system calls or locks than
     * one {@link #transmit(ByteBuffer)} each.
     *
     * @return how many frames were accepted; the others were dropped and counted
     */
    default int transmit(ByteBuffer[] frames, int offset, int count) {
        int sent = 0;
        for (int i = offset; i < offset + count; i++) {
            if (transmit(frames[i])) {
                sent++;
            }
        }
        return sent;
    }

    /**
     * TCP segmentation offload: the largest IPv4 packet, in octets, that one frame may carry through
     * {@link #transmitSegmented} and that a received frame may carry when the device, or the kernel behind it,
     * coalesced TCP segments (such frames are always TCP over IPv4, with valid checksums). Equal to {@link #mtu()},
     * the default, when the device does neither.
     *
     * <p>A device whose value exceeds the MTU also offloads the receive checksum for TCP: it hands up no TCP/IPv4
     * frame whose TCP checksum it has not verified or computed itself (a bad one is dropped and counted as
     * {@link DropReason#BAD_CHECKSUM}), so consumers need not verify unfragmented TCP again.
     *
     * @since 1.1
     */
    default int maxOffloadPacket() {
        return mtu();
    }

    /**
     * Sends one Ethernet frame holding an IPv4 packet with a TCP segment that may be longer than the MTU allows,
     * up to {@link #maxOffloadPacket()}. The device, or the medium behind it, cuts it into packets carrying at most
     * {@code segmentSize} octets of TCP payload each, as TCP segmentation offload does: the same headers and
     * options, consecutive sequence numbers, fresh IP identifications, FIN and PSH only on the last packet. The
     * IPv4 header checksum must be valid; the TCP checksum is the device's to compute, so the caller may leave it
     * zero. Like {@link #transmit(ByteBuffer)}, the device reads the frame before returning.
     *
     * @param segmentSize TCP payload octets per packet on the medium (the connection's MSS less its options)
     * @return as {@link #transmit(ByteBuffer)}
     * @throws UnsupportedOperationException when {@link #maxOffloadPacket()} is the MTU (no offload)
     * @since 1.1
     */
    default boolean transmitSegmented(ByteBuffer frame, int segmentSize) {
        throw new UnsupportedOperationException(name() + " does not offload TCP segmentation");
    }

    /**
     * Attaches the one consumer of received frames. Frames received while no consumer is
     * attached are dropped ({@link DropReason#NO_CONSUMER}).
     *
     * @throws IllegalStateException when another consumer is attached (its message names the device)
     */
    LinkAttachment attach(FrameConsumer consumer);
}
