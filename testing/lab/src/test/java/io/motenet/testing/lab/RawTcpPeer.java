package io.motenet.testing.lab;

import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.motenet.link.FrameConsumer;
import io.motenet.link.MacAddress;
import io.motenet.link.NetworkDevice;

/**
 * A TCP/IPv4 endpoint driven by hand over a {@link NetworkDevice}, for talking to the kernel in a lab
 * without the IP stack: it builds frames with checksums computed as RFC 1071 writes them (pair by pair,
 * independent of the driver's code) and checks received frames the same way. Only what a test of the link
 * needs: no retransmission, no options but MSS, the receive window fixed at 65535.
 */
final class RawTcpPeer implements FrameConsumer {

    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int RST = 0x04;
    static final int PSH = 0x08;
    static final int ACK = 0x10;

    /** A received TCP segment for our port, with what the checks found. */
    record Segment(int frameLength, int seq, int ack, int flags, int mss, byte[] options, byte[] payload, boolean ipChecksumValid,
            boolean tcpChecksumValid) {
        boolean has(int flag) {
            return (flags & flag) != 0;
        }
    }

    private final NetworkDevice device;
    private final MacAddress ourMac;
    private final MacAddress peerMac;
    private final byte[] ourIp;
    private final byte[] peerIp;
    private final int ourPort;
    private final int peerPort;
    final BlockingQueue<Segment> segments = new LinkedBlockingQueue<>();
    private int ipId = 1;
    /** The MSS the kernel announced in its SYN-ACK. */
    int lastMss;

    /** Offer the device arrays to read frames into (link contract 1.2), and count the frames that came in them. */
    volatile boolean offerArrays;
    volatile int framesInOfferedArrays;
    private byte[] offered;

    RawTcpPeer(NetworkDevice device, MacAddress peerMac, byte[] ourIp, byte[] peerIp, int ourPort, int peerPort) {
        this.device = device;
        this.ourMac = device.mac();
        this.peerMac = peerMac;
        this.ourIp = ourIp;
        this.peerIp = peerIp;
        this.ourPort = ourPort;
        this.peerPort = peerPort;
    }

    @Override
    public byte[] frameArray(int length) {
        if (!offerArrays) {
            return null;
        }
        offered = new byte[length];
        return offered;
    }

    public void receive(ByteBuffer frame) {
        if (offered != null && frame.hasArray() && frame.array() == offered) {
            framesInOfferedArrays++;
            offered = null;
        }
        byte[] f = new byte[frame.remaining()];
        frame.get(frame.position(), f);
        ByteBuffer b = ByteBuffer.wrap(f);
        if (f.length < 54 || b.getShort(12) != 0x0800 || f[23] != 6) {
            return;
        }
        int ihl = (f[14] & 0x0f) * 4;
        int tcp = 14 + ihl;
        if ((b.getShort(tcp + 2) & 0xffff) != ourPort) {
            return;
        }
        int totalLength = b.getShort(16) & 0xffff;
        int end = 14 + totalLength;
        int dataOffset = ((f[tcp + 12] & 0xf0) >>> 4) * 4;
        boolean ipValid = sum(f, 14, tcp, 0) == 0xffff;
        boolean tcpValid = sum(f, tcp, end, pseudo(f, end - tcp)) == 0xffff;
        int mss = 0;
        for (int o = tcp + 20; o < tcp + dataOffset;) {
            int kind = f[o] & 0xff;
            if (kind == 0) {
                break;
            }
            if (kind == 1) {
                o++;
                continue;
            }
            if (kind == 2) {
                mss = b.getShort(o + 2) & 0xffff;
            }
            o += f[o + 1] & 0xff;
        }
        byte[] payload = java.util.Arrays.copyOfRange(f, tcp + dataOffset, end);
        byte[] options = java.util.Arrays.copyOfRange(f, tcp + 20, tcp + dataOffset);
        segments.add(new Segment(f.length, b.getInt(tcp + 4), b.getInt(tcp + 8), f[tcp + 13] & 0xff, mss, options, payload, ipValid,
                tcpValid));
    }

    Segment next(long seconds) throws InterruptedException {
        Segment s = segments.poll(seconds, TimeUnit.SECONDS);
        if (s == null) {
            throw new AssertionError("no TCP segment from the kernel within " + seconds + " s");
        }
        return s;
    }

    /**
     * A complete frame: Ethernet, IPv4 (valid header checksum), TCP with the given fields; the TCP checksum
     * computed when {@code tcpChecksum}, else left zero (for segmentation offload, where the device computes it).
     */
    ByteBuffer frame(int seq, int ack, int flags, byte[] options, byte[] payload, boolean tcpChecksum) {
        int tcpHeader = 20 + options.length;
        int length = 14 + 20 + tcpHeader + payload.length;
        byte[] f = new byte[length];
        ByteBuffer b = ByteBuffer.wrap(f);
        peerMac.write(b, 0);
        ourMac.write(b, 6);
        b.putShort(12, (short) 0x0800);
        b.put(14, (byte) 0x45);
        b.putShort(16, (short) (length - 14));
        b.putShort(18, (short) ipId++);
        b.putShort(20, (short) 0x4000); // don't fragment
        b.put(22, (byte) 64);
        b.put(23, (byte) 6);
        b.put(26, ourIp).put(30, peerIp);
        b.putShort(24, (short) ~sum(f, 14, 34, 0));
        b.putShort(34, (short) ourPort).putShort(36, (short) peerPort);
        b.putInt(38, seq).putInt(42, ack);
        b.put(46, (byte) ((tcpHeader / 4) << 4));
        b.put(47, (byte) flags);
        b.putShort(48, (short) 0xffff);
        b.put(54, options).put(34 + tcpHeader, payload);
        if (tcpChecksum) {
            b.putShort(50, (short) ~sum(f, 34, length, pseudo(f, length - 34)));
        }
        return b;
    }

    /** The MSS option (kind 2, length 4). */
    static byte[] mssOption(int mss) {
        return new byte[] {2, 4, (byte) (mss >>> 8), (byte) mss};
    }

    boolean sendSyn(int isn, int mss) {
        return device.transmit(frame(isn, 0, SYN, mssOption(mss), new byte[0], true));
    }

    boolean send(int seq, int ack, int flags) {
        return device.transmit(frame(seq, ack, flags, new byte[0], new byte[0], true));
    }

    private static int pseudo(byte[] f, int tcpLength) {
        return sum(f, 26, 34, 6 + tcpLength);
    }

    /** RFC 1071, pair by pair, folded, not complemented. */
    static int sum(byte[] data, int from, int to, int initial) {
        long sum = initial;
        for (int i = from; i < to; i += 2) {
            sum += (data[i] & 0xff) << 8 | (i + 1 < to ? data[i + 1] & 0xff : 0);
        }
        while (sum >>> 16 != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) sum;
    }
}
