package io.motenet.ip.internal.iface;

import io.motenet.ip.internal.wire.Ipv4Address;

/**
 * One entry of the routing table.
 *
 * @param gateway the next hop, or null when the destination is on the link itself
 */
public record Route(Ipv4Address network, int prefixLength, Ipv4Address gateway, String interfaceName, int metric,
        Source source) {
    /** Where a route came from: the interface's own subnet, configuration, or a DHCP lease. */
    public enum Source { CONNECTED, STATIC, DHCP }

    public Route {
        network = new Ipv4Address(network.bits() & Ipv4Address.mask(prefixLength));
    }

    public boolean matches(Ipv4Address dst) {
        return dst.inSubnet(network, prefixLength);
    }

    @Override
    public String toString() {
        return network + "/" + prefixLength + (gateway == null ? " dev " : " via " + gateway + " dev ")
                + interfaceName + " metric " + metric + " (" + source.name().toLowerCase() + ")";
    }
}
