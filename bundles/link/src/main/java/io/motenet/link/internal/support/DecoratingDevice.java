package io.motenet.link.internal.support;

import java.nio.ByteBuffer;

import io.motenet.link.FrameConsumer;
import io.motenet.link.LinkAttachment;
import io.motenet.link.LinkState;
import io.motenet.link.NetworkDevice;

/**
 * A device that wraps another one under the same name, MAC and MTU (fault injection, capture). It attaches to the
 * wrapped device only while a consumer is attached to it, so a consumer can move from the bare device to the
 * decorator — detach there, attach here — and it follows the wrapped device's link state and departure.
 * Subclasses decide what happens to each frame on the way out ({@link #send}) and on the way in ({@link #received}).
 */
public abstract class DecoratingDevice extends AbstractDevice {

    protected final NetworkDevice inner;
    private volatile LinkAttachment innerAttachment;

    protected DecoratingDevice(NetworkDevice inner) {
        super(inner.name(), inner.mac(), inner.mtu(), inner.linkState());
        this.inner = inner;
    }

    /** The device this one wraps. */
    public final NetworkDevice inner() {
        return inner;
    }

    /** A frame the wrapped device received; pass it on with {@link #deliver}, or not. */
    protected abstract void received(ByteBuffer frame);

    @Override
    public final LinkAttachment attach(FrameConsumer consumer) {
        LinkAttachment mine = super.attach(consumer);
        try {
            innerAttachment = inner.attach(new InnerConsumer());
        } catch (RuntimeException e) {
            mine.close();
            throw e;
        }
        setLinkState(inner.linkState());
        return new LinkAttachment() {
            @Override
            public NetworkDevice device() {
                return DecoratingDevice.this;
            }

            @Override
            public boolean isOpen() {
                return mine.isOpen();
            }

            @Override
            public void close() {
                mine.close();
                detachInner();
            }
        };
    }

    @Override
    public void close() {
        detachInner();
        super.close();
    }

    private void detachInner() {
        LinkAttachment a = innerAttachment;
        if (a != null) {
            a.close();
        }
    }

    /** What the wrapped device hands us. */
    private final class InnerConsumer implements FrameConsumer {
        @Override
        public void receive(ByteBuffer frame) {
            received(frame);
        }

        @Override
        public void endOfBatch() {
            slot.endOfBatch();
        }

        @Override
        public void linkStateChanged(LinkState state) {
            setLinkState(state);
        }

        @Override
        public void detached() {
            innerAttachment = null;
            setLinkState(LinkState.DOWN);
        }
    }
}
