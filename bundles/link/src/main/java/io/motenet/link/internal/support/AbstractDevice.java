package io.motenet.link.internal.support;

import java.nio.ByteBuffer;

import io.motenet.link.DropReason;
import io.motenet.link.FrameConsumer;
import io.motenet.link.LinkAttachment;
import io.motenet.link.LinkCounters;
import io.motenet.link.LinkState;
import io.motenet.link.MacAddress;
import io.motenet.link.NetworkDevice;

/**
 * What every device does the same way: identity, link state, counters, the one consumer, and the
 * checks before a frame is sent (link up, at least a header, at most the largest frame).
 * Subclasses implement {@link #send(ByteBuffer)} and call {@link #deliver(ByteBuffer)} for
 * received frames.
 */
public abstract class AbstractDevice implements NetworkDevice, AutoCloseable {

    private final String name;
    private final MacAddress mac;
    private final int mtu;
    protected final CounterSet counters = new CounterSet();
    protected final ConsumerSlot slot = new ConsumerSlot(this, counters);
    private volatile LinkState state;

    protected AbstractDevice(String name, MacAddress mac, int mtu, LinkState initial) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a device needs a name");
        }
        if (mtu < 68 || mtu > 65535) {
            throw new IllegalArgumentException("MTU of " + name + " must be between 68 and 65535, got " + mtu);
        }
        this.name = name;
        this.mac = mac;
        this.mtu = mtu;
        this.state = initial;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final MacAddress mac() {
        return mac;
    }

    @Override
    public final int mtu() {
        return mtu;
    }

    @Override
    public final LinkState linkState() {
        return state;
    }

    @Override
    public final LinkCounters counters() {
        return counters.snapshot();
    }

    @Override
    public LinkAttachment attach(FrameConsumer consumer) {
        return slot.attach(consumer);
    }

    @Override
    public final boolean transmit(ByteBuffer frame) {
        if (!admit(frame)) {
            return false;
        }
        int position = frame.position();
        int limit = frame.limit();
        int length = limit - position;
        boolean sent;
        try {
            sent = send(frame);
        } finally {
            frame.limit(limit).position(position);
        }
        if (sent) {
            counters.sent(length);
        }
        return sent;
    }

    /**
     * The checks every frame to send passes: link up, at least an Ethernet header, at most the
     * largest frame. A failed check is counted.
     */
    protected final boolean admit(ByteBuffer frame) {
        int length = frame.remaining();
        if (state != LinkState.UP) {
            counters.txDropped(DropReason.LINK_DOWN);
            return false;
        }
        if (length < ETHERNET_HEADER_LENGTH) {
            counters.txDropped(DropReason.TOO_SHORT);
            return false;
        }
        if (length > maxFrameSize()) {
            counters.txDropped(DropReason.TOO_LONG);
            return false;
        }
        return true;
    }

    /**
     * Sends a frame that passed the checks. May move position and limit (they are restored).
     *
     * @return true when sent; when false, the subclass has counted the drop reason
     */
    protected abstract boolean send(ByteBuffer frame);

    /** Hands a received frame to the consumer, or counts why not (too short, link down, no consumer). */
    protected final boolean deliver(ByteBuffer frame) {
        if (frame.remaining() < ETHERNET_HEADER_LENGTH) {
            counters.rxDropped(DropReason.TOO_SHORT);
            return false;
        }
        if (state != LinkState.UP) {
            counters.rxDropped(DropReason.LINK_DOWN);
            return false;
        }
        return slot.deliver(frame);
    }

    /** Changes the link state and tells the consumer when it changed. */
    protected final void setLinkState(LinkState newState) {
        if (state != newState) {
            state = newState;
            slot.linkStateChanged(newState);
        }
    }

    /**
     * The device goes away: link down, consumer told and detached. Subclasses release their
     * resources after calling this. Safe to call twice.
     */
    @Override
    public void close() {
        state = LinkState.DOWN;
        slot.close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name + " " + mac + " mtu " + mtu + " " + state + "]";
    }
}
