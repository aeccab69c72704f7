package io.motenet.ip.internal.wire;

import io.motenet.ip.internal.wire.WireException.Reason;
import java.nio.ByteBuffer;

/** An ICMPv4 message (RFC 792, RFC 1191 for fragmentation-needed). */
public sealed interface IcmpMessage {
    int HEADER_LENGTH = 8;
    int TYPE_ECHO_REPLY = 0;
    int TYPE_DEST_UNREACHABLE = 3;
    int TYPE_ECHO_REQUEST = 8;
    int TYPE_TIME_EXCEEDED = 11;
    int CODE_NET_UNREACHABLE = 0;
    int CODE_HOST_UNREACHABLE = 1;
    int CODE_PROTOCOL_UNREACHABLE = 2;
    int CODE_PORT_UNREACHABLE = 3;
    int CODE_FRAG_NEEDED = 4;

    int type();

    int code();

    /** Echo request or reply: identifier, sequence number and the data to send back. */
    record Echo(boolean request, int identifier, int sequence, ByteBuffer data) implements IcmpMessage {
        @Override
        public int type() {
            return request ? TYPE_ECHO_REQUEST : TYPE_ECHO_REPLY;
        }

        @Override
        public int code() {
            return 0;
        }
    }

    /**
     * Destination unreachable or time exceeded: the code, the next-hop MTU (fragmentation
     * needed only, else 0) and the quoted start of the datagram that caused it.
     */
    record Error(int type, int code, int nextHopMtu, ByteBuffer quoted) implements IcmpMessage {
    }

    /** Any other type (redirect, timestamp, ...): recognised as valid ICMP and otherwise ignored. */
    record Other(int type, int code) implements IcmpMessage {
    }

    static IcmpMessage parse(ByteBuffer buf) {
        WireException.requireLength(buf, HEADER_LENGTH, "ICMP message");
        int p = buf.position();
        WireException.require(Checksum.verifies(Checksum.add(0, buf, p, buf.remaining())), Reason.BAD_CHECKSUM,
                "ICMP checksum");
        int type = buf.get(p) & 0xff;
        int code = buf.get(p + 1) & 0xff;
        ByteBuffer rest = buf.slice(p + HEADER_LENGTH, buf.remaining() - HEADER_LENGTH);
        return switch (type) {
            case TYPE_ECHO_REQUEST, TYPE_ECHO_REPLY -> new Echo(type == TYPE_ECHO_REQUEST,
                    buf.getShort(p + 4) & 0xffff, buf.getShort(p + 6) & 0xffff, rest);
            case TYPE_DEST_UNREACHABLE, TYPE_TIME_EXCEEDED -> {
                // RFC 792 quotes the IP header plus 64 bits of the datagram: fewer when it was shorter.
                WireException.requireLength(rest, Ipv4Packet.MIN_HEADER, "ICMP error quote");
                int mtu = type == TYPE_DEST_UNREACHABLE && code == CODE_FRAG_NEEDED ? buf.getShort(p + 6) & 0xffff : 0;
                yield new Error(type, code, mtu, rest);
            }
            default -> new Other(type, code);
        };
    }

    /** Writes an echo or error message with its checksum and advances. */
    static void emit(IcmpMessage message, ByteBuffer out) {
        int p = out.position();
        out.put((byte) message.type()).put((byte) message.code()).putShort((short) 0);
        switch (message) {
            case Echo e -> out.putShort((short) e.identifier()).putShort((short) e.sequence()).put(e.data().duplicate());
            case Error e -> out.putShort((short) 0).putShort((short) e.nextHopMtu()).put(e.quoted().duplicate());
            case Other o -> throw new IllegalArgumentException("cannot emit ICMP type " + o.type());
        }
        out.putShort(p + 2, (short) Checksum.of(out, p, out.position() - p));
    }

    /** Length on the wire of a message that {@link #emit} can write. */
    static int length(IcmpMessage message) {
        return HEADER_LENGTH + switch (message) {
            case Echo e -> e.data().remaining();
            case Error e -> e.quoted().remaining();
            case Other o -> 0;
        };
    }
}
