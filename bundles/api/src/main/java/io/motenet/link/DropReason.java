package io.motenet.link;

/**
 * Why a device dropped a frame. Each drop is counted under one reason, in the direction it
 * happened (see {@link LinkCounters#rxDrops()} and {@link LinkCounters#txDrops()}).
 */
public enum DropReason {
    /** Received while no consumer was attached. */
    NO_CONSUMER,
    /** The link was down. */
    LINK_DOWN,
    /** Shorter than an Ethernet header (14 octets). */
    TOO_SHORT,
    /** Longer than the device's {@linkplain NetworkDevice#maxFrameSize() largest frame}. */
    TOO_LONG,
    /** A queue between the medium and the consumer was full. */
    QUEUE_FULL,
    /** Over a configured rate (token bucket). */
    RATE_LIMITED,
    /** Lost on purpose by fault injection. */
    INJECTED_LOSS,
    /** The consumer threw while handling the frame. */
    CONSUMER_ERROR,
    /** The operating system refused a read or a write. */
    IO_ERROR,
    /** A switch had nowhere to send the frame (for example its destination is the port it came from). */
    NO_ROUTE,
    /**
     * A checksum the device verifies on its consumer's behalf was wrong (receive checksum offload; see
     * {@link NetworkDevice#maxOffloadPacket()}).
     *
     * @since 1.1
     */
    BAD_CHECKSUM
}
