package io.motenet.net;

import java.net.Inet4Address;

/**
 * An ARP cache entry.
 *
 * @param mac the neighbour's MAC, or null while it is being resolved
 */
public record NeighborInfo(String interfaceName, Inet4Address address, String mac) {
}
