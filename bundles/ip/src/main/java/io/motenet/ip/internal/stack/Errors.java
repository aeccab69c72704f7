package io.motenet.ip.internal.stack;

import io.motenet.ip.internal.socket.SocketError;
import io.motenet.net.UnreachableException;

/** Turns the core's socket errors into the API's exceptions. */
final class Errors {
    private Errors() {
    }

    static UnreachableException toException(SocketError e) {
        UnreachableException.Reason r = switch (e.kind()) {
            case NET_UNREACHABLE -> UnreachableException.Reason.NET_UNREACHABLE;
            case HOST_UNREACHABLE -> UnreachableException.Reason.HOST_UNREACHABLE;
            case PROTOCOL_UNREACHABLE -> UnreachableException.Reason.PROTOCOL_UNREACHABLE;
            case PORT_UNREACHABLE -> UnreachableException.Reason.PORT_UNREACHABLE;
            case FRAGMENTATION_NEEDED -> UnreachableException.Reason.FRAGMENTATION_NEEDED;
            case TIME_EXCEEDED -> UnreachableException.Reason.TIME_EXCEEDED;
            case NO_ROUTE, MESSAGE_TOO_LONG -> UnreachableException.Reason.NO_ROUTE;
            case DESTINATION_UNREACHABLE -> UnreachableException.Reason.DESTINATION_UNREACHABLE;
        };
        return new UnreachableException(r, e.remote() == null ? null : e.remote().toInetAddress(), e.remotePort(),
                e.reporter() == null ? null : e.reporter().toInetAddress(), e.mtu());
    }
}
