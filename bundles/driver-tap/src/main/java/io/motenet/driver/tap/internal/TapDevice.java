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
 */
public final class TapDevice extends AbstractDevice {

    /** Frames read per wake-up unless told otherwise. */
    public static final int DEFAULT_READ_BATCH = 64;
    private static final int BUFFER = 65_536;

    private final Arena arena;
    private final int fd;
    private final int wakeFd;
    private final ReentrantLock txLock = new ReentrantLock();
    private final MemorySegment txBuffer;
    private final ByteBuffer txView;
    private final MemorySegment txErrno;
    private final Thread reader;
    private final int readBatch;
    private volatile boolean open = true;
    private volatile String failure;

    private TapDevice(String name, MacAddress mac, int mtu, Arena arena, int fd, int wakeFd, int readBatch) {
        super(name, mac, mtu, LinkState.UP);
        this.readBatch = readBatch;
        this.arena = arena;
        this.fd = fd;
        this.wakeFd = wakeFd;
        this.txBuffer = arena.allocate(BUFFER, 16);
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
            ifreq.set(ValueLayout.JAVA_SHORT, Libc.IFNAMSIZ, (short) (Libc.IFF_TAP | Libc.IFF_NO_PI));
            if (Libc.ioctl(errno, fd, Libc.TUNSETIFF, ifreq) < 0) {
                throw setIfFailure(requestedName, Libc.errno(errno));
            }
            String name = ifreq.getString(0, StandardCharsets.US_ASCII);
            if (mtu != 1500) {
                setKernelMtu(arena, errno, ifreq, mtu, name);
            }
            wakeFd = Libc.eventfd(errno, 0, Libc.EFD_NONBLOCK | Libc.EFD_CLOEXEC);
            if (wakeFd < 0) {
                int e = Libc.errno(errno);
                throw new TapException("eventfd failed: " + Libc.strerror(e), e);
            }
            TapDevice device = new TapDevice(name, mac, mtu, arena, fd, wakeFd, readBatch);
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
                    + "name exists with other flags (a TUN device, or a TAP device with packet information).", errno);
        }
        return new TapException("cannot create TAP interface " + name + ": " + why, errno);
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
            txView.put(0, frame, frame.position(), length);
            long n = Libc.write(txErrno, fd, txBuffer, length);
            if (n == length) {
                return true;
            }
            int e = n < 0 ? Libc.errno(txErrno) : 0;
            // EIO: the kernel side of the interface is administratively down (tun refuses writes then)
            counters.txDropped(e == EAGAIN ? DropReason.QUEUE_FULL : e == Libc.EIO ? DropReason.LINK_DOWN : DropReason.IO_ERROR);
            return false;
        } finally {
            txLock.unlock();
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
            MemorySegment rx = local.allocate(BUFFER, 16);
            ByteBuffer view = rx.asByteBuffer();
            MemorySegment fds = local.allocate(16, 8); // two struct pollfd {int fd; short events; short revents;}
            fds.set(ValueLayout.JAVA_INT, 0, fd);
            fds.set(ValueLayout.JAVA_SHORT, 4, Libc.POLLIN);
            fds.set(ValueLayout.JAVA_INT, 8, wakeFd);
            fds.set(ValueLayout.JAVA_SHORT, 12, Libc.POLLIN);
            while (open) {
                fds.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
                fds.set(ValueLayout.JAVA_SHORT, 14, (short) 0);
                int ready = Libc.poll(errno, fds, 2, -1);
                if (ready < 0) {
                    int e = Libc.errno(errno);
                    if (e == EINTR) {
                        continue;
                    }
                    stopWith("poll failed: " + Libc.strerror(e));
                    return;
                }
                if (!open || fds.get(ValueLayout.JAVA_SHORT, 14) != 0) {
                    return; // close() woke us
                }
                short revents = fds.get(ValueLayout.JAVA_SHORT, 6);
                if ((revents & Libc.POLLIN) == 0 && revents != 0) {
                    stopWith("the TAP interface " + name() + " reported an error or hang-up (poll revents 0x"
                            + Integer.toHexString(revents & 0xffff) + "); it was probably deleted");
                    return;
                }
                readBatch(errno, rx, view);
            }
        }
    }

    private void readBatch(MemorySegment errno, MemorySegment rx, ByteBuffer view) {
        int delivered = 0;
        for (int i = 0; i < readBatch; i++) {
            long n = Libc.read(errno, fd, rx, BUFFER);
            if (n < 0) {
                int e = Libc.errno(errno);
                if (e == EAGAIN || e == EINTR) {
                    break;
                }
                counters.rxDropped(DropReason.IO_ERROR);
                stopWith("reading TAP interface " + name() + " failed: " + Libc.strerror(e) + " (was it deleted?)");
                break;
            }
            view.limit((int) n).position(0);
            if (n > maxFrameSize()) {
                counters.rxDropped(DropReason.TOO_LONG);
                continue;
            }
            if (deliver(view)) {
                delivered++;
            }
        }
        if (delivered > 0) {
            slot.endOfBatch();
        }
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
        try (Arena a = Arena.ofConfined()) {
            MemorySegment one = a.allocate(ValueLayout.JAVA_LONG);
            one.set(ValueLayout.JAVA_LONG, 0, 1L);
            Libc.write(Libc.newErrnoState(a), wakeFd, one, 8);
        }
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
