package io.motenet.link.internal.fault;

import java.nio.ByteBuffer;

import io.motenet.link.LinkState;
import io.motenet.link.MacAddress;
import io.motenet.link.internal.support.AbstractDevice;

/** A cable: what one end sends, the other end receives at once. Enough medium for decorator tests. */
final class Wire {
    final End a = new End("a", MacAddress.parse("02:00:00:00:00:0a"));
    final End b = new End("b", MacAddress.parse("02:00:00:00:00:0b"));

    Wire() {
        a.peer = b;
        b.peer = a;
    }

    static final class End extends AbstractDevice {
        End peer;

        End(String name, MacAddress mac) {
            super(name, mac, 1500, LinkState.UP);
        }

        @Override
        protected boolean send(ByteBuffer frame) {
            peer.deliver(frame);
            peer.slot.endOfBatch();
            return true;
        }
    }
}
