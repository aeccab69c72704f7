package io.motenet.driver.vswitch.internal;

import java.nio.ByteBuffer;

import io.motenet.link.MacAddress;

final class Frames {
    private Frames() {
    }

    /** An Ethernet frame dst, src, EtherType 0x88b5 (local experimental) and a payload of {@code payload} bytes valued {@code tag}. */
    static ByteBuffer frame(MacAddress dst, MacAddress src, int payload, int tag) {
        ByteBuffer b = ByteBuffer.allocate(14 + payload);
        dst.write(b, 0);
        src.write(b, 6);
        b.putShort(12, (short) 0x88b5);
        for (int i = 14; i < b.limit(); i++) {
            b.put(i, (byte) tag);
        }
        return b;
    }
}
