package io.motenet.link.internal.fault;

import java.nio.ByteBuffer;

import io.motenet.link.FrameConsumer;
import io.motenet.link.LinkAttachment;
import io.motenet.link.LinkState;
import io.motenet.link.NetworkDevice;
import io.motenet.link.internal.support.AbstractDevice;
import io.motenet.link.internal.support.Scheduler;

/**
 * Wraps any device and injects faults into what it sends and what it receives, each direction by
 * its own plan and its own random stream (seed and seed + 1), with delays run on a
 * {@link Scheduler} &mdash; a virtual one in simulations. It has the wrapped device's name, MAC
 * and MTU, and counts its own drops (the wrapped device counts what really passed its medium).
 *
 * <p>It attaches to the wrapped device only while a consumer is attached to it, so a consumer
 * can move from the bare device to the decorator: detach there, attach here.
 */
public final class FaultInjectingDevice extends AbstractDevice {

    private final NetworkDevice inner;
    private final Scheduler scheduler;
    private final FaultInjector tx;
    private final FaultInjector rx;
    private final Object lock = new Object();
    private volatile LinkAttachment innerAttachment;

    public FaultInjectingDevice(NetworkDevice inner, FaultPlan txPlan, FaultPlan rxPlan, long seed, Scheduler scheduler) {
        super(inner.name(), inner.mac(), inner.mtu(), inner.linkState());
        this.inner = inner;
        this.scheduler = scheduler;
        this.tx = new FaultInjector(txPlan, seed);
        this.rx = new FaultInjector(rxPlan, seed + 1);
    }

    public NetworkDevice inner() {
        return inner;
    }

    @Override
    public LinkAttachment attach(FrameConsumer consumer) {
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
                return FaultInjectingDevice.this;
            }

            @Override
            public boolean isOpen() {
                return mine.isOpen();
            }

            @Override
            public void close() {
                mine.close();
                LinkAttachment a = innerAttachment;
                if (a != null) {
                    a.close();
                }
            }
        };
    }

    @Override
    protected boolean send(ByteBuffer frame) {
        Verdict v;
        synchronized (lock) {
            v = tx.decide(frame.remaining(), scheduler.nanoTime());
        }
        if (v.dropped()) {
            counters.txDropped(v.drop());
            return false;
        }
        if (v.delayNanos() == 0 && !v.corrupted()) {
            boolean ok = inner.transmit(frame);
            if (v.copies() == 2) {
                inner.transmit(frame);
            }
            return ok;
        }
        ByteBuffer copy = corruptedCopy(frame, v);
        Runnable send = () -> {
            for (int i = 0; i < v.copies(); i++) {
                inner.transmit(copy);
            }
        };
        if (v.delayNanos() == 0) {
            send.run();
        } else {
            scheduler.schedule(scheduler.nanoTime() + v.delayNanos(), send);
        }
        return true;
    }

    private static ByteBuffer corruptedCopy(ByteBuffer frame, Verdict v) {
        ByteBuffer copy = ByteBuffer.allocate(frame.remaining());
        copy.put(frame.duplicate()).flip();
        for (int bit : v.flippedBits()) {
            int index = bit >>> 3;
            copy.put(index, (byte) (copy.get(index) ^ (0x80 >>> (bit & 7))));
        }
        return copy;
    }

    @Override
    public void close() {
        LinkAttachment a = innerAttachment;
        if (a != null) {
            a.close();
        }
        super.close();
    }

    /** What the wrapped device hands us. */
    private final class InnerConsumer implements FrameConsumer {
        @Override
        public void receive(ByteBuffer frame) {
            Verdict v;
            synchronized (lock) {
                v = rx.decide(frame.remaining(), scheduler.nanoTime());
            }
            if (v.dropped()) {
                counters.rxDropped(v.drop());
                return;
            }
            if (v.delayNanos() == 0 && !v.corrupted()) {
                for (int i = 0; i < v.copies(); i++) {
                    deliver(frame);
                }
                return;
            }
            ByteBuffer copy = corruptedCopy(frame, v);
            Runnable give = () -> {
                for (int i = 0; i < v.copies(); i++) {
                    deliver(copy);
                }
                slot.endOfBatch();
            };
            if (v.delayNanos() == 0) {
                give.run();
            } else {
                scheduler.schedule(scheduler.nanoTime() + v.delayNanos(), give);
            }
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
