package io.motenet.link.internal.support;

import java.nio.ByteBuffer;
import java.util.concurrent.locks.ReentrantLock;

import io.motenet.link.DropReason;
import io.motenet.link.FrameConsumer;
import io.motenet.link.LinkAttachment;
import io.motenet.link.LinkState;
import io.motenet.link.NetworkDevice;

/**
 * Holds a device's one consumer and delivers to it. One lock serializes every callback, so
 * callbacks of an attachment never overlap, and {@link LinkAttachment#close()} waits for a
 * callback in progress (unless it is called from inside one). The lock is reentrant: a consumer
 * that transmits from inside {@code receive} on a switch may be called again on the same thread.
 */
public final class ConsumerSlot {

    private final NetworkDevice device;
    private final CounterSet counters;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Attachment current;
    private boolean closed;

    public ConsumerSlot(NetworkDevice device, CounterSet counters) {
        this.device = device;
        this.counters = counters;
    }

    private final class Attachment implements LinkAttachment {
        final FrameConsumer consumer;
        volatile boolean open = true;

        Attachment(FrameConsumer consumer) {
            this.consumer = consumer;
        }

        @Override
        public NetworkDevice device() {
            return device;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            lock.lock();
            try {
                if (current == this) {
                    current = null;
                }
                open = false;
            } finally {
                lock.unlock();
            }
        }
    }

    /** Attaches the consumer; see {@link NetworkDevice#attach(FrameConsumer)}. */
    public LinkAttachment attach(FrameConsumer consumer) {
        if (consumer == null) {
            throw new NullPointerException("consumer");
        }
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("device " + device.name() + " is closed; bind the next device named "
                        + device.name() + " when it appears");
            }
            if (current != null) {
                throw new IllegalStateException("device " + device.name() + " already has a consumer ("
                        + current.consumer + "); close its attachment first");
            }
            Attachment a = new Attachment(consumer);
            current = a;
            return a;
        } finally {
            lock.unlock();
        }
    }

    /** True while a consumer is attached. */
    public boolean hasConsumer() {
        return current != null;
    }

    /**
     * Hands one frame to the consumer and counts it; with no consumer, counts a drop. The
     * frame's position and limit are restored afterwards, whatever the consumer did with them.
     *
     * @return true when the consumer took it without throwing
     */
    public boolean deliver(ByteBuffer frame) {
        if (current == null) {
            counters.rxDropped(DropReason.NO_CONSUMER);
            return false;
        }
        int position = frame.position();
        int limit = frame.limit();
        int length = limit - position;
        lock.lock();
        try {
            Attachment a = current;
            if (a == null) {
                counters.rxDropped(DropReason.NO_CONSUMER);
                return false;
            }
            try {
                a.consumer.receive(frame);
                counters.received(length);
                return true;
            } catch (RuntimeException e) {
                counters.rxDropped(DropReason.CONSUMER_ERROR);
                return false;
            } finally {
                frame.limit(limit).position(position);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The consumer's array for the device's next read ({@link FrameConsumer#frameArray}), or null. */
    public byte[] frameArray(int length) {
        if (current == null) {
            return null;
        }
        lock.lock();
        try {
            Attachment a = current;
            if (a == null) {
                return null;
            }
            try {
                byte[] array = a.consumer.frameArray(length);
                return array != null && array.length >= length ? array : null;
            } catch (RuntimeException e) {
                return null; // the device lends its own buffer, as without an offer
            }
        } finally {
            lock.unlock();
        }
    }

    /** Tells the consumer a batch of deliveries is complete. */
    public void endOfBatch() {
        if (current == null) {
            return;
        }
        lock.lock();
        try {
            Attachment a = current;
            if (a != null) {
                try {
                    a.consumer.endOfBatch();
                } catch (RuntimeException ignored) {
                    // a consumer's failure to wake up must not stop the device's reader
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Reports a link state change to the consumer. */
    public void linkStateChanged(LinkState state) {
        lock.lock();
        try {
            Attachment a = current;
            if (a != null) {
                try {
                    a.consumer.linkStateChanged(state);
                } catch (RuntimeException ignored) {
                    // the state is what it is, whatever the consumer thinks of it
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The device goes away: the consumer sees the link go down, then {@code detached()}, and no
     * consumer can attach again. Safe to call twice.
     */
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            Attachment a = current;
            current = null;
            if (a != null) {
                a.open = false;
                try {
                    a.consumer.linkStateChanged(LinkState.DOWN);
                } catch (RuntimeException ignored) {
                    // keep going: the consumer must still hear that it is detached
                }
                try {
                    a.consumer.detached();
                } catch (RuntimeException ignored) {
                    // nothing more to tell it
                }
            }
        } finally {
            lock.unlock();
        }
    }
}
