package io.motenet.shell.internal;

import java.net.Inet4Address;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.motenet.net.EchoReply;
import io.motenet.net.InterfaceInfo;
import io.motenet.net.LeaseInfo;
import io.motenet.net.NeighborInfo;
import io.motenet.net.RouteInfo;

/** Text for the net: commands, laid out as iproute2 and ping lay out theirs so that it reads at a glance. */
final class NetTables {

    private NetTables() {}

    static String interfaces(List<InterfaceInfo> interfaces) {
        if (interfaces.isEmpty()) {
            return "no interface is configured (configure one through io.motenet.ip.interface)";
        }
        StringBuilder out = new StringBuilder();
        for (InterfaceInfo i : interfaces) {
            out.append(i.name()).append(": <").append(i.linkUp() ? "UP" : "DOWN").append("> mtu ").append(i.mtu())
                    .append(" mode ").append(i.mode().toString().toLowerCase()).append('\n');
            out.append("    link/ether ").append(i.mac()).append('\n');
            if (i.address() != null) {
                out.append("    inet ").append(i.address().getHostAddress()).append('/').append(i.prefixLength());
                if (i.gateway() != null) {
                    out.append(" gateway ").append(i.gateway().getHostAddress());
                }
                out.append('\n');
            } else {
                out.append("    inet (none yet)\n");
            }
            if (!i.dnsServers().isEmpty()) {
                out.append("    dns ").append(addresses(i.dnsServers())).append('\n');
            }
            if (i.lease() != null) {
                out.append("    ").append(lease(i.lease())).append('\n');
            }
            counters(out, i.counters());
        }
        return out.toString().stripTrailing();
    }

    static String lease(LeaseInfo lease) {
        StringBuilder out = new StringBuilder("dhcp ").append(lease.state().toLowerCase());
        if (lease.server() != null) {
            out.append(" from ").append(lease.server().getHostAddress());
        }
        if (lease.leaseTime() != null) {
            out.append(" lease ").append(seconds(lease.leaseTime()));
        }
        if (lease.untilRenewal() != null) {
            out.append(" renew in ").append(seconds(lease.untilRenewal()));
        }
        if (lease.untilExpiry() != null) {
            out.append(" expires in ").append(seconds(lease.untilExpiry()));
        }
        if (lease.hostname() != null && !lease.hostname().isEmpty()) {
            out.append(" hostname ").append(lease.hostname());
        }
        return out.toString();
    }

    /** Counters four to a line, only those that moved, so that a drop stands out. */
    private static void counters(StringBuilder out, Map<String, Long> counters) {
        int n = 0;
        for (Map.Entry<String, Long> c : counters.entrySet()) {
            if (c.getValue() == 0) {
                continue;
            }
            out.append(n % 4 == 0 ? "    " : "  ").append(c.getKey()).append(' ').append(c.getValue());
            if (++n % 4 == 0) {
                out.append('\n');
            }
        }
        if (n % 4 != 0) {
            out.append('\n');
        }
    }

    static String neighbors(List<NeighborInfo> neighbors) {
        if (neighbors.isEmpty()) {
            return "the ARP cache is empty";
        }
        StringBuilder out = new StringBuilder(String.format("%-16s %-17s %s%n", "ADDRESS", "MAC", "INTERFACE"));
        for (NeighborInfo n : neighbors) {
            out.append(String.format("%-16s %-17s %s%n", n.address().getHostAddress(),
                    n.mac() == null ? "(incomplete)" : n.mac(), n.interfaceName()));
        }
        return out.toString().stripTrailing();
    }

    static String routes(List<RouteInfo> routes) {
        if (routes.isEmpty()) {
            return "no route";
        }
        StringBuilder out = new StringBuilder();
        for (RouteInfo r : routes) {
            String destination = r.prefixLength() == 0 ? "default"
                    : r.network().getHostAddress() + "/" + r.prefixLength();
            out.append(destination);
            if (r.gateway() != null) {
                out.append(" via ").append(r.gateway().getHostAddress());
            }
            out.append(" dev ").append(r.interfaceName()).append(" proto ").append(r.source())
                    .append(" metric ").append(r.metric()).append('\n');
        }
        return out.toString().stripTrailing();
    }

    static String echoLine(EchoReply reply) {
        return String.format("%d bytes from %s: icmp_seq=%d ttl=%d time=%.2f ms", reply.bytes(),
                reply.from().getHostAddress(), reply.sequence(), reply.ttl(), reply.roundTrip().toNanos() / 1e6);
    }

    static String pingSummary(Inet4Address target, int sent, List<EchoReply> replies) {
        int received = replies.size();
        int loss = sent == 0 ? 0 : (int) Math.round(100.0 * (sent - received) / sent);
        String summary = String.format("--- %s ping statistics ---%n%d packets transmitted, %d received, %d%% packet loss",
                target.getHostAddress(), sent, received, loss);
        if (received > 0) {
            double[] ms = replies.stream().mapToDouble(r -> r.roundTrip().toNanos() / 1e6).toArray();
            double min = Double.MAX_VALUE, max = 0, sum = 0;
            for (double v : ms) {
                min = Math.min(min, v);
                max = Math.max(max, v);
                sum += v;
            }
            summary += String.format("%nrtt min/avg/max = %.2f/%.2f/%.2f ms", min, sum / ms.length, max);
        }
        return summary;
    }

    private static String addresses(List<Inet4Address> list) {
        return String.join(" ", list.stream().map(Inet4Address::getHostAddress).toList());
    }

    private static String seconds(Duration d) {
        return d.toSeconds() + "s";
    }
}
