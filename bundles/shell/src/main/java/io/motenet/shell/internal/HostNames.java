package io.motenet.shell.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.regex.Pattern;

import io.motenet.dns.Resolver;

/**
 * How shell commands turn a host argument into an address: an IPv4 literal as it is, a name through
 * the {@link Resolver} when one is bound (its first IPv4 address: the stack speaks IPv4). Never the
 * JDK's resolver, which would ask the machine's DNS outside motenet.
 */
final class HostNames {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private HostNames() {}

    /**
     * @param resolver the bound resolver, or null
     * @throws IllegalArgumentException with a message for the person at the shell
     */
    static Inet4Address ipv4(Resolver resolver, String host) {
        if (IPV4.matcher(host).matches()) {
            // parsed here: InetAddress.getByName would send "300.1.1.1" to the machine's resolver
            String[] parts = host.split("\\.");
            byte[] b = new byte[4];
            for (int i = 0; i < 4; i++) {
                int v = Integer.parseInt(parts[i]);
                if (v > 255) {
                    throw new IllegalArgumentException("'" + host + "' is not an IPv4 address");
                }
                b[i] = (byte) v;
            }
            try {
                return (Inet4Address) InetAddress.getByAddress(b);
            } catch (java.net.UnknownHostException e) {
                throw new IllegalArgumentException("'" + host + "' is not an IPv4 address", e);
            }
        }
        if (resolver == null) {
            throw new IllegalArgumentException("cannot resolve '" + host
                    + "': no DNS resolver is bound (give an IPv4 address, or start the io.motenet.dns bundle)");
        }
        List<InetAddress> all = resolver.resolve(host);
        return all.stream().filter(Inet4Address.class::isInstance).map(Inet4Address.class::cast).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(host + " has no IPv4 address (only " + all + ")"));
    }
}
