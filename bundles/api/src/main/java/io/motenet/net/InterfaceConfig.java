package io.motenet.net;

import java.net.Inet4Address;
import java.util.List;

/**
 * How an interface gets its address.
 *
 * @param name       the interface name, which is the name of the device it binds to
 * @param mode       DHCP or STATIC
 * @param address    the static address (STATIC only)
 * @param prefixLength its prefix length (STATIC only)
 * @param gateway    the static default gateway, or null (STATIC only)
 * @param dnsServers static DNS servers (STATIC only; DHCP takes the lease's)
 * @param hostname   the host name DHCP announces (option 12), or null
 */
public record InterfaceConfig(String name, Mode mode, Inet4Address address, int prefixLength, Inet4Address gateway,
        List<Inet4Address> dnsServers, String hostname) {

    /** Where the address comes from. */
    public enum Mode { DHCP, STATIC }

    public InterfaceConfig {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an interface needs the name of its device");
        }
        if (mode == Mode.STATIC && (address == null || prefixLength < 0 || prefixLength > 32)) {
            throw new IllegalArgumentException("static configuration of " + name + " needs an address and a prefix length 0-32");
        }
        dnsServers = dnsServers == null ? List.of() : List.copyOf(dnsServers);
    }

    public static InterfaceConfig dhcp(String name, String hostname) {
        return new InterfaceConfig(name, Mode.DHCP, null, -1, null, List.of(), hostname);
    }

    public static InterfaceConfig staticAddress(String name, Inet4Address address, int prefixLength,
            Inet4Address gateway, List<Inet4Address> dnsServers) {
        return new InterfaceConfig(name, Mode.STATIC, address, prefixLength, gateway, dnsServers, null);
    }
}
