package io.motenet.ip.internal.wire;

import io.motenet.link.MacAddress;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.motenet.ip.internal.wire.WireException.Reason;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** captures/dhcp.txt: busybox udhcpc (client) against dnsmasq (server), both real. */
class DhcpMessageTest {
    static final MacAddress CLIENT = MacAddress.parse("02:00:00:00:01:02");
    static final Ipv4Address SERVER = Ipv4Address.parse("10.99.1.1");

    static ByteBuffer dhcp(int index) {
        Ipv4Packet ip = Ipv4Packet.parse(Ipv4PacketTest.ip("dhcp", index));
        return UdpDatagram.parse(ip.payload(), ip.src(), ip.dst()).payload();
    }

    @Test
    void parsesDiscoverFromUdhcpc() {
        DhcpMessage m = DhcpMessage.parse(dhcp(0));
        assertEquals(DhcpMessage.BOOTREQUEST, m.op());
        assertEquals(DhcpMessage.DISCOVER, m.messageType());
        assertEquals(CLIENT, m.chaddr());
        assertEquals("mote", m.hostname());
        assertTrue(m.parameterRequestList().length > 0);
    }

    @Test
    void parsesOfferFromDnsmasq() {
        DhcpMessage offer = DhcpMessage.parse(dhcp(1));
        DhcpMessage discover = DhcpMessage.parse(dhcp(0));
        assertEquals(DhcpMessage.BOOTREPLY, offer.op());
        assertEquals(DhcpMessage.OFFER, offer.messageType());
        assertEquals(discover.xid(), offer.xid());
        assertEquals(0x05d7376c, offer.xid());
        assertEquals(Ipv4Address.parse("10.99.1.51"), offer.yiaddr());
        assertEquals(SERVER, offer.serverId());
        assertEquals(120, offer.leaseTime());
        assertEquals(60, offer.renewalTime());
        assertEquals(105, offer.rebindingTime());
        assertEquals(Ipv4Address.parse("255.255.255.0"), offer.subnetMask());
        assertEquals(List.of(SERVER), offer.routers());
        assertEquals(List.of(Ipv4Address.parse("10.99.1.53")), offer.dnsServers());
        assertEquals(-1, offer.mtu()); // not asked for by udhcpc, so not sent
    }

    @Test
    void parsesRequestAndAck() {
        DhcpMessage request = DhcpMessage.parse(dhcp(2));
        assertEquals(DhcpMessage.REQUEST, request.messageType());
        assertEquals(Ipv4Address.parse("10.99.1.51"), request.requestedIp());
        assertEquals(SERVER, request.serverId());
        DhcpMessage ack = DhcpMessage.parse(dhcp(3));
        assertEquals(DhcpMessage.ACK, ack.messageType());
        assertEquals(request.xid(), ack.xid());
        assertEquals(Ipv4Address.parse("10.99.1.51"), ack.yiaddr());
        assertNull(ack.message());
    }

    @Test
    void emitThenParseKeepsEveryField() {
        for (int i = 0; i < 4; i++) {
            DhcpMessage m = DhcpMessage.parse(dhcp(i));
            ByteBuffer out = ByteBuffer.allocate(m.maxLength());
            m.emit(out);
            out.flip();
            DhcpMessage again = DhcpMessage.parse(out);
            assertEquals(m.toString().replaceAll("\\[B@\\w+", ""), again.toString().replaceAll("\\[B@\\w+", ""));
            assertTrue(out.remaining() >= 300);
        }
    }

    /**
     * dnsmasq's offer rewritten as a server short of room sends it (RFC 2131 4.1): the options field keeps the
     * message type, server id and option overload, the rest goes on in 'file' (overload 1) and 'sname' (2).
     */
    @Test
    void readsOptionsOverloadedIntoFileAndSname() {
        ByteBuffer offer = overloaded(3, HexFormat.of().parseHex("0304" + "0a630101" + "0604" + "0a630135" + "0104" + "ffffff00"
                + "3304" + "00000078" + "ff"), HexFormat.of().parseHex("3a04" + "0000003c" + "3b04" + "00000069" + "ff"));
        DhcpMessage m = DhcpMessage.parse(offer);
        assertEquals(DhcpMessage.OFFER, m.messageType());
        assertEquals(SERVER, m.serverId());
        assertEquals(List.of(SERVER), m.routers(), "from 'file'");
        assertEquals(List.of(Ipv4Address.parse("10.99.1.53")), m.dnsServers());
        assertEquals(Ipv4Address.parse("255.255.255.0"), m.subnetMask());
        assertEquals(120, m.leaseTime());
        assertEquals(60, m.renewalTime(), "from 'sname'");
        assertEquals(105, m.rebindingTime());

        DhcpMessage fileOnly = DhcpMessage.parse(overloaded(1, HexFormat.of().parseHex("0304" + "0a630101" + "ff"),
                HexFormat.of().parseHex("3a04" + "0000003c" + "ff")));
        assertEquals(List.of(SERVER), fileOnly.routers());
        assertEquals(-1, fileOnly.renewalTime(), "'sname' is a server name unless overload says otherwise");

        // an option in 'file' that runs past the field's 128 octets
        byte[] runaway = new byte[128];
        runaway[126] = 3;
        runaway[127] = 4;
        assertEquals(Reason.TRUNCATED, reason(overloaded(1, runaway, new byte[0])));
        assertEquals(Reason.BAD_OPTION, reason(overloaded(4, new byte[] {(byte) 0xff}, new byte[0])));
    }

    /** The captured offer with its options replaced: type, server id, overload {@code value}; then 'file' and 'sname'. */
    private static ByteBuffer overloaded(int value, byte[] file, byte[] sname) {
        ByteBuffer b = Captures.copy(dhcp(1));
        byte[] fixed = new byte[240];
        b.get(0, fixed);
        ByteBuffer out = ByteBuffer.allocate(300);
        out.put(fixed);
        out.put(HexFormat.of().parseHex("350102" + "3604" + "0a630101" + "3401")).put((byte) value).put((byte) 0xff);
        for (int i = 0; i < 128; i++) {
            out.put(108 + i, i < file.length ? file[i] : 0);
        }
        for (int i = 0; i < 64; i++) {
            out.put(44 + i, i < sname.length ? sname[i] : 0);
        }
        return out.position(0).limit(300);
    }

    @Test
    void refusesHostileVariants() {
        ByteBuffer good = dhcp(1);
        assertEquals(Reason.TRUNCATED, reason(good.slice(0, 239)));
        ByteBuffer cookie = Captures.copy(good);
        cookie.put(236, (byte) 0);
        assertEquals(Reason.BAD_FIELD, reason(cookie));
        ByteBuffer op = Captures.copy(good);
        op.put(0, (byte) 3);
        assertEquals(Reason.BAD_FIELD, reason(op));
        // option 53 at offset 240: its length byte says 200, running past the end
        ByteBuffer runaway = Captures.copy(good);
        runaway.put(241, (byte) 200);
        assertEquals(Reason.TRUNCATED, reason(runaway));
        // option 54 (server id) at 243 claims 3 bytes: a wrong length for an address
        ByteBuffer badLen = Captures.copy(good);
        badLen.put(244, (byte) 3);
        assertEquals(Reason.BAD_OPTION, reason(badLen));
        ByteBuffer badType = Captures.copy(good);
        badType.put(242, (byte) 42);
        assertEquals(Reason.BAD_OPTION, reason(badType));
        ByteBuffer noLength = Captures.copy(good).slice(0, 241); // option code, then the end of the buffer
        assertEquals(Reason.TRUNCATED, reason(noLength));
    }

    private static Reason reason(ByteBuffer b) {
        return assertThrows(WireException.class, () -> DhcpMessage.parse(b)).reason();
    }
}
