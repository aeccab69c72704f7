package io.motenet.link.internal.fault;

import java.nio.ByteBuffer;

import io.motenet.link.NetworkDevice;
import io.motenet.link.internal.support.DecoratingDevice;
import io.motenet.link.internal.support.Scheduler;

/**
 * Wraps any device and injects faults into what it sends and what it receives, each direction by
 * its own plan and its own random stream (seed and seed + 1), with delays run on a
 * {@link Scheduler} &mdash; a virtual one in simulations. It has the wrapped device's name, MAC
 * and MTU, and counts its own drops (the wrapped device counts what really passed its medium).
 */
public final class FaultInjectingDevice extends DecoratingDevice {

    private final Scheduler scheduler;
    private final FaultInjector tx;
    private final FaultInjector rx;
    private final Object lock = new Object();

    public FaultInjectingDevice(NetworkDevice inner, FaultPlan txPlan, FaultPlan rxPlan, long seed, Scheduler scheduler) {
        super(inner);
        this.scheduler = scheduler;
        this.tx = new FaultInjector(txPlan, seed);
        this.rx = new FaultInjector(rxPlan, seed + 1);
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

    /** What the wrapped device received, through the receive plan. */
    @Override
    protected void received(ByteBuffer frame) {
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
}
