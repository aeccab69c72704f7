package io.motenet.ip.internal.wire;

import io.motenet.ip.internal.wire.WireException.Reason;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP segment (RFC 9293 3.1): header fields, options and the payload as a view. The checksum
 * covers the IPv4 pseudo-header, so parse and emit take the enclosing addresses. Sequence and
 * acknowledgment numbers are kept as Java ints and compared modulo 2^32 by the socket layer.
 */
public record TcpSegment(int srcPort, int dstPort, int seq, int ack, int flags, int window, int urgentPointer,
        TcpOptions options, ByteBuffer payload) {
    public static final int MIN_HEADER = 20;
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;
    public static final int ECE = 0x40;
    public static final int CWR = 0x80;

    /** Parses and verifies the checksum against the addresses of the enclosing IPv4 header. */
    public static TcpSegment parse(ByteBuffer buf, Ipv4Address src, Ipv4Address dst) {
        return parse(buf, src, dst, true);
    }

    /**
     * Parses; {@code verifyChecksum} false when the device already verified it (receive checksum offload, see
     * {@code NetworkDevice.maxOffloadPacket()}).
     */
    public static TcpSegment parse(ByteBuffer buf, Ipv4Address src, Ipv4Address dst, boolean verifyChecksum) {
        WireException.requireLength(buf, MIN_HEADER, "TCP header");
        int p = buf.position();
        int length = buf.remaining();
        int dataOffset = ((buf.get(p + 12) & 0xff) >>> 4) * 4;
        WireException.require(dataOffset >= MIN_HEADER, Reason.BAD_LENGTH, "TCP data offset ", dataOffset);
        WireException.require(dataOffset <= length, Reason.TRUNCATED, "TCP data offset %d with %d bytes present",
                dataOffset, length);
        if (verifyChecksum) {
            int sum = Checksum.add(Checksum.pseudoHeader(src, dst, Ipv4Packet.PROTO_TCP, length), buf, p, length);
            WireException.require(Checksum.verifies(sum), Reason.BAD_CHECKSUM, "TCP checksum");
        }
        TcpOptions options = parseOptions(buf, p + MIN_HEADER, p + dataOffset);
        return new TcpSegment(buf.getShort(p) & 0xffff, buf.getShort(p + 2) & 0xffff, buf.getInt(p + 4),
                buf.getInt(p + 8), buf.get(p + 13) & 0xff, buf.getShort(p + 14) & 0xffff,
                buf.getShort(p + 18) & 0xffff, options, buf.slice(p + dataOffset, length - dataOffset));
    }

    /** Reads only the ports and sequence number, as an ICMP error quotes them. */
    public static int[] quotedPortsAndSeq(ByteBuffer buf) {
        WireException.requireLength(buf, 8, "quoted TCP header");
        int p = buf.position();
        return new int[] {buf.getShort(p) & 0xffff, buf.getShort(p + 2) & 0xffff, buf.getInt(p + 4)};
    }

    /**
     * Options from {@code from} to {@code to} (absolute). A length that is below two or runs past
     * the header refuses the segment (RFC 9293 3.1 asks to handle it without crashing); a known
     * option with a wrong length is ignored, as Linux does; unknown kinds are skipped by length.
     */
    static TcpOptions parseOptions(ByteBuffer buf, int from, int to) {
        int mss = -1;
        int ws = -1;
        boolean sackOk = false;
        boolean ts = false;
        int tsVal = 0;
        int tsEcr = 0;
        List<TcpOptions.SackBlock> sack = List.of();
        int i = from;
        while (i < to) {
            int kind = buf.get(i) & 0xff;
            if (kind == 0) {
                break; // end of option list
            }
            if (kind == 1) {
                i++;
                continue;
            }
            WireException.require(i + 1 < to, Reason.BAD_OPTION, "TCP option without a length: ", kind);
            int len = buf.get(i + 1) & 0xff;
            if (len < 2 || i + len > to) { // the message is built only on failure: options are parsed per segment
                throw new WireException(Reason.BAD_OPTION,
                        "TCP option " + kind + " length " + len + " at " + (i - from) + " of " + (to - from));
            }
            switch (kind) {
                case 2 -> {
                    if (len == 4) {
                        mss = buf.getShort(i + 2) & 0xffff;
                    }
                }
                case 3 -> {
                    if (len == 3) {
                        ws = Math.min(buf.get(i + 2) & 0xff, TcpOptions.MAX_WINDOW_SCALE);
                    }
                }
                case 4 -> sackOk |= len == 2;
                case 5 -> {
                    if ((len - 2) % 8 == 0 && len > 2) {
                        List<TcpOptions.SackBlock> blocks = new ArrayList<>();
                        for (int b = i + 2; b < i + len; b += 8) {
                            blocks.add(new TcpOptions.SackBlock(buf.getInt(b), buf.getInt(b + 4)));
                        }
                        sack = blocks;
                    }
                }
                case 8 -> {
                    if (len == 10) {
                        ts = true;
                        tsVal = buf.getInt(i + 2);
                        tsEcr = buf.getInt(i + 6);
                    }
                }
                default -> { } // unknown: skipped by its length
            }
            i += len;
        }
        return new TcpOptions(mss, ws, sackOk, ts, tsVal, tsEcr, sack);
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    public int headerLength() {
        return MIN_HEADER + options.length();
    }

    public int length() {
        return headerLength() + payload.remaining();
    }

    /** Sequence space the segment occupies: its data plus one each for SYN and FIN. */
    public int sequenceLength() {
        return payload.remaining() + (has(SYN) ? 1 : 0) + (has(FIN) ? 1 : 0);
    }

    /**
     * Writes a header with options and a zero checksum, and advances: the caller writes the
     * payload after it and then the checksum at offset 16 (the transmit fast path, which copies
     * the payload from the send ring straight into the frame).
     */
    public static void emitHeader(ByteBuffer out, int srcPort, int dstPort, int seq, int ack, int flags, int window,
            TcpOptions options) {
        int hl = MIN_HEADER + options.length();
        out.putShort((short) srcPort).putShort((short) dstPort).putInt(seq).putInt(ack)
                .put((byte) ((hl / 4) << 4)).put((byte) flags).putShort((short) window).putShort((short) 0)
                .putShort((short) 0);
        options.emit(out);
    }

    /** Writes header, options and payload with the checksum, and advances. */
    public void emit(ByteBuffer out, Ipv4Address src, Ipv4Address dst) {
        int p = out.position();
        int hl = headerLength();
        out.putShort((short) srcPort).putShort((short) dstPort).putInt(seq).putInt(ack)
                .put((byte) ((hl / 4) << 4)).put((byte) flags).putShort((short) window).putShort((short) 0)
                .putShort((short) urgentPointer);
        options.emit(out);
        out.put(payload.duplicate());
        int len = out.position() - p;
        out.putShort(p + 16, (short) Checksum.finish(
                Checksum.add(Checksum.pseudoHeader(src, dst, Ipv4Packet.PROTO_TCP, len), out, p, len)));
    }

    @Override
    public String toString() {
        StringBuilder f = new StringBuilder();
        String names = "FSRPAUEC";
        for (int b = 0; b < 8; b++) {
            if ((flags & (1 << b)) != 0) {
                f.append(names.charAt(b));
            }
        }
        return srcPort + ">" + dstPort + " [" + f + "] seq " + Integer.toUnsignedString(seq) + " ack "
                + Integer.toUnsignedString(ack) + " win " + window + " len " + payload.remaining() + " " + options;
    }
}
