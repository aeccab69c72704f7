package io.motenet.link.internal.capture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.function.LongSupplier;

import io.motenet.link.NetworkDevice;
import io.motenet.link.internal.capture.PcapngWriter.Direction;
import io.motenet.link.internal.support.DecoratingDevice;

/**
 * Wraps any device and, while a capture runs, writes every frame it sends and receives to a
 * pcapng file. Captures start and stop at run time ({@link #start(Path)}, {@link #stop()})
 * without disturbing the consumer. Timestamps come from an injectable clock in nanoseconds since
 * 1970, so a simulation's capture shows virtual time.
 *
 * <p>As every {@link DecoratingDevice}, it attaches to the wrapped device only while it has a consumer.
 */
public final class CapturingDevice extends DecoratingDevice {

    private final LongSupplier epochNanos;
    private volatile PcapngWriter writer;

    /** With the wall clock. */
    public CapturingDevice(NetworkDevice inner) {
        this(inner, CapturingDevice::wallClockNanos);
    }

    public CapturingDevice(NetworkDevice inner, LongSupplier epochNanos) {
        super(inner);
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

    /**
     * Records before sending, as tcpdump sees a frame on its way to the driver: a medium that
     * answers at once (the kernel behind TAP handles a write synchronously) must not have its
     * answer appear in the file before our frame. A frame the wrapped device then drops is still
     * in the capture, and in its drop counters.
     */
    @Override
    protected boolean send(ByteBuffer frame) {
        record(frame, Direction.OUTBOUND);
        return inner.transmit(frame);
    }

    @Override
    public void close() {
        super.close();
        try {
            stop();
        } catch (IOException e) {
            throw new UncheckedIOException("capture of " + name() + " could not be closed", e);
        }
    }

    @Override
    protected void received(ByteBuffer frame) {
        record(frame, Direction.INBOUND);
        deliver(frame);
    }
}
