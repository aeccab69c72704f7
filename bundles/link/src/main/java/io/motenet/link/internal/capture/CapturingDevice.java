package io.motenet.link.internal.capture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.function.LongSupplier;

import io.motenet.link.FrameConsumer;
import io.motenet.link.LinkAttachment;
import io.motenet.link.LinkState;
import io.motenet.link.NetworkDevice;
import io.motenet.link.internal.capture.PcapngWriter.Direction;
import io.motenet.link.internal.support.AbstractDevice;

/**
 * Wraps any device and, while a capture runs, writes every frame it sends and receives to a
 * pcapng file. Captures start and stop at run time ({@link #start(Path)}, {@link #stop()})
 * without disturbing the consumer. Timestamps come from an injectable clock in nanoseconds since
 * 1970, so a simulation's capture shows virtual time.
 *
 * <p>Like the fault decorator, it attaches to the wrapped device only while it has a consumer.
 */
public final class CapturingDevice extends AbstractDevice {

    private final NetworkDevice inner;
    private final LongSupplier epochNanos;
    private volatile PcapngWriter writer;
    private volatile LinkAttachment innerAttachment;

    /** With the wall clock. */
    public CapturingDevice(NetworkDevice inner) {
        this(inner, CapturingDevice::wallClockNanos);
    }

    public CapturingDevice(NetworkDevice inner, LongSupplier epochNanos) {
        super(inner.name(), inner.mac(), inner.mtu(), inner.linkState());
        this.inner = inner;
        this.epochNanos = epochNanos;
    }

    static long wallClockNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** Starts writing to a new file, ending a capture already running. */
    public synchronized void start(Path file) throws IOException {
        stop();
        writer = new PcapngWriter(file, name(), maxFrameSize() + 4);
    }

    /** Ends the capture (the file is complete and closed); nothing happens when none runs. */
    public synchronized void stop() throws IOException {
        PcapngWriter w = writer;
        writer = null;
        if (w != null) {
            w.close();
        }
    }

    /** True while a capture runs. */
    public boolean capturing() {
        return writer != null;
    }

    private void record(ByteBuffer frame, Direction direction) {
        PcapngWriter w = writer;
        if (w == null) {
            return;
        }
        try {
            w.write(frame, epochNanos.getAsLong(), direction);
        } catch (IOException e) {
            // a full disk stops the capture, not the traffic
            writer = null;
            try {
                w.close();
            } catch (IOException ignored) {
                // already failing
            }
        }
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
                return CapturingDevice.this;
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
        boolean sent = inner.transmit(frame);
        if (sent) {
            record(frame, Direction.OUTBOUND);
        }
        return sent;
    }

    @Override
    public void close() {
        LinkAttachment a = innerAttachment;
        if (a != null) {
            a.close();
        }
        super.close();
        try {
            stop();
        } catch (IOException e) {
            throw new UncheckedIOException("capture of " + name() + " could not be closed", e);
        }
    }

    private final class InnerConsumer implements FrameConsumer {
        @Override
        public void receive(ByteBuffer frame) {
            record(frame, Direction.INBOUND);
            deliver(frame);
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
