package io.motenet.ip.internal.wire;

import io.motenet.link.MacAddress;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.motenet.ip.internal.wire.WireException.Reason;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EthernetFrameTest {
    // ip netns exec capA ping -c1 -W1 -s 24 -p 6d6f74656e6574 10.99.1.1
    // captured with: ip netns exec capA tcpdump -i vA -xx -n (captures/capture.sh)
    static final ByteBuffer PING = Captures.hex("""
            0200 0000 0101 0200 0000 0102 0800 4500
            0034 dd69 4000 4001 4697 0a63 0102 0a63
            0101 0800 07da 2b46 0001 619c 086b 0000
            0000 8c2a 0800 0000 0000 7465 6e65 746d
            6f74""");

    @Test
    void parsesCapturedFrame() {
        EthernetFrame f = EthernetFrame.parse(PING);
        assertEquals(MacAddress.parse("02:00:00:00:01:01"), f.dst());
        assertEquals(MacAddress.parse("02:00:00:00:01:02"), f.src());
        assertEquals(EthernetFrame.ETHERTYPE_IPV4, f.etherType());
        assertEquals(-1, f.vlanId());
        assertEquals(PING.remaining() - 14, f.payload().remaining());
        assertEquals(0x45, f.payload().get(0));
    }

    @Test
    void emitsTheSameBytes() {
        EthernetFrame f = EthernetFrame.parse(PING);
        ByteBuffer out = ByteBuffer.allocate(100);
        f.emit(out);
        assertEquals(PING.remaining(), out.position()); // 66 bytes: no padding needed
        assertArrayEquals(Captures.toArray(PING), Arrays.copyOf(out.array(), out.position()));
    }

    @Test
    void shortFrameIsPaddedTo60() {
        EthernetFrame arp = EthernetFrame.parse(Captures.frame("arp", 0)); // 42 bytes captured at the sender
        ByteBuffer out = ByteBuffer.allocate(100);
        arp.emit(out);
        assertEquals(60, out.position());
    }

    /**
     * The kernel here has no 8021q module, so no tagged frame could be captured: this is the
     * captured ping above with an 802.1Q tag (TPID 8100, PCP 5, VID 10 = TCI a00a) inserted by hand.
     */
    @Test
    void toleratesVlanTag() {
        byte[] plain = Captures.toArray(PING);
        ByteBuffer tagged = ByteBuffer.allocate(plain.length + 4);
        tagged.put(plain, 0, 12).putShort((short) 0x8100).putShort((short) 0xa00a).put(plain, 12, plain.length - 12);
        tagged.flip();
        EthernetFrame f = EthernetFrame.parse(tagged);
        assertEquals(10, f.vlanId());
        assertEquals(EthernetFrame.ETHERTYPE_IPV4, f.etherType());
        assertEquals(EthernetFrame.parse(PING).payload(), f.payload());
        ByteBuffer out = ByteBuffer.allocate(100);
        f.emit(out);
        assertArrayEquals(tagged.array(), Arrays.copyOf(out.array(), out.position()));
    }

    @Test
    void refusesTruncatedAndLlc() {
        assertEquals(Reason.TRUNCATED, assertThrows(WireException.class,
                () -> EthernetFrame.parse(PING.slice(0, 13))).reason());
        ByteBuffer tagOnly = Captures.hex("ffffffffffff 020000000102 8100 00");
        assertEquals(Reason.TRUNCATED, assertThrows(WireException.class, () -> EthernetFrame.parse(tagOnly)).reason());
        ByteBuffer llc = Captures.copy(PING);
        llc.putShort(12, (short) 0x0026); // an 802.3 length, as STP frames carry
        assertEquals(Reason.UNSUPPORTED, assertThrows(WireException.class, () -> EthernetFrame.parse(llc)).reason());
    }
}
