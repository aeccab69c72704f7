package io.motenet.driver.vswitch.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import io.motenet.link.FrameConsumer;
import io.motenet.link.LinkState;

/** A consumer that copies what it gets, with the (virtual) time it got it. */
final class Recorder implements FrameConsumer {
    final List<byte[]> frames = new ArrayList<>();
    final List<Long> times = new ArrayList<>();
    final List<LinkState> states = new ArrayList<>();
    int batches;
    boolean detached;
    private final LongSupplier clock;

    Recorder() {
        this(() -> 0L);
    }

    Recorder(LongSupplier clock) {
        this.clock = clock;
    }

    @Override
    public void receive(ByteBuffer frame) {
        byte[] copy = new byte[frame.remaining()];
        frame.get(copy); // moves the position: the device must restore it
        frames.add(copy);
        times.add(clock.getAsLong());
    }

    @Override
    public void endOfBatch() {
        batches++;
    }

    @Override
    public void linkStateChanged(LinkState state) {
        states.add(state);
    }

    @Override
    public void detached() {
        detached = true;
    }
}
