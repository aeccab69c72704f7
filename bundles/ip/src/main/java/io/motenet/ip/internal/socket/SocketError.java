package io.motenet.ip.internal.socket;

import io.motenet.ip.internal.wire.Ipv4Address;

/**
 * An error a socket learned: from an ICMP message a router or the peer sent back, or found
 * locally (the next hop never answered ARP).
 *
 * @param remote     the destination of the datagram that failed
 * @param remotePort its destination port (UDP), or the echo sequence number (ICMP echo)
 * @param reporter   who reported it: the router or host that sent the ICMP error; ourselves for local errors
 * @param mtu        the next-hop MTU for {@link Kind#FRAGMENTATION_NEEDED}, else 0
 */
public record SocketError(Kind kind, Ipv4Address remote, int remotePort, Ipv4Address reporter, int mtu) {
    public enum Kind {
        NET_UNREACHABLE, HOST_UNREACHABLE, PROTOCOL_UNREACHABLE, PORT_UNREACHABLE, FRAGMENTATION_NEEDED,
        DESTINATION_UNREACHABLE, TIME_EXCEEDED, NO_ROUTE, MESSAGE_TOO_LONG
    }

    /** The kind for an ICMP destination-unreachable code (RFC 792, RFC 1122 3.2.2.1). */
    public static Kind ofUnreachableCode(int code) {
        return switch (code) {
            case 0, 6, 9, 11 -> Kind.NET_UNREACHABLE;
            case 1, 7, 10, 12 -> Kind.HOST_UNREACHABLE;
            case 2 -> Kind.PROTOCOL_UNREACHABLE;
            case 3 -> Kind.PORT_UNREACHABLE;
            case 4 -> Kind.FRAGMENTATION_NEEDED;
            default -> Kind.DESTINATION_UNREACHABLE;
        };
    }
}
