package io.motenet.net;

import java.net.Inet4Address;
import java.util.List;

/**
 * A change of the stack.
 *
 * @param kind          what changed
 * @param interfaceName the interface concerned
 * @param iface         the interface as it is now (null when it was removed)
 * @param dnsServers the stack's DNS servers after the change (as {@link NetworkStack#dnsServers()})
 */
public record NetworkEvent(Kind kind, String interfaceName, InterfaceInfo iface, List<Inet4Address> dnsServers) {

    /** What changed. */
    public enum Kind {
        /** Address, gateway, link state, lease or MTU of an interface. */
        INTERFACE_CHANGED,
        /** An interface was removed. */
        INTERFACE_REMOVED,
        /** The list of DNS servers changed (always also reported with the change that caused it). */
        DNS_SERVERS_CHANGED
    }

    public NetworkEvent {
        dnsServers = List.copyOf(dnsServers);
    }
}
