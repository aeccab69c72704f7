package io.motenet.ip.internal.sim;

import io.motenet.ip.internal.wire.EthernetFrame;
import io.motenet.ip.internal.wire.Ipv4Address;
import io.motenet.ip.internal.wire.Ipv4Packet;
import io.motenet.ip.internal.wire.TcpSegment;
import io.motenet.ip.internal.wire.WireException;
import io.motenet.link.NetworkDevice;
import io.motenet.link.internal.support.VirtualScheduler;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A device decorator for tests: records every TCP segment a host sends and receives, with the
 * simulated time, and can drop segments chosen by a predicate.
 */
final class Sniffer extends WrappingDevice {
    record Seen(long at, boolean out, Ipv4Address src, Ipv4Address dst, TcpSegment seg) {
        int len() {
            return seg.payload().remaining();
        }

        boolean pureAck() {
            return seg.flags() == TcpSegment.ACK && len() == 0;
        }
    }

    private final VirtualScheduler clock;
    final List<Seen> seen = new ArrayList<>();
    Predicate<Seen> dropOut = s -> false;
    Predicate<Seen> dropIn = s -> false;

    Sniffer(NetworkDevice inner, VirtualScheduler clock) {
        super(inner);
        this.clock = clock;
    }

    List<Seen> out() {
        return seen.stream().filter(Seen::out).toList();
    }

    List<Seen> in() {
        return seen.stream().filter(s -> !s.out()).toList();
    }

    void clear() {
        seen.clear();
    }

    private Seen record(ByteBuffer frame, boolean out) {
        ByteBuffer copy = ByteBuffer.allocate(frame.remaining()).put(frame.duplicate()).flip();
        try {
            EthernetFrame eth = EthernetFrame.parse(copy);
            if (eth.etherType() != EthernetFrame.ETHERTYPE_IPV4) {
                return null;
            }
            Ipv4Packet ip = Ipv4Packet.parse(eth.payload());
            if (ip.protocol() != Ipv4Packet.PROTO_TCP) {
                return null;
            }
            Seen s = new Seen(clock.nanoTime(), out, ip.src(), ip.dst(), TcpSegment.parse(ip.payload(), ip.src(), ip.dst()));
            seen.add(s);
            return s;
        } catch (WireException e) {
            return null; // corrupted: the stack will count it
        }
    }

    @Override
    public boolean transmit(ByteBuffer frame) {
        Seen s = record(frame, true);
        if (s != null && dropOut.test(s)) {
            return true;
        }
        return inner.transmit(frame);
    }

    @Override
    protected boolean accept(ByteBuffer frame) {
        Seen s = record(frame, false);
        return s == null || !dropIn.test(s);
    }
}
