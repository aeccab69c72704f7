package io.motenet.dns.internal;

import io.motenet.net.NetworkEvent;
import io.motenet.net.NetworkStack;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The DNS servers to ask: the configured ones when there are any, else the stack's (its DHCP
 * lease's or its interface configuration's), followed through the stack's change events.
 */
final class ServerList implements Supplier<List<InetSocketAddress>>, AutoCloseable {
    private final List<InetSocketAddress> configured;
    private final AutoCloseable subscription;
    private volatile List<InetSocketAddress> fromStack;

    /**
     * @param onChange called after the stack's servers changed (the cache is flushed there: the
     *     answers came from another network's servers)
     */
    ServerList(List<InetSocketAddress> configured, NetworkStack stack, Runnable onChange) {
        this.configured = List.copyOf(configured);
        this.fromStack = withPort(stack.dnsServers());
        this.subscription = configured.isEmpty() ? stack.addListener(e -> {
            if (e.kind() == NetworkEvent.Kind.DNS_SERVERS_CHANGED) {
                fromStack = withPort(e.dnsServers());
                onChange.run();
            }
        }) : null;
    }

    private static List<InetSocketAddress> withPort(List<Inet4Address> servers) {
        return servers.stream().map(a -> new InetSocketAddress(a, 53)).toList();
    }

    @Override
    public List<InetSocketAddress> get() {
        return configured.isEmpty() ? fromStack : configured;
    }

    String source() {
        return configured.isEmpty() ? "stack" : "configuration";
    }

    /**
     * Parses configured servers: {@code 10.0.0.53} or {@code 10.0.0.53:5353}, IPv4 literals only
     * (the stack is IPv4).
     */
    static List<InetSocketAddress> parse(String[] entries) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String entry : entries) {
            String e = entry.strip();
            if (e.isEmpty()) {
                continue;
            }
            int colon = e.indexOf(':');
            String host = colon < 0 ? e : e.substring(0, colon);
            int port;
            try {
                port = colon < 0 ? 53 : Integer.parseInt(e.substring(colon + 1));
            } catch (NumberFormatException x) {
                throw new IllegalArgumentException("DNS server '" + entry + "': the port is not a number");
            }
            // dnsjava parses the literal; InetAddress.getByName would ask the machine's resolver about a non-literal
            byte[] address = org.xbill.DNS.Address.toByteArray(host, org.xbill.DNS.Address.IPv4);
            if (address == null || port < 1 || port > 65535) {
                throw new IllegalArgumentException("DNS server '" + entry
                        + "' is not an IPv4 address with an optional port, like 10.0.0.53 or 10.0.0.53:5353");
            }
            try {
                out.add(new InetSocketAddress(InetAddress.getByAddress(address), port));
            } catch (java.net.UnknownHostException x) {
                throw new IllegalArgumentException("DNS server '" + entry + "' is not an IPv4 address", x);
            }
        }
        return out;
    }

    @Override
    public void close() {
        if (subscription != null) {
            try {
                subscription.close();
            } catch (Exception ignored) {
                // the stack is going away too
            }
        }
    }
}
