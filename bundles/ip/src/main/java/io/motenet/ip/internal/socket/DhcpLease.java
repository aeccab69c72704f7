package io.motenet.ip.internal.socket;

import io.motenet.ip.internal.wire.Ipv4Address;
import java.util.List;

/**
 * What a DHCP server granted, and when (in the caller's nanosecond time line) the timers run out.
 *
 * @param mtu      the interface MTU option (26), or -1 when the server gave none
 * @param hostname the host name option (12) from the server, or null
 */
public record DhcpLease(Ipv4Address address, int prefixLength, List<Ipv4Address> routers,
        List<Ipv4Address> dnsServers, Ipv4Address server, long leaseSeconds, int mtu, String hostname,
        long acquiredAt, long renewAt, long rebindAt, long expiresAt) {
    public DhcpLease {
        routers = List.copyOf(routers);
        dnsServers = List.copyOf(dnsServers);
    }

    /** True when address, mask, routers, DNS servers and MTU are all the same (timers aside). */
    public boolean sameConfiguration(DhcpLease o) {
        return o != null && address.equals(o.address) && prefixLength == o.prefixLength && routers.equals(o.routers)
                && dnsServers.equals(o.dnsServers) && mtu == o.mtu;
    }
}
