package io.motenet.net;

import java.net.Inet4Address;
import java.util.List;
import java.util.Map;

/**
 * An interface as it is now: what {@code net:ifconfig} shows.
 *
 * @param mac          MAC address in {@code 02:00:00:00:00:01} form
 * @param linkUp       true when a device of this name is bound and its link is up
 * @param address      the address in use, or null (none configured, DHCP not yet bound)
 * @param prefixLength its prefix length, or -1
 * @param gateway      the default gateway through this interface, or null
 * @param lease        the DHCP lease, or null (static, or no lease yet)
 * @param counters     packet counters by name, sorted ({@code rx.frames}, {@code rx.drop.bad_checksum}, ...)
 */
public record InterfaceInfo(String name, InterfaceConfig.Mode mode, String mac, int mtu, boolean linkUp,
        Inet4Address address, int prefixLength, Inet4Address gateway, List<Inet4Address> dnsServers, LeaseInfo lease,
        Map<String, Long> counters) {

    public InterfaceInfo {
        dnsServers = List.copyOf(dnsServers);
        counters = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(counters)); // sorted by name
    }
}
