package io.motenet.driver.tap.internal;

import static io.motenet.driver.tap.internal.Libc.EAGAIN;
import static io.motenet.driver.tap.internal.Libc.EINTR;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import io.motenet.link.DropReason;
import io.motenet.link.LinkState;
import io.motenet.link.MacAddress;
import io.motenet.link.internal.support.AbstractDevice;

/**
 * A Linux TAP device ({@code /dev/net/tun}, {@code IFF_TAP | IFF_NO_PI}): every frame the kernel
 * sends out of its interface arrives here, every frame we write enters the kernel as if it came
 * off a cable. Our MAC is our own; the kernel's interface has its own on its side.
 *
 * <p>Threads: one dedicated platform thread reads (poll, then non-blocking reads until the queue
 * is empty: one batch), so no carrier thread is ever parked in a system call. Writes happen on
 * the caller's thread; the descriptor is non-blocking, so a write never waits (a full queue is a
 * counted drop), and a virtual thread that transmits holds its carrier only for one short copy
 * into the kernel. {@link #close()} wakes the reader through an eventfd and joins it.
 *
 * <p>Offload (opened with {@code offload = true}): the device is opened with {@code IFF_VNET_HDR} and
 * {@code TUNSETOFFLOAD(TUN_F_CSUM | TUN_F_TSO4)}, so every frame in either direction is preceded by a
 * {@link VirtioNetHeader}. The kernel then hands us TCP/IPv4 super-frames of up to 64 KiB with partial
 * checksums, which the reader completes before delivery ({@link OffloadReceive}), and takes super-frames
 * from {@link #transmitSegmented} that it cuts into segments itself ({@link OffloadTransmit}).
 */
public final class TapDevice extends AbstractDevice {

    /** Frames read per wake-up unless told otherwise. */
    public static final int DEFAULT_READ_BATCH = 64;
    /**
     * Octets of the receive buffer: more than a virtio-net header and the largest frame, so that any frame
     * too long for us is still read whole (and counted too long) rather than cut short.
     */
    private static final int RX_BUFFER = 1 << 17;
    /**
     * Octets read into a consumer's array: a virtio-net header, the largest frame offload delivers, and one more, so
     * that a longer frame (which the kernel would cut to fit) is recognised and counted too long.
     */
    static final int CONSUMER_READ = VirtioNetHeader.LENGTH + OffloadReceive.MAX_FRAME + 1;
    /** Octets of the transmit buffer: a virtio-net header and the largest frame offload accepts. */
    private static final int TX_BUFFER = VirtioNetHeader.LENGTH + OffloadReceive.MAX_FRAME;

    private final Arena arena;
    private final int fd;
    private final int wakeFd;
    private final ReentrantLock txLock = new ReentrantLock();
    private final MemorySegment txBuffer;
    private final ByteBuffer txView;
    private final MemorySegment txErrno;
    private final Thread reader;
    private final int readBatch;
    private final boolean offload;
    /** Octets before each frame read or written: 0, or a virtio-net header with offload. */
    private final int prefix;
    private byte[] heldArray; // reader thread only: see consumerArray()
    /**
     * True after a write failed with EIO: the kernel's side of the interface is down ({@code ip link set ... down}),
     * so the device reports its link DOWN; the reader then probes every {@link #PROBE_MILLIS} and reports UP again
     * once tun takes a frame, or a frame arrives. There is no cheaper way that works in every namespace: the
     * kernel's side is often moved into another one (netlink and ioctls there need its namespace).
     */
    private volatile boolean kernelSideDown;
    static final int PROBE_MILLIS = 500;
    private volatile boolean open = true;
    private volatile String failure;

    private TapDevice(String name, MacAddress mac, int mtu, Arena arena, int fd, int wakeFd, int readBatch, boolean offload) {
        super(name, mac, mtu, LinkState.UP);
        this.readBatch = readBatch;
        this.offload = offload;
        this.prefix = offload ? VirtioNetHeader.LENGTH : 0;
        this.arena = arena;
        this.fd = fd;
        this.wakeFd = wakeFd;
        this.txBuffer = arena.allocate(TX_BUFFER, 16);
        this.txView = txBuffer.asByteBuffer();
        this.txErrno = Libc.newErrnoState(arena);
        this.reader = Thread.ofPlatform().name("motenet-tap-" + name).daemon(true).unstarted(this::readLoop);
    }

    /**
     * Creates (or attaches to) the TAP interface and starts reading.
     *
     * @param requestedName interface name, at most 15 octets; {@code tap%d} lets the kernel number it
     * @param mtu our MTU; when not 1500 the kernel side's MTU is set to match
     * @throws TapException when the device cannot be made, saying why and what to do
     */
    public static TapDevice open(String requestedName, MacAddress mac, int mtu) throws TapException {
        return open(requestedName, mac, mtu, DEFAULT_READ_BATCH);
    }

    /**
     * As {@link #open(String, MacAddress, int)}, reading at most {@code readBatch} frames per
     * wake-up before {@code endOfBatch} (1 turns batching off, for measuring what it gains).
     */
    public static TapDevice open(String requestedName, MacAddress mac, int mtu, int readBatch) throws TapException {
        return open(requestedName, mac, mtu, readBatch, false);
    }

    /**
     * As {@link #open(String, MacAddress, int, int)}, with TCP segmentation offload and receive coalescing
     * when {@code offload} is true: {@link #maxOffloadPacket()} is then 65535, {@link #transmitSegmented}
     * works, and received TCP/IPv4 frames may carry packets of up to 65535 octets (checksums completed).
     * The interface must not exist yet with other flags (an existing one without the virtio-net header
     * makes TUNSETIFF fail with EINVAL).
     */
    public static TapDevice open(String requestedName, MacAddress mac, int mtu, int readBatch, boolean offload)
            throws TapException {
        if (readBatch < 1) {
            throw new IllegalArgumentException("read batch must be at least 1, got " + readBatch);
        }
        byte[] nameBytes = requestedName.getBytes(StandardCharsets.US_ASCII);
        if (nameBytes.length == 0 || nameBytes.length >= Libc.IFNAMSIZ) {
            throw new TapException("TAP interface name must have 1 to 15 characters, got '" + requestedName + "'", 0);
        }
        Arena arena = Arena.ofShared();
        boolean ok = false;
        int fd = -1;
        int wakeFd = -1;
        try {
            MemorySegment errno = Libc.newErrnoState(arena);
            fd = Libc.open(errno, arena.allocateFrom("/dev/net/tun"), Libc.O_RDWR | Libc.O_NONBLOCK | Libc.O_CLOEXEC);
            if (fd < 0) {
                throw openFailure(Libc.errno(errno));
            }
            MemorySegment ifreq = arena.allocate(Libc.IFREQ_SIZE, 8);
            MemorySegment.copy(nameBytes, 0, ifreq, ValueLayout.JAVA_BYTE, 0, nameBytes.length);
            short flags = (short) (Libc.IFF_TAP | Libc.IFF_NO_PI | (offload ? Libc.IFF_VNET_HDR : 0));
            ifreq.set(ValueLayout.JAVA_SHORT, Libc.IFNAMSIZ, flags);
            if (Libc.ioctl(errno, fd, Libc.TUNSETIFF, ifreq) < 0) {
                throw setIfFailure(requestedName, Libc.errno(errno));
            }
            String name = ifreq.getString(0, StandardCharsets.US_ASCII);
            if (offload) {
                enableOffload(arena, errno, fd, name);
            }
            if (mtu != 1500) {
                setKernelMtu(arena, errno, ifreq, mtu, name);
            }
            wakeFd = Libc.eventfd(errno, 0, Libc.EFD_NONBLOCK | Libc.EFD_CLOEXEC);
            if (wakeFd < 0) {
                int e = Libc.errno(errno);
                throw new TapException("eventfd failed: " + Libc.strerror(e), e);
            }
            TapDevice device = new TapDevice(name, mac, mtu, arena, fd, wakeFd, readBatch, offload);
            device.reader.start();
            ok = true;
            return device;
        } finally {
            if (!ok) {
                if (fd >= 0) {
                    Libc.close(fd);
                }
                if (wakeFd >= 0) {
                    Libc.close(wakeFd);
                }
                arena.close();
            }
        }
    }

    private static TapException openFailure(int errno) {
        String why = Libc.strerror(errno);
        if (errno == Libc.ENOENT || errno == Libc.ENODEV || errno == Libc.ENXIO) {
            return new TapException("cannot open /dev/net/tun (" + why + "): this system has no TUN/TAP device. Load the "
                    + "module (`modprobe tun`) or, in a container, pass the device in (`--device /dev/net/tun "
                    + "--cap-add NET_ADMIN`); without TAP, use the usernet or vswitch driver.", errno);
        }
        if (errno == Libc.EACCES || errno == Libc.EPERM) {
            return new TapException("cannot open /dev/net/tun (" + why + "): this user may not use TUN/TAP. Run as root, "
                    + "or give the java binary CAP_NET_ADMIN (`setcap cap_net_admin+ep $JAVA_HOME/bin/java`), or make "
                    + "/dev/net/tun accessible (mode 0666 is the usual default).", errno);
        }
        return new TapException("cannot open /dev/net/tun: " + why, errno);
    }

    private static TapException setIfFailure(String name, int errno) {
        String why = Libc.strerror(errno);
        if (errno == Libc.EPERM || errno == Libc.EACCES) {
            return new TapException("cannot create TAP interface " + name + " (" + why + "): creating one needs "
                    + "CAP_NET_ADMIN. Run as root, or `setcap cap_net_admin+ep $JAVA_HOME/bin/java`, or have root "
                    + "create a persistent device for this user first: `ip tuntap add dev " + name
                    + " mode tap user $USER`.", errno);
        }
        if (errno == Libc.EBUSY) {
            return new TapException("cannot attach to TAP interface " + name + " (" + why + "): another process has "
                    + "it open, or an interface of that name exists and is not a TAP device. Choose another name, or "
                    + "`ip link del " + name + "`.", errno);
        }
        if (errno == Libc.EINVAL) {
            return new TapException("cannot create TAP interface " + name + " (" + why + "): an interface of that "
                    + "name exists with other flags (a TUN device, a TAP device with packet information, or one opened "
                    + "with the virtio-net header when this one is without, or the other way round).", errno);
        }
        return new TapException("cannot create TAP interface " + name + ": " + why, errno);
    }

    /**
     * The header's size and byte order, then the offloads we take. Little-endian is the kernel's default on
     * little-endian hosts anyway (legacy virtio uses the host's order); asking for it makes the header's
     * order a fact of this code rather than of the host. The kernel ignores TSO4 without CSUM.
     */
    private static void enableOffload(Arena arena, MemorySegment errno, int fd, String name) throws TapException {
        MemorySegment value = arena.allocate(ValueLayout.JAVA_INT);
        value.set(ValueLayout.JAVA_INT, 0, VirtioNetHeader.LENGTH);
        if (Libc.ioctl(errno, fd, Libc.TUNSETVNETHDRSZ, value) < 0) {
            int e = Libc.errno(errno);
            throw new TapException("cannot set the virtio-net header size of " + name + ": " + Libc.strerror(e), e);
        }
        value.set(ValueLayout.JAVA_INT, 0, 1);
        if (Libc.ioctl(errno, fd, Libc.TUNSETVNETLE, value) < 0
                && java.nio.ByteOrder.nativeOrder() != java.nio.ByteOrder.LITTLE_ENDIAN) {
            // Only a big-endian host needs it to work; a kernel without it (before 4.0) is little-endian here.
            int e = Libc.errno(errno);
            throw new TapException("cannot make the virtio-net header of " + name + " little-endian: " + Libc.strerror(e), e);
        }
        if (Libc.ioctlValue(errno, fd, Libc.TUNSETOFFLOAD, Libc.TUN_F_CSUM | Libc.TUN_F_TSO4) < 0) {
            int e = Libc.errno(errno);
            throw new TapException("cannot enable checksum and TCP segmentation offload on " + name + ": "
                    + Libc.strerror(e) + "; open it without offload", e);
        }
    }

    private static void setKernelMtu(Arena arena, MemorySegment errno, MemorySegment ifreq, int mtu, String name)
            throws TapException {
        int sock = Libc.socket(errno, Libc.AF_INET, Libc.SOCK_DGRAM, 0);
        if (sock < 0) {
            int e = Libc.errno(errno);
            throw new TapException("cannot set the MTU of " + name + ": socket failed: " + Libc.strerror(e), e);
        }
        try {
            ifreq.set(ValueLayout.JAVA_INT, Libc.IFNAMSIZ, mtu);
            if (Libc.ioctl(errno, sock, Libc.SIOCSIFMTU, ifreq) < 0) {
                int e = Libc.errno(errno);
                throw new TapException("cannot set the MTU of " + name + " to " + mtu + ": " + Libc.strerror(e), e);
            }
        } finally {
            Libc.close(sock);
        }
    }

    /** True when this machine has {@code /dev/net/tun} at all. */
    public static boolean tunDeviceExists() {
        return Files.exists(Path.of("/dev/net/tun"));
    }

    /** The kernel's name for the interface (what {@code ip link} shows). */
    public String interfaceName() {
        return name();
    }

    /** True when opened with offload. */
    public boolean offload() {
        return offload;
    }

    /** 65535 with offload (the largest IPv4 packet), else the MTU. */
    @Override
    public int maxOffloadPacket() {
        return offload ? 65_535 : mtu();
    }

    /**
     * Writes one virtio-net header asking the kernel to segment the packet and checksum the segments, and the
     * frame behind it, in one {@code write}. A frame whose payload fits one segment goes with the checksum
     * request only. Counted as one frame sent, of the frame's length.
     *
     * @throws IllegalArgumentException when the frame is not TCP over IPv4, its lengths disagree, or
     *     {@code segmentSize} is not positive or does not fit the MTU with the frame's headers
     */
    @Override
    public boolean transmitSegmented(ByteBuffer frame, int segmentSize) {
        if (!offload) {
            return super.transmitSegmented(frame, segmentSize); // throws UnsupportedOperationException
        }
        int length = frame.remaining();
        if (linkState() != LinkState.UP) {
            counters.txDropped(DropReason.LINK_DOWN);
            return false;
        }
        if (length < OffloadTransmit.MIN_FRAME) {
            counters.txDropped(DropReason.TOO_SHORT);
            return false;
        }
        if (length > ETHERNET_HEADER_LENGTH + maxOffloadPacket()) {
            counters.txDropped(DropReason.TOO_LONG);
            return false;
        }
        txLock.lock();
        try {
            if (!open) {
                counters.txDropped(DropReason.LINK_DOWN);
                return false;
            }
            int total = OffloadTransmit.prepare(frame, txView, segmentSize, mtu());
            if (!write(total)) {
                return false;
            }
        } finally {
            txLock.unlock();
        }
        counters.sent(length);
        return true;
    }

    /** Why the reader stopped, when it stopped by itself (for example the interface was deleted); null otherwise. */
    public String failure() {
        return failure;
    }

    @Override
    protected boolean send(ByteBuffer frame) {
        int length = frame.remaining();
        txLock.lock();
        try {
            if (!open) {
                counters.txDropped(DropReason.LINK_DOWN);
                return false;
            }
            if (offload) {
                VirtioNetHeader.writePlain(txView, 0);
            }
            txView.put(prefix, frame, frame.position(), length);
            return write(prefix + length);
        } finally {
            txLock.unlock();
        }
    }

    /** Writes the first {@code length} octets of the transmit buffer; holds the lock; counts a failure. */
    private boolean write(int length) {
        long n = Libc.write(txErrno, fd, txBuffer, length);
        if (n == length) {
            return true;
        }
        int e = n < 0 ? Libc.errno(txErrno) : 0;
        // EIO: the kernel side of the interface is administratively down (tun refuses writes then).
        // EINVAL: the kernel refused the virtio-net header (with offload).
        counters.txDropped(e == EAGAIN ? DropReason.QUEUE_FULL : e == Libc.EIO ? DropReason.LINK_DOWN : DropReason.IO_ERROR);
        if (e == Libc.EIO && !kernelSideDown) {
            // The reader reports it, holding no lock: a writer may be inside another device's delivery (a bridge),
            // and telling our consumer from here could wait on a lock that that delivery's device waits on too.
            kernelSideDown = true;
            wakeReader();
        }
        return false;
    }

    /**
     * While the kernel's side is down: one frame the kernel drops at once (to our own MAC, the local experimental
     * EtherType 0x88B5), written to learn whether tun takes frames again. Reader thread; true when it did.
     */
    private boolean probeKernelSide() {
        txLock.lock();
        try {
            if (!open) {
                return false;
            }
            if (offload) {
                VirtioNetHeader.writePlain(txView, 0);
            }
            mac().write(txView, prefix);
            mac().write(txView, prefix + 6);
            txView.putShort(prefix + 12, (short) 0x88b5);
            for (int i = prefix + 14; i < prefix + 60; i++) {
                txView.put(i, (byte) 0);
            }
            return Libc.write(txErrno, fd, txBuffer, prefix + 60) == prefix + 60;
        } finally {
            txLock.unlock();
        }
    }

    /** Ends the reader's wait: for close(), or to have it wait with a timeout (the kernel's side went down). */
    private void wakeReader() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment one = a.allocate(ValueLayout.JAVA_LONG);
            one.set(ValueLayout.JAVA_LONG, 0, 1L);
            Libc.write(Libc.newErrnoState(a), wakeFd, one, 8);
        }
    }

    /** Reader thread: the kernel's side took a frame or gave us one: the link is up again. */
    private void kernelSideUp() {
        if (kernelSideDown) {
            kernelSideDown = false;
            if (linkState() == LinkState.DOWN) {
                setLinkState(LinkState.UP);
            }
        }
    }

    private void readLoop() {
        try {
            pollAndRead();
        } finally {
            if (closing) {
                release();
            }
        }
    }

    private void pollAndRead() {
        try (Arena local = Arena.ofConfined()) {
            MemorySegment errno = Libc.newErrnoState(local);
            MemorySegment rx = local.allocate(RX_BUFFER, 16);
            ByteBuffer view = rx.asByteBuffer();
            // With offload the frame starts after the header; consumers see it at index 0 all the same.
            ByteBuffer frames = rx.asSlice(prefix).asByteBuffer();
            MemorySegment fds = local.allocate(16, 8); // two struct pollfd {int fd; short events; short revents;}
            MemorySegment wakeCount = local.allocate(ValueLayout.JAVA_LONG);
            fds.set(ValueLayout.JAVA_INT, 0, fd);
            fds.set(ValueLayout.JAVA_SHORT, 4, Libc.POLLIN);
            fds.set(ValueLayout.JAVA_INT, 8, wakeFd);
            fds.set(ValueLayout.JAVA_SHORT, 12, Libc.POLLIN);
            while (open) {
                fds.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
                fds.set(ValueLayout.JAVA_SHORT, 14, (short) 0);
                // A finite wait while the kernel's side is down, to probe it; else until a frame or close() comes.
                int ready = Libc.poll(errno, fds, 2, kernelSideDown ? PROBE_MILLIS : -1);
                if (ready == 0) {
                    if (kernelSideDown && probeKernelSide()) {
                        kernelSideUp();
                    }
                    continue;
                }
                if (ready < 0) {
                    int e = Libc.errno(errno);
                    if (e == EINTR) {
                        continue;
                    }
                    stopWith("poll failed: " + Libc.strerror(e));
                    return;
                }
                if (!open) {
                    return; // close() woke us
                }
                if (fds.get(ValueLayout.JAVA_SHORT, 14) != 0) {
                    Libc.read(errno, wakeFd, wakeCount, 8);
                    if (kernelSideDown && linkState() == LinkState.UP) {
                        setLinkState(LinkState.DOWN); // a write found the kernel's side down; probes follow
                    }
                    continue;
                }
                short revents = fds.get(ValueLayout.JAVA_SHORT, 6);
                if ((revents & Libc.POLLIN) == 0 && revents != 0) {
                    stopWith("the TAP interface " + name() + " reported an error or hang-up (poll revents 0x"
                            + Integer.toHexString(revents & 0xffff) + "); it was probably deleted");
                    return;
                }
                readBatch(errno, rx, view, frames);
            }
        }
    }

    private void readBatch(MemorySegment errno, MemorySegment rx, ByteBuffer view, ByteBuffer frames) {
        int delivered = 0;
        for (int i = 0; i < readBatch; i++) {
            byte[] own = offload ? consumerArray() : null;
            long n = own != null ? Libc.read(errno, fd, own, CONSUMER_READ) : Libc.read(errno, fd, rx, RX_BUFFER);
            if (n < 0) {
                int e = Libc.errno(errno);
                if (e == EAGAIN || e == EINTR) {
                    break;
                }
                counters.rxDropped(DropReason.IO_ERROR);
                stopWith("reading TAP interface " + name() + " failed: " + Libc.strerror(e) + " (was it deleted?)");
                break;
            }
            if (kernelSideDown) {
                kernelSideUp(); // a frame came: the kernel's side is up again
            }
            if (offload) {
                ByteBuffer read = own != null ? ByteBuffer.wrap(own, 0, (int) n) : view.limit((int) n).position(0);
                DropReason drop = OffloadReceive.prepare(read, (int) n, maxFrameSize());
                if (drop != null) {
                    counters.rxDropped(drop); // an array of the consumer's stays for the next read
                    continue;
                }
            } else if (n > maxFrameSize()) {
                counters.rxDropped(DropReason.TOO_LONG);
                continue;
            }
            ByteBuffer frame = own != null ? ByteBuffer.wrap(own, prefix, (int) n - prefix).slice()
                    : frames.limit((int) n - prefix).position(0);
            if (own != null) {
                heldArray = null; // from receive() on, the array is the consumer's (link contract 1.2)
            }
            if (deliver(frame)) {
                delivered++;
            }
        }
        if (delivered > 0) {
            slot.endOfBatch();
        }
    }

    /**
     * With offload, the consumer's array for the next read when it offers one ({@code FrameConsumer.frameArray}): a
     * coalesced frame read into it reaches the consumer without the copy out of a lent buffer (64 KiB per frame).
     * Kept across reads that bring nothing, or a frame that is dropped.
     */
    private byte[] consumerArray() {
        if (heldArray == null) {
            heldArray = slot.frameArray(CONSUMER_READ);
        }
        return heldArray;
    }

    private void stopWith(String why) {
        failure = why;
        open = false;
        setLinkState(LinkState.DOWN);
    }

    /** Link down, consumer told, reader stopped, descriptors closed, interface gone (unless persistent). Safe twice. */
    @Override
    public void close() {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
        }
        super.close();
        txLock.lock();
        try {
            open = false;
        } finally {
            txLock.unlock();
        }
        wakeReader();
        if (Thread.currentThread() == reader) {
            return; // closed from a callback: the reader releases on its way out
        }
        try {
            reader.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!reader.isAlive()) {
            release();
        }
    }

    private volatile boolean closing;
    private boolean released;

    private void release() {
        txLock.lock();
        try {
            if (!released) {
                released = true;
                Libc.close(fd);
                Libc.close(wakeFd);
                arena.close();
            }
        } finally {
            txLock.unlock();
        }
    }
}
