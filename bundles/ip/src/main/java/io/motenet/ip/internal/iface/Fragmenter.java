package io.motenet.ip.internal.iface;

import io.motenet.ip.internal.wire.Ipv4Packet;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Splits an IPv4 datagram into fragments that fit an MTU (RFC 791 section 3.2). */
public final class Fragmenter {
    private Fragmenter() {
    }

    /**
     * The fragments of {@code datagram} for a link of {@code mtu} bytes (the datagram itself if
     * it fits). Payloads are views of the original buffer, not copies.
     *
     * @throws IllegalArgumentException if it does not fit and has DF set, or the MTU is below 68
     */
    public static List<Ipv4Packet> fragment(Ipv4Packet datagram, int mtu) {
        if (mtu < 68) {
            throw new IllegalArgumentException("MTU " + mtu + " is below the IPv4 minimum of 68");
        }
        ByteBuffer payload = datagram.payload();
        if (payload.remaining() + Ipv4Packet.MIN_HEADER <= mtu) {
            return List.of(datagram);
        }
        if (datagram.dontFragment()) {
            throw new IllegalArgumentException("datagram of " + datagram.totalLength()
                    + " bytes exceeds MTU " + mtu + " and may not be fragmented");
        }
        int chunk = (mtu - Ipv4Packet.MIN_HEADER) & ~7; // every fragment but the last: multiple of 8
        List<Ipv4Packet> out = new ArrayList<>();
        int base = datagram.fragmentOffset(); // re-fragmenting a fragment keeps its place
        for (int off = 0; off < payload.remaining(); off += chunk) {
            int len = Math.min(chunk, payload.remaining() - off);
            boolean last = off + len == payload.remaining();
            out.add(new Ipv4Packet(datagram.tos(), datagram.identification(), false,
                    !last || datagram.moreFragments(), base + off, datagram.ttl(), datagram.protocol(),
                    datagram.src(), datagram.dst(), payload.slice(payload.position() + off, len)));
        }
        return out;
    }
}
