package io.motenet.link;

import java.nio.ByteBuffer;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives a device's frames: implemented by whoever attaches to a {@link NetworkDevice} (the IP
 * stack, a bridge, a test).
 *
 * <p>Threads: the callbacks of one attachment never overlap, but they may come from any thread
 * the device uses &mdash; including a thread that is inside {@code transmit} of another device
 * (an in-JVM switch delivers directly). A consumer should therefore hand frames to its own loop
 * and not block; it must not call {@code transmit} on the same device from inside
 * {@link #receive(ByteBuffer)} unless it accepts reentrant delivery.
 */
@ConsumerType
public interface FrameConsumer {

    /**
     * One received Ethernet frame (destination MAC first, no FCS) between the buffer's position
     * and limit. The buffer is lent: it is valid only until this method returns and the device
     * reuses it afterwards, so copy what must outlive the call. The consumer may move the
     * position and limit; it must not write into the frame. Throwing drops the frame (counted as
     * {@link DropReason#CONSUMER_ERROR}) and does not detach the consumer.
     *
     * <p>A frame is at most the device's MTU plus the Ethernet header long, except on a device whose
     * {@link NetworkDevice#maxOffloadPacket()} is larger: there a TCP/IPv4 frame may carry a packet of up to that
     * size (segments coalesced by the device or the kernel behind it), its checksums complete and valid.
     */
    void receive(ByteBuffer frame);

    /**
     * Since 1.2, optional: an array the device may read its next frame into, so that a consumer which queues frames
     * for a thread of its own can keep a frame without copying it (a 64 KiB coalesced frame costs a copy of 64 KiB
     * otherwise). A device that takes the array reads into it and then calls {@link #receive(ByteBuffer)} with a
     * buffer wrapping that same array (the frame between position and limit; anything of the device's own before
     * it); from that call on the array is the consumer's again, to keep or to offer once more. A device that reads
     * nothing into the array, or drops what it read, keeps it for its next read instead of asking again. Called on
     * the device's receiving thread, never overlapping the other callbacks.
     *
     * @param length the octets one read needs (the device's largest frame, and any header of its own before it)
     * @return an array of at least {@code length} octets, or null (the default): the device lends its own buffer
     */
    default byte[] frameArray(int length) {
        return null;
    }

    /**
     * Called after one or more {@link #receive(ByteBuffer)} calls that arrived together, so a
     * consumer can wake its loop once per batch rather than once per frame. A device calls it
     * after every run of deliveries, before it waits for more frames (since 1.1 a consumer may
     * rely on that: the IP stack's loop sleeps until the batch ends, and answers a batch of TCP
     * segments with one ACK).
     */
    default void endOfBatch() {
    }

    /** The link went up or down. Called only for changes after {@code attach}; read the initial state from the device. */
    default void linkStateChanged(LinkState state) {
    }

    /**
     * The device detached this consumer because it is going away (driver stopped, device
     * deleted); {@link #linkStateChanged} with {@link LinkState#DOWN} came first. Not called when
     * the consumer closes the attachment itself. Bind the next device of the same name to resume.
     */
    default void detached() {
    }
}
