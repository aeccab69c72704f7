package io.motenet.ip.internal.sim;

import io.motenet.ip.internal.iface.Interface;
import io.motenet.ip.internal.iface.Stack;
import io.motenet.link.FrameConsumer;
import io.motenet.link.LinkAttachment;
import io.motenet.link.LinkState;
import io.motenet.link.NetworkDevice;
import io.motenet.link.internal.support.VirtualScheduler;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * A host in a simulation: one {@link Stack} with one interface, bound to a device (a vswitch port,
 * perhaps behind a fault decorator), polled on the simulated clock at the times the stack asks.
 * It does in simulated time what the production loop does in real time.
 */
public final class SimHost implements FrameConsumer {
    public final String name;
    public final Stack stack;
    private final VirtualScheduler clock;
    private final String ifname;
    private NetworkDevice device;
    private LinkAttachment attachment;
    private long wakeAt = Long.MAX_VALUE;
    /** Hook run after every poll: scripted servers read their sockets here. */
    public Runnable afterPoll = () -> { };

    public SimHost(String name, VirtualScheduler clock, long seed, String ifname) {
        this.name = name;
        this.clock = clock;
        this.ifname = ifname;
        this.stack = new Stack(Stack.Limits.defaults(), new SplittableRandom(seed));
    }

    public Interface iface() {
        return stack.iface(ifname);
    }

    /** Binds the interface to a device (creating the interface the first time). */
    public void plug(NetworkDevice d) {
        if (stack.iface(ifname) == null) {
            stack.addInterface(ifname, d.mac(), d.mtu());
        }
        device = d;
        attachment = d.attach(this);
        stack.setLink(ifname, d.linkState() == LinkState.UP, d.mac(), d.mtu(), d.maxOffloadPacket(), clock.nanoTime());
        kick();
    }

    /** The device goes away: the interface keeps its state, link down. */
    public void unplug() {
        attachment.close();
        device = null;
        stack.setLink(ifname, false, null, 0, clock.nanoTime());
        kick();
    }

    /** Asks for a poll now (after an application call on a socket). */
    public void kick() {
        wakeAt(clock.nanoTime());
    }

    private void wakeAt(long t) {
        if (t < wakeAt) {
            wakeAt = t;
            clock.schedule(t, () -> {
                if (wakeAt == t) {
                    wakeAt = Long.MAX_VALUE;
                    pollNow();
                }
            });
        }
    }

    private void pollNow() {
        long now = clock.nanoTime();
        long next = stack.poll(now);
        overwriteConsumedFrames();
        afterPoll.run();
        if (stack.hasPendingSends()) {
            next = stack.poll(now); // what the hook queued goes out in the same instant
        }
        NetworkDevice d = device;
        stack.drainOutgoing((i, f, segmentSize) -> {
            if (d != null) {
                if (segmentSize == 0) {
                    d.transmit(f);
                } else {
                    d.transmitSegmented(f, segmentSize);
                }
            }
        });
        if (next != Long.MAX_VALUE) {
            wakeAt(Math.max(next, now + 1));
        }
    }

    @Override
    public void receive(ByteBuffer frame) {
        // The loop's way: the stack owns a copy until its next poll returns, then the buffer is written over
        // (as the loop reuses it for the next frame), so a path that kept a received frame breaks the test.
        byte[] copy = new byte[frame.remaining()];
        frame.get(frame.position(), copy);
        handedIn.add(copy);
        stack.receiveOwned(ifname, ByteBuffer.wrap(copy));
        kick();
    }

    private final java.util.List<byte[]> handedIn = new java.util.ArrayList<>();

    private void overwriteConsumedFrames() {
        for (byte[] a : handedIn) {
            java.util.Arrays.fill(a, (byte) 0xa5);
        }
        handedIn.clear();
    }

    @Override
    public void linkStateChanged(LinkState state) {
        stack.setLink(ifname, state == LinkState.UP, null, 0, clock.nanoTime());
        kick();
    }

    @Override
    public void detached() {
        device = null;
        stack.setLink(ifname, false, null, 0, clock.nanoTime());
    }
}
