package io.motenet.driver.vswitch.internal;

import java.nio.ByteBuffer;

import io.motenet.link.LinkState;
import io.motenet.link.MacAddress;
import io.motenet.link.internal.support.AbstractDevice;

/** One port of a {@link VirtualSwitch}: a device whose medium is the switch. */
public final class SwitchPort extends AbstractDevice {

    private final VirtualSwitch owner;
    volatile boolean removed;

    SwitchPort(VirtualSwitch owner, String name, MacAddress mac, int mtu) {
        super(name, mac, mtu, LinkState.UP);
        this.owner = owner;
    }

    @Override
    protected boolean send(ByteBuffer frame) {
        owner.ingress(this, frame);
        return true;
    }

    /** Frames sent in one call reach each consumer as one batch (one {@code endOfBatch}). */
    @Override
    public int transmit(ByteBuffer[] frames, int offset, int count) {
        return owner.ingressBatch(this, frames, offset, count);
    }

    boolean admitFrame(ByteBuffer frame) {
        return admit(frame);
    }

    void countSent(int bytes) {
        counters.sent(bytes);
    }

    boolean deliverFrame(ByteBuffer frame) {
        return deliver(frame);
    }

    void endOfBatch() {
        slot.endOfBatch();
    }

    /** Plugs or unplugs the cable: the consumer sees the change. */
    public void setLinkUp(boolean up) {
        setLinkState(up ? LinkState.UP : LinkState.DOWN);
    }

    /** The switch this port belongs to. */
    public VirtualSwitch owner() {
        return owner;
    }

    /** Removes the port from its switch: link down, consumer detached. */
    @Override
    public void close() {
        owner.remove(this);
    }

    void closeDevice() {
        super.close();
    }
}
