package io.motenet.ip.internal.wire;

import io.motenet.link.MacAddress;
import io.motenet.ip.internal.wire.WireException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A DHCPv4 message (RFC 2131) with the options the client uses (RFC 2132). Options not listed
 * here are length checked and skipped. Absent options are {@code null} (addresses, text) or
 * -1 (numbers); absent lists are empty.
 */
public record DhcpMessage(int op, int xid, int secs, boolean broadcast, Ipv4Address ciaddr, Ipv4Address yiaddr,
        Ipv4Address siaddr, Ipv4Address giaddr, MacAddress chaddr, int messageType, Ipv4Address subnetMask,
        List<Ipv4Address> routers, List<Ipv4Address> dnsServers, long leaseTime, long renewalTime,
        long rebindingTime, Ipv4Address serverId, Ipv4Address requestedIp, int mtu, String hostname,
        byte[] parameterRequestList, String message) {
    public static final int SERVER_PORT = 67;
    public static final int CLIENT_PORT = 68;
    public static final int BOOTREQUEST = 1;
    public static final int BOOTREPLY = 2;
    public static final int DISCOVER = 1;
    public static final int OFFER = 2;
    public static final int REQUEST = 3;
    public static final int DECLINE = 4;
    public static final int ACK = 5;
    public static final int NAK = 6;
    public static final int RELEASE = 7;
    public static final int INFORM = 8;
    static final int MAGIC_COOKIE = 0x63825363;
    static final int OPTIONS_OFFSET = 240;
    /** RFC 1542: BOOTP relays may drop shorter messages, so requests are padded to this. */
    static final int MIN_LENGTH = 300;

    static final int OPT_PAD = 0;
    static final int OPT_SUBNET_MASK = 1;
    static final int OPT_ROUTER = 3;
    static final int OPT_DNS = 6;
    static final int OPT_HOSTNAME = 12;
    static final int OPT_MTU = 26;
    static final int OPT_REQUESTED_IP = 50;
    static final int OPT_LEASE_TIME = 51;
    static final int OPT_OVERLOAD = 52;
    static final int OVERLOAD_FILE = 1;
    static final int OVERLOAD_SNAME = 2;
    static final int SNAME_OFFSET = 44;
    static final int SNAME_LENGTH = 64;
    static final int FILE_OFFSET = 108;
    static final int FILE_LENGTH = 128;
    static final int OPT_MESSAGE_TYPE = 53;
    static final int OPT_SERVER_ID = 54;
    static final int OPT_PARAMETER_LIST = 55;
    static final int OPT_MESSAGE = 56;
    static final int OPT_MAX_SIZE = 57;
    static final int OPT_RENEWAL_TIME = 58;
    static final int OPT_REBINDING_TIME = 59;
    static final int OPT_END = 255;

    public DhcpMessage {
        routers = List.copyOf(routers);
        dnsServers = List.copyOf(dnsServers);
    }

    public static DhcpMessage parse(ByteBuffer buf) {
        WireException.requireLength(buf, OPTIONS_OFFSET, "DHCP message");
        int p = buf.position();
        int op = buf.get(p) & 0xff;
        WireException.require(op == BOOTREQUEST || op == BOOTREPLY, Reason.BAD_FIELD, "BOOTP op " + op);
        WireException.require((buf.get(p + 1) & 0xff) == 1 && (buf.get(p + 2) & 0xff) == 6, Reason.UNSUPPORTED,
                "DHCP hardware type is not Ethernet");
        WireException.require(buf.getInt(p + 236) == MAGIC_COOKIE, Reason.BAD_FIELD, "no DHCP magic cookie");
        Builder b = new Builder(op, buf.getInt(p + 4), MacAddress.read(buf, p + 28));
        b.secs = buf.getShort(p + 8) & 0xffff;
        b.broadcast = (buf.getShort(p + 10) & 0x8000) != 0;
        b.ciaddr = new Ipv4Address(buf.getInt(p + 12));
        b.yiaddr = new Ipv4Address(buf.getInt(p + 16));
        b.siaddr = new Ipv4Address(buf.getInt(p + 20));
        b.giaddr = new Ipv4Address(buf.getInt(p + 24));
        int overload = options(buf, p + OPTIONS_OFFSET, buf.limit(), "options", b);
        // A server short of room may go on in the 'file' and then the 'sname' field (RFC 2131 4.1, RFC 2132 9.3)
        if ((overload & OVERLOAD_FILE) != 0) {
            options(buf, p + FILE_OFFSET, p + FILE_OFFSET + FILE_LENGTH, "'file' field", b);
        }
        if ((overload & OVERLOAD_SNAME) != 0) {
            options(buf, p + SNAME_OFFSET, p + SNAME_OFFSET + SNAME_LENGTH, "'sname' field", b);
        }
        return b.build();
    }

    /**
     * Reads the options in {@code [from, end)} of {@code buf} into {@code b}, up to an END option or the end of the
     * area; returns the option overload value (52) found there, 0 without one. Option 52 counts only in the
     * options field itself; in an overloaded field it is skipped.
     */
    private static int options(ByteBuffer buf, int from, int end, String area, Builder b) {
        int overload = 0;
        int i = from;
        while (i < end) {
            int code = buf.get(i) & 0xff;
            if (code == OPT_PAD) {
                i++;
                continue;
            }
            if (code == OPT_END) {
                break;
            }
            WireException.require(i + 1 < end, Reason.TRUNCATED, "DHCP option " + code + " without length in the " + area);
            int len = buf.get(i + 1) & 0xff;
            WireException.require(i + 2 + len <= end, Reason.TRUNCATED,
                    "DHCP option " + code + " of length " + len + " runs past the " + area);
            if (code == OPT_OVERLOAD) {
                WireException.require(len == 1, Reason.BAD_OPTION, "DHCP option overload of length " + len);
                int v = buf.get(i + 2) & 0xff;
                WireException.require(v >= 1 && v <= 3, Reason.BAD_OPTION, "DHCP option overload value " + v);
                if (area.equals("options")) {
                    overload = v;
                }
            } else {
                b.option(code, buf.slice(i + 2, len));
            }
            i += 2 + len;
        }
        return overload;
    }

    /** Writes the message (fixed part, cookie, options, end, padding to 300 bytes) and advances. */
    public void emit(ByteBuffer out) {
        int start = out.position();
        out.put((byte) op).put((byte) 1).put((byte) 6).put((byte) 0).putInt(xid).putShort((short) secs)
                .putShort((short) (broadcast ? 0x8000 : 0)).putInt(ciaddr.bits()).putInt(yiaddr.bits())
                .putInt(siaddr.bits()).putInt(giaddr.bits()).put(chaddr.toBytes());
        out.put(new byte[10 + 64 + 128]); // rest of chaddr, sname, file
        out.putInt(MAGIC_COOKIE);
        if (messageType > 0) {
            out.put((byte) OPT_MESSAGE_TYPE).put((byte) 1).put((byte) messageType);
        }
        putAddress(out, OPT_SUBNET_MASK, subnetMask);
        putAddresses(out, OPT_ROUTER, routers);
        putAddresses(out, OPT_DNS, dnsServers);
        putText(out, OPT_HOSTNAME, hostname);
        if (mtu >= 0) {
            out.put((byte) OPT_MTU).put((byte) 2).putShort((short) mtu);
        }
        putAddress(out, OPT_REQUESTED_IP, requestedIp);
        putSeconds(out, OPT_LEASE_TIME, leaseTime);
        putAddress(out, OPT_SERVER_ID, serverId);
        if (parameterRequestList != null) {
            out.put((byte) OPT_PARAMETER_LIST).put((byte) parameterRequestList.length).put(parameterRequestList);
        }
        putText(out, OPT_MESSAGE, message);
        putSeconds(out, OPT_RENEWAL_TIME, renewalTime);
        putSeconds(out, OPT_REBINDING_TIME, rebindingTime);
        out.put((byte) OPT_END);
        while (out.position() - start < MIN_LENGTH) {
            out.put((byte) 0);
        }
    }

    /** An upper bound of what {@link #emit} writes, for sizing a buffer. */
    public int maxLength() {
        return Math.max(MIN_LENGTH, OPTIONS_OFFSET + 3 + 6 * 3 + 2 + 4 * (routers.size() + dnsServers.size())
                + 4 + 2 * 255 + 4 + 6 * 5 + 2 + (parameterRequestList == null ? 0 : parameterRequestList.length) + 1);
    }

    private static void putAddress(ByteBuffer out, int code, Ipv4Address a) {
        if (a != null) {
            out.put((byte) code).put((byte) 4).putInt(a.bits());
        }
    }

    private static void putAddresses(ByteBuffer out, int code, List<Ipv4Address> list) {
        if (!list.isEmpty()) {
            out.put((byte) code).put((byte) (4 * list.size()));
            list.forEach(a -> out.putInt(a.bits()));
        }
    }

    private static void putText(ByteBuffer out, int code, String text) {
        if (text != null) {
            byte[] b = text.getBytes(StandardCharsets.US_ASCII);
            out.put((byte) code).put((byte) Math.min(255, b.length)).put(b, 0, Math.min(255, b.length));
        }
    }

    private static void putSeconds(ByteBuffer out, int code, long seconds) {
        if (seconds >= 0) {
            out.put((byte) code).put((byte) 4).putInt((int) seconds);
        }
    }

    /** Collects fields while parsing, and builds client messages with only what they need. */
    public static final class Builder {
        final int op;
        final int xid;
        final MacAddress chaddr;
        int secs;
        boolean broadcast;
        Ipv4Address ciaddr = Ipv4Address.UNSPECIFIED;
        Ipv4Address yiaddr = Ipv4Address.UNSPECIFIED;
        Ipv4Address siaddr = Ipv4Address.UNSPECIFIED;
        Ipv4Address giaddr = Ipv4Address.UNSPECIFIED;
        int messageType;
        Ipv4Address subnetMask;
        List<Ipv4Address> routers = List.of();
        List<Ipv4Address> dnsServers = List.of();
        long leaseTime = -1;
        long renewalTime = -1;
        long rebindingTime = -1;
        Ipv4Address serverId;
        Ipv4Address requestedIp;
        int mtu = -1;
        String hostname;
        byte[] parameterRequestList;
        String message;

        public Builder(int op, int xid, MacAddress chaddr) {
            this.op = op;
            this.xid = xid;
            this.chaddr = chaddr;
        }

        public Builder messageType(int type) {
            this.messageType = type;
            return this;
        }

        public Builder ciaddr(Ipv4Address a) {
            this.ciaddr = a;
            return this;
        }

        public Builder yiaddr(Ipv4Address a) {
            this.yiaddr = a;
            return this;
        }

        public Builder secs(int s) {
            this.secs = s;
            return this;
        }

        public Builder broadcast(boolean b) {
            this.broadcast = b;
            return this;
        }

        public Builder requestedIp(Ipv4Address a) {
            this.requestedIp = a;
            return this;
        }

        public Builder serverId(Ipv4Address a) {
            this.serverId = a;
            return this;
        }

        public Builder subnetMask(Ipv4Address a) {
            this.subnetMask = a;
            return this;
        }

        public Builder routers(List<Ipv4Address> a) {
            this.routers = a;
            return this;
        }

        public Builder dnsServers(List<Ipv4Address> a) {
            this.dnsServers = a;
            return this;
        }

        public Builder leaseTime(long t1, long t2, long lease) {
            this.renewalTime = t1;
            this.rebindingTime = t2;
            this.leaseTime = lease;
            return this;
        }

        public Builder mtu(int m) {
            this.mtu = m;
            return this;
        }

        public Builder hostname(String h) {
            this.hostname = h;
            return this;
        }

        public Builder message(String m) {
            this.message = m;
            return this;
        }

        public Builder parameterRequestList(byte[] codes) {
            this.parameterRequestList = codes.clone();
            return this;
        }

        public DhcpMessage build() {
            return new DhcpMessage(op, xid, secs, broadcast, ciaddr, yiaddr, siaddr, giaddr, chaddr, messageType,
                    subnetMask, routers, dnsServers, leaseTime, renewalTime, rebindingTime, serverId, requestedIp,
                    mtu, hostname, parameterRequestList, message);
        }

        void option(int code, ByteBuffer v) {
            int len = v.remaining();
            switch (code) {
                case OPT_MESSAGE_TYPE -> {
                    requireLen(code, len == 1);
                    messageType = v.get(0) & 0xff;
                    WireException.require(messageType >= DISCOVER && messageType <= INFORM, Reason.BAD_OPTION,
                            "DHCP message type " + messageType);
                }
                case OPT_SUBNET_MASK -> subnetMask = address(code, v);
                case OPT_SERVER_ID -> serverId = address(code, v);
                case OPT_REQUESTED_IP -> requestedIp = address(code, v);
                case OPT_ROUTER -> routers = addresses(code, v);
                case OPT_DNS -> dnsServers = addresses(code, v);
                case OPT_LEASE_TIME -> leaseTime = seconds(code, v);
                case OPT_RENEWAL_TIME -> renewalTime = seconds(code, v);
                case OPT_REBINDING_TIME -> rebindingTime = seconds(code, v);
                case OPT_MTU -> {
                    requireLen(code, len == 2);
                    mtu = v.getShort(0) & 0xffff;
                    WireException.require(mtu >= 68, Reason.BAD_OPTION, "DHCP MTU " + mtu + " below 68");
                }
                case OPT_HOSTNAME -> hostname = text(code, v);
                case OPT_MESSAGE -> message = text(code, v);
                case OPT_PARAMETER_LIST -> {
                    parameterRequestList = new byte[len];
                    v.get(0, parameterRequestList);
                }
                default -> {
                    // not used by the client: already length checked, skipped
                }
            }
        }

        private static void requireLen(int code, boolean ok) {
            WireException.require(ok, Reason.BAD_OPTION, "DHCP option " + code + " has a wrong length");
        }

        private static Ipv4Address address(int code, ByteBuffer v) {
            requireLen(code, v.remaining() == 4);
            return new Ipv4Address(v.getInt(0));
        }

        private static List<Ipv4Address> addresses(int code, ByteBuffer v) {
            requireLen(code, v.remaining() >= 4 && v.remaining() % 4 == 0);
            List<Ipv4Address> list = new ArrayList<>();
            for (int i = 0; i < v.remaining(); i += 4) {
                list.add(new Ipv4Address(v.getInt(i)));
            }
            return list;
        }

        private static long seconds(int code, ByteBuffer v) {
            requireLen(code, v.remaining() == 4);
            return v.getInt(0) & 0xffffffffL; // 0xffffffff means infinity; kept as is
        }

        private static String text(int code, ByteBuffer v) {
            requireLen(code, v.remaining() >= 1);
            byte[] b = new byte[v.remaining()];
            v.get(0, b);
            int n = b.length;
            while (n > 0 && b[n - 1] == 0) {
                n--; // some servers NUL-terminate text options
            }
            return new String(b, 0, n, StandardCharsets.US_ASCII);
        }
    }
}
