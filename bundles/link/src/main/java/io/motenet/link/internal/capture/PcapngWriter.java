package io.motenet.link.internal.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes Ethernet frames to a pcapng file (draft-ietf-opsawg-pcapng) that Wireshark and tshark
 * open: one Section Header Block, one Interface Description Block (link type 1, Ethernet,
 * nanosecond timestamps, the device name), then one Enhanced Packet Block per frame with its
 * direction in {@code epb_flags}. Little-endian, as the byte-order magic says.
 *
 * <p>Frames are written through one reused buffer (no allocation per frame). Thread-safe: frames
 * from the receive and the transmit side may interleave.
 */
public final class PcapngWriter implements AutoCloseable {

    /** Direction of a frame relative to our device, as {@code epb_flags} bits 0-1 code it. */
    public enum Direction {
        INBOUND(1), OUTBOUND(2);

        final int flags;

        Direction(int flags) {
            this.flags = flags;
        }
    }

    private static final int SHB = 0x0A0D0D0A;
    private static final int IDB = 0x00000001;
    private static final int EPB = 0x00000006;
    private static final int LINKTYPE_ETHERNET = 1;
    private static final int EPB_OVERHEAD = 28 + 8 + 4 + 4; // header, epb_flags option, end of options, trailer length

    private final FileChannel channel;
    private final int snapLength;
    private final ByteBuffer buffer;
    private long frames;
    private boolean closed;

    /**
     * Creates (or truncates) the file and writes the headers.
     *
     * @param interfaceName written as {@code if_name}, shown by Wireshark
     * @param snapLength frames longer than this are cut to it (original length kept)
     */
    public PcapngWriter(Path file, String interfaceName, int snapLength) throws IOException {
        this.snapLength = snapLength;
        this.buffer = ByteBuffer.allocate(EPB_OVERHEAD + pad(snapLength) + 64).order(ByteOrder.LITTLE_ENDIAN);
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        writeHeaders(interfaceName);
    }

    private static int pad(int n) {
        return (n + 3) & ~3;
    }

    private void writeHeaders(String interfaceName) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(256 + interfaceName.length() * 4).order(ByteOrder.LITTLE_ENDIAN);
        // Section Header Block: no options.
        b.putInt(SHB).putInt(28).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1L).putInt(28);
        // Interface Description Block with if_name (2), if_tsresol (9) = 10^-9 s, end of options.
        byte[] name = interfaceName.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int length = 16 + 4 + pad(name.length) + 4 + 4 + 4 + 4;
        b.putInt(IDB).putInt(length).putShort((short) LINKTYPE_ETHERNET).putShort((short) 0).putInt(snapLength);
        b.putShort((short) 2).putShort((short) name.length).put(name);
        for (int i = name.length; i < pad(name.length); i++) {
            b.put((byte) 0);
        }
        b.putShort((short) 9).putShort((short) 1).put((byte) 9).put((byte) 0).putShort((short) 0);
        b.putShort((short) 0).putShort((short) 0);
        b.putInt(length);
        b.flip();
        while (b.hasRemaining()) {
            channel.write(b);
        }
    }

    /**
     * Appends one frame (its bytes between position and limit; neither is changed).
     *
     * @param epochNanos when it passed, in nanoseconds since 1970 (or virtual time in a simulation)
     */
    public synchronized void write(ByteBuffer frame, long epochNanos, Direction direction) throws IOException {
        if (closed) {
            return;
        }
        int original = frame.remaining();
        int captured = Math.min(original, snapLength);
        int length = EPB_OVERHEAD + pad(captured);
        ByteBuffer b = buffer.clear();
        b.putInt(EPB).putInt(length).putInt(0) // interface 0
                .putInt((int) (epochNanos >>> 32)).putInt((int) epochNanos)
                .putInt(captured).putInt(original);
        b.put(b.position(), frame, frame.position(), captured);
        b.position(b.position() + pad(captured));
        for (int i = 28 + captured; i < 28 + pad(captured); i++) {
            b.put(i, (byte) 0);
        }
        b.putShort((short) 2).putShort((short) 4).putInt(direction.flags); // epb_flags
        b.putShort((short) 0).putShort((short) 0); // opt_endofopt
        b.putInt(length);
        b.flip();
        while (b.hasRemaining()) {
            channel.write(b);
        }
        frames++;
    }

    /** Frames written so far. */
    public synchronized long frames() {
        return frames;
    }

    /** Makes what was written durable for a reader that opens the file now. */
    public synchronized void flush() throws IOException {
        if (!closed) {
            channel.force(false);
        }
    }

    /** Safe to call twice. */
    @Override
    public synchronized void close() throws IOException {
        if (!closed) {
            closed = true;
            channel.close();
        }
    }
}
