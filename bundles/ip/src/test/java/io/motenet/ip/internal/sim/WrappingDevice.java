package io.motenet.ip.internal.sim;

import io.motenet.link.FrameConsumer;
import io.motenet.link.LinkAttachment;
import io.motenet.link.LinkCounters;
import io.motenet.link.LinkState;
import io.motenet.link.MacAddress;
import io.motenet.link.NetworkDevice;
import java.nio.ByteBuffer;

/**
 * A test device in front of another: everything goes through to {@code inner}, and each received frame passes
 * {@link #accept} first. Subclasses look at frames, drop some, or add what the inner device lacks.
 */
abstract class WrappingDevice implements NetworkDevice {
    protected final NetworkDevice inner;

    WrappingDevice(NetworkDevice inner) {
        this.inner = inner;
    }

    /** A frame the inner device received: true to hand it to the consumer. */
    protected abstract boolean accept(ByteBuffer frame);

    @Override
    public boolean transmit(ByteBuffer frame) {
        return inner.transmit(frame);
    }

    @Override
    public LinkAttachment attach(FrameConsumer consumer) {
        return inner.attach(new FrameConsumer() {
            @Override
            public void receive(ByteBuffer frame) {
                if (accept(frame)) {
                    consumer.receive(frame);
                }
            }

            @Override
            public void endOfBatch() {
                consumer.endOfBatch();
            }

            @Override
            public void linkStateChanged(LinkState state) {
                consumer.linkStateChanged(state);
            }

            @Override
            public void detached() {
                consumer.detached();
            }
        });
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public MacAddress mac() {
        return inner.mac();
    }

    @Override
    public int mtu() {
        return inner.mtu();
    }

    @Override
    public LinkState linkState() {
        return inner.linkState();
    }

    @Override
    public LinkCounters counters() {
        return inner.counters();
    }
}
