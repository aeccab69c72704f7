package io.motenet.ip.internal.iface;

import io.motenet.ip.internal.socket.DhcpClient;
import io.motenet.ip.internal.wire.EthernetFrame;
import io.motenet.ip.internal.wire.Ipv4Address;
import io.motenet.link.MacAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;

/**
 * One IPv4 interface, named after the device it binds to. It outlives its device: when the
 * device goes away the interface is link-down but keeps address, neighbours and sockets; a device
 * of the same name brings it back. The loop thread owns all of it; the frame queues are the
 * only hand-over points and the stack guards them.
 */
public final class Interface {
    private final String name;
    private MacAddress mac;
    private int deviceMtu;
    private int deviceOffloadPacket;
    private int leaseMtu = -1;
    private boolean linkUp;
    private InterfaceAddress address;
    private Ipv4Address gateway;
    private List<Ipv4Address> dnsServers = List.of();
    private DhcpClient dhcp;
    private int nextIdentification;

    final Counters counters = new Counters();
    // the counters every frame touches, held rather than looked up by name
    final java.util.concurrent.atomic.LongAdder rxFrames = counters.handle("rx.frames");
    final java.util.concurrent.atomic.LongAdder rxBytes = counters.handle("rx.bytes");
    final java.util.concurrent.atomic.LongAdder ipRx = counters.handle("ip.rx");
    final java.util.concurrent.atomic.LongAdder ipTx = counters.handle("ip.tx");
    final java.util.concurrent.atomic.LongAdder txFrames = counters.handle("tx.frames");
    final java.util.concurrent.atomic.LongAdder txBytes = counters.handle("tx.bytes");
    final NeighborCache neighbors;
    final Reassembler reassembler;
    final ArrayDeque<ByteBuffer> inbox = new ArrayDeque<>();
    final ArrayDeque<ByteBuffer> outbox = new ArrayDeque<>();
    /** Per frame in {@link #outbox}: 0, or the TCP payload per packet the device cuts it into (offload). */
    final ArrayDeque<Integer> outboxSegmentSizes = new ArrayDeque<>();
    /**
     * Frames the loop has transmitted, to be written again: a device has read a frame when {@code transmit}
     * returns (the link contract), so the transmit fast path need not allocate and zero a new one per segment.
     */
    private final ArrayDeque<ByteBuffer> spareFrames = new ArrayDeque<>();
    /**
     * Enough for a poll's burst of data segments at a large MTU (a window of a few MiB in 64 KiB segments): with 16,
     * a profile of tcp-loopback still showed a fifth of the loop's time allocating and zeroing frames. At most
     * 64 x 64 KiB per interface where the MTU or the offload is that large.
     */
    private static final int SPARE_FRAMES = 64;

    Interface(String name, MacAddress mac, int mtu, Stack.Limits limits, int firstIdentification) {
        this.name = name;
        this.mac = mac;
        this.deviceMtu = mtu;
        this.nextIdentification = firstIdentification;
        this.neighbors = new NeighborCache(limits.neighborReachableNanos(), limits.arpRetryNanos(),
                limits.arpMaxRequests(), limits.neighborEntries(), limits.neighborsResolving(),
                limits.waitingPerNeighbor(), limits.waitingTotal());
        this.reassembler = new Reassembler(limits.reassemblyDatagrams(), limits.reassemblyBytes(),
                limits.reassemblyTimeoutNanos(), counters);
    }

    public String name() {
        return name;
    }

    public MacAddress mac() {
        return mac;
    }

    void mac(MacAddress m) {
        this.mac = m;
    }

    /** Room for the largest frame this interface sends: a segment for the device to cut up, where it can. */
    int frameCapacity() {
        return Math.max(Math.max(mtu(), offloadPacket()) + EthernetFrame.HEADER_LENGTH, EthernetFrame.MIN_FRAME);
    }

    /**
     * A frame buffer for {@code length} octets, position 0, limit the length padded to the Ethernet minimum (the
     * padding zeroed): a spare one when there is one of the right size, else a new one.
     */
    ByteBuffer takeFrame(int length) {
        int capacity = frameCapacity();
        ByteBuffer frame = spareFrames.pollFirst();
        if (frame == null || frame.capacity() != capacity) {
            frame = ByteBuffer.allocate(capacity); // none spare, or the MTU changed since it was made
        }
        int limit = Math.max(length, EthernetFrame.MIN_FRAME);
        frame.clear().limit(limit);
        for (int i = length; i < limit; i++) {
            frame.put(i, (byte) 0);
        }
        return frame;
    }

    /** A frame the device has taken: kept for {@link #takeFrame} if it has the size the interface uses now. */
    void recycle(ByteBuffer frame) {
        if (frame.capacity() != frameCapacity() || spareFrames.size() >= SPARE_FRAMES) {
            return;
        }
        for (ByteBuffer spare : spareFrames) {
            if (spare == frame) {
                return; // handed back twice: keeping it twice would give it to two frames at once
            }
        }
        spareFrames.addFirst(frame);
    }

    /** The MTU in use: the device's, lowered by a DHCP MTU option if one came. */
    public int mtu() {
        return leaseMtu >= 68 ? Math.min(deviceMtu, leaseMtu) : deviceMtu;
    }

    void deviceMtu(int m) {
        this.deviceMtu = m;
    }

    /**
     * The largest IPv4 packet the device takes as one TCP segment and cuts into MTU-sized packets itself (TCP
     * segmentation offload, {@code NetworkDevice.maxOffloadPacket()}); the MTU when it cannot.
     */
    public int offloadPacket() {
        return deviceOffloadPacket > mtu() ? deviceOffloadPacket : mtu();
    }

    /** True when the device takes TCP segments longer than the MTU and verifies TCP checksums (offload). */
    boolean offloads() {
        return offloadPacket() > mtu();
    }

    void deviceOffloadPacket(int p) {
        this.deviceOffloadPacket = Math.min(p, 65535);
    }

    void leaseMtu(int m) {
        this.leaseMtu = m;
    }

    public boolean isLinkUp() {
        return linkUp;
    }

    void linkUp(boolean up) {
        this.linkUp = up;
    }

    public InterfaceAddress address() {
        return address;
    }

    void address(InterfaceAddress a) {
        this.address = a;
    }

    public Ipv4Address gateway() {
        return gateway;
    }

    void gateway(Ipv4Address g) {
        this.gateway = g;
    }

    public List<Ipv4Address> dnsServers() {
        return dnsServers;
    }

    void dnsServers(List<Ipv4Address> servers) {
        this.dnsServers = List.copyOf(servers);
    }

    public DhcpClient dhcp() {
        return dhcp;
    }

    void dhcp(DhcpClient c) {
        this.dhcp = c;
    }

    public Counters counters() {
        return counters;
    }

    public List<NeighborCache.Neighbor> neighbors() {
        return neighbors.snapshot();
    }

    int nextIdentification() {
        int id = nextIdentification;
        nextIdentification = (nextIdentification + 1) & 0xffff;
        return id;
    }

    /** True when {@code a} is this interface's address, or a broadcast address it listens to. */
    boolean isOwnOrBroadcast(Ipv4Address a) {
        return a.isBroadcast() || (address != null && (a.equals(address.address()) || a.equals(address.broadcast())));
    }

    public boolean hasAddress(Ipv4Address a) {
        return address != null && address.address().equals(a);
    }

    void enqueueOutgoing(ByteBuffer frame, int segmentSize) {
        outbox.addLast(frame);
        outboxSegmentSizes.addLast(segmentSize);
    }

    void clearOutgoing() {
        outbox.clear();
        outboxSegmentSizes.clear();
    }

    @Override
    public String toString() {
        return name + " " + mac + " mtu " + mtu() + (linkUp ? " up " : " down ") + (address == null ? "-" : address);
    }
}
