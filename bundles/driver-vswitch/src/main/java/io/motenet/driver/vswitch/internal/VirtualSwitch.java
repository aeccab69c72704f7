package io.motenet.driver.vswitch.internal;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

import io.motenet.link.MacAddress;
import io.motenet.link.internal.support.Scheduler;

/**
 * An Ethernet switch inside the JVM: learns source MACs per port, forwards known unicast to its
 * port, floods broadcast, multicast and unknown unicast to every other port.
 *
 * <p>Two ways to run. {@linkplain #direct(String) Direct}: a frame is delivered to the
 * receiving consumers on the sending thread before {@code transmit} returns, without copying
 * (the sender's buffer is lent to each receiver in turn). {@linkplain #scheduled Scheduled}: the
 * frame is copied and switched {@code latency} later on a {@link Scheduler}; with a
 * {@link io.motenet.link.internal.support.VirtualScheduler} many hosts run in one thread in
 * simulated time, and the test's loop decides when deliveries happen.
 */
public final class VirtualSwitch {

    /** 802.1D's default ageing time. */
    public static final Duration DEFAULT_AGEING = Duration.ofSeconds(300);

    private final String name;
    private final Scheduler scheduler; // null: direct
    private final long latencyNanos;
    private final MacTable table;
    private final List<SwitchPort> ports = new CopyOnWriteArrayList<>();
    private final LongAdder flooded = new LongAdder();
    private final LongAdder forwarded = new LongAdder();
    private final LongAdder filtered = new LongAdder();

    private VirtualSwitch(String name, Scheduler scheduler, long latencyNanos) {
        this.name = name;
        this.scheduler = scheduler;
        this.latencyNanos = latencyNanos;
        this.table = new MacTable(DEFAULT_AGEING.toNanos());
    }

    /** A switch that delivers on the sending thread, at once. */
    public static VirtualSwitch direct(String name) {
        return new VirtualSwitch(name, null, 0);
    }

    /** A switch that delivers each frame {@code latency} after it was sent, on the scheduler. */
    public static VirtualSwitch scheduled(String name, Scheduler scheduler, Duration latency) {
        if (scheduler == null) {
            throw new NullPointerException("scheduler");
        }
        return new VirtualSwitch(name, scheduler, latency.toNanos());
    }

    public String name() {
        return name;
    }

    /** Adds a port with its own device name, MAC and MTU; its link is up. */
    public SwitchPort addPort(String portName, MacAddress mac, int mtu) {
        for (SwitchPort p : ports) {
            if (p.name().equals(portName)) {
                throw new IllegalArgumentException("switch " + name + " already has a port named " + portName);
            }
        }
        SwitchPort port = new SwitchPort(this, portName, mac, mtu);
        ports.add(port);
        return port;
    }

    /** The ports now. */
    public List<SwitchPort> ports() {
        return List.copyOf(ports);
    }

    void remove(SwitchPort port) {
        port.removed = true;
        ports.remove(port);
        table.forget(port);
        port.closeDevice();
    }

    /** Frames sent to every other port because the destination was group or unknown. */
    public long flooded() {
        return flooded.sum();
    }

    /** Frames sent to the one port their destination was learned on. */
    public long forwarded() {
        return forwarded.sum();
    }

    /** Frames discarded because their destination sits on the port they came from. */
    public long filtered() {
        return filtered.sum();
    }

    /** Addresses learned. */
    public int learnedAddresses() {
        return table.size();
    }

    private long now() {
        return scheduler != null ? scheduler.nanoTime() : System.nanoTime();
    }

    void ingress(SwitchPort from, ByteBuffer frame) {
        if (scheduler == null) {
            forward(from, frame, null);
            return;
        }
        ByteBuffer copy = copyOf(frame);
        scheduler.schedule(scheduler.nanoTime() + latencyNanos, () -> forward(from, copy, null));
    }

    int ingressBatch(SwitchPort from, ByteBuffer[] frames, int offset, int count) {
        List<SwitchPort> touched = new ArrayList<>(4);
        ByteBuffer[] copies = scheduler == null ? null : new ByteBuffer[count];
        int accepted = 0;
        for (int i = 0; i < count; i++) {
            ByteBuffer frame = frames[offset + i];
            if (!from.admitFrame(frame)) {
                continue;
            }
            from.countSent(frame.remaining());
            accepted++;
            if (copies == null) {
                forward(from, frame, touched);
            } else {
                copies[i] = copyOf(frame);
            }
        }
        if (copies == null) {
            touched.forEach(SwitchPort::endOfBatch);
        } else if (accepted > 0) {
            scheduler.schedule(scheduler.nanoTime() + latencyNanos, () -> {
                for (ByteBuffer copy : copies) {
                    if (copy != null) {
                        forward(from, copy, touched);
                    }
                }
                touched.forEach(SwitchPort::endOfBatch);
            });
        }
        return accepted;
    }

    private static ByteBuffer copyOf(ByteBuffer frame) {
        ByteBuffer copy = ByteBuffer.allocate(frame.remaining());
        copy.put(frame.duplicate()).flip();
        return copy;
    }

    /**
     * Learns the source and delivers. With {@code touched} null every receiver gets its
     * {@code endOfBatch} right away; otherwise receivers are collected for one call at the end.
     */
    private void forward(SwitchPort from, ByteBuffer frame, List<SwitchPort> touched) {
        if (from.removed) {
            return; // sender removed while its frame was in flight
        }
        int p = frame.position();
        long now = now();
        long dst = MacAddress.readBits(frame, p);
        long src = MacAddress.readBits(frame, p + 6);
        boolean srcIsGroup = (src & (1L << 40)) != 0;
        if (!srcIsGroup) {
            table.learn(src, from, now);
        }
        boolean dstIsGroup = (dst & (1L << 40)) != 0;
        SwitchPort to = dstIsGroup ? null : table.lookup(dst, now);
        if (to != null && !to.removed) {
            if (to == from) {
                filtered.increment();
                return;
            }
            forwarded.increment();
            deliver(to, frame, touched);
            return;
        }
        flooded.increment();
        for (SwitchPort port : ports) {
            if (port != from) {
                deliver(port, frame, touched);
            }
        }
    }

    private static void deliver(SwitchPort to, ByteBuffer frame, List<SwitchPort> touched) {
        to.deliverFrame(frame);
        if (touched == null) {
            to.endOfBatch();
        } else if (!touched.contains(to)) {
            touched.add(to);
        }
    }

    @Override
    public String toString() {
        return "vswitch " + name + " (" + ports.size() + " ports" + (scheduler == null ? ", direct)" : ", scheduled)");
    }
}
