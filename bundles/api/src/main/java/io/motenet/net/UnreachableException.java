package io.motenet.net;

import java.net.Inet4Address;

/**
 * A destination could not be reached: an ICMP error came back (port or host unreachable,
 * fragmentation needed, time exceeded), the next hop never answered ARP, or there is no route.
 */
public class UnreachableException extends NetException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, named after the ICMP error (or local condition) that said so. */
    public enum Reason {
        NET_UNREACHABLE, HOST_UNREACHABLE, PROTOCOL_UNREACHABLE, PORT_UNREACHABLE, FRAGMENTATION_NEEDED,
        DESTINATION_UNREACHABLE, TIME_EXCEEDED, NO_ROUTE
    }

    private final Reason reason;
    private final transient Inet4Address destination;
    private final int port;
    private final transient Inet4Address reporter;
    private final int mtu;

    public UnreachableException(Reason reason, Inet4Address destination, int port, Inet4Address reporter, int mtu) {
        super(message(reason, destination, port, reporter, mtu));
        this.reason = reason;
        this.destination = destination;
        this.port = port;
        this.reporter = reporter;
        this.mtu = mtu;
    }

    private static String message(Reason reason, Inet4Address destination, int port, Inet4Address reporter, int mtu) {
        String what = reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        String to = destination == null ? "?" : destination.getHostAddress();
        return what + ": " + to + (port > 0 ? " port " + port : "")
                + (reporter != null ? " (reported by " + reporter.getHostAddress() + ")" : "")
                + (mtu > 0 ? ", next-hop MTU " + mtu : "");
    }

    public Reason reason() {
        return reason;
    }

    public Inet4Address destination() {
        return destination;
    }

    /** The destination port (UDP), the echo sequence number (ping), or 0. */
    public int port() {
        return port;
    }

    /** The router or host that sent the ICMP error; null for local findings. */
    public Inet4Address reporter() {
        return reporter;
    }

    /** The next-hop MTU of a fragmentation-needed error, else 0. */
    public int mtu() {
        return mtu;
    }
}
