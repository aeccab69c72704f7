package io.motenet.ip.internal.wire;

import io.motenet.link.MacAddress;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.motenet.ip.internal.wire.WireException.Reason;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class ArpPacketTest {
    static final MacAddress A = MacAddress.parse("02:00:00:00:01:02");
    static final MacAddress R = MacAddress.parse("02:00:00:00:01:01");

    private static ByteBuffer arp(String capture, int index) {
        return EthernetFrame.parse(Captures.frame(capture, index)).payload();
    }

    @Test
    void parsesCapturedRequestAndReply() {
        // captures/arp.txt: ip netns exec capA ping -c1 10.99.1.1 (who-has 10.99.1.1 tell 10.99.1.2)
        assertEquals(new ArpPacket(ArpPacket.REQUEST, A, Ipv4Address.parse("10.99.1.2"), MacAddress.ZERO,
                Ipv4Address.parse("10.99.1.1")), ArpPacket.parse(arp("arp", 0)));
        assertEquals(new ArpPacket(ArpPacket.REPLY, R, Ipv4Address.parse("10.99.1.1"), A,
                Ipv4Address.parse("10.99.1.2")), ArpPacket.parse(arp("arp", 1)));
    }

    @Test
    void emitsTheCapturedBytes() {
        for (int i = 0; i < 2; i++) {
            ByteBuffer wire = arp("arp", i);
            ByteBuffer out = ByteBuffer.allocate(28);
            ArpPacket.parse(wire).emit(out);
            assertArrayEquals(Captures.toArray(wire), out.array());
        }
    }

    @Test
    void gratuitousArpFromArpingMatchesOurAnnouncementExceptTargetMac() {
        // captures/garp.txt: arping -U -c1 -I vA 10.99.1.2 ; arping puts ff:ff:.. as target MAC,
        // RFC 5227 announcements use zeros; both have sender IP == target IP.
        ArpPacket p = ArpPacket.parse(arp("garp", 0));
        assertEquals(p.senderIp(), p.targetIp());
        assertEquals(MacAddress.BROADCAST, p.targetMac());
        ArpPacket ours = ArpPacket.announcement(A, Ipv4Address.parse("10.99.1.2"));
        assertEquals(p.senderIp(), ours.targetIp());
    }

    @Test
    void refusesHostileVariants() {
        ByteBuffer good = arp("arp", 0);
        assertEquals(Reason.TRUNCATED, assertThrows(WireException.class,
                () -> ArpPacket.parse(good.slice(0, 27))).reason());
        ByteBuffer hlen = Captures.copy(good);
        hlen.put(4, (byte) 8);
        assertEquals(Reason.UNSUPPORTED, assertThrows(WireException.class, () -> ArpPacket.parse(hlen)).reason());
        ByteBuffer op = Captures.copy(good);
        op.putShort(6, (short) 3); // RARP request
        assertEquals(Reason.BAD_FIELD, assertThrows(WireException.class, () -> ArpPacket.parse(op)).reason());
        ByteBuffer ptype = Captures.copy(good);
        ptype.putShort(2, (short) 0x86dd);
        assertEquals(Reason.UNSUPPORTED, assertThrows(WireException.class, () -> ArpPacket.parse(ptype)).reason());
    }
}
