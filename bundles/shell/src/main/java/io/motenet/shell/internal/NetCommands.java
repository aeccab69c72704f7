package io.motenet.shell.internal;

import java.net.Inet4Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.motenet.net.EchoReply;
import io.motenet.net.NetException;
import io.motenet.dns.DnsException;
import io.motenet.dns.Resolver;
import io.motenet.net.NetworkStack;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code net:ifconfig}, {@code net:arp}, {@code net:route}, {@code net:ping}, {@code net:connections} — the stack
 * as {@code ip addr}, {@code ip neigh}, {@code ip route}, {@code ping} and {@code ss -tin} show a Linux host.
 * ({@code net:tcp-connect} is {@link TcpConnectCommand}: a Java method cannot carry a hyphen.) The commands stay registered while no
 * stack is bound and then say so, rather than vanish from the shell.
 */
@Component(service = NetCommands.class, property = {
        "osgi.command.scope=net",
        "osgi.command.function=ifconfig",
        "osgi.command.function=arp",
        "osgi.command.function=route",
        "osgi.command.function=ping",
        "osgi.command.function=connections"
})
public final class NetCommands {

    static final String NO_STACK = "no network stack is bound (is the io.motenet.ip bundle active?)";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile NetworkStack stack;

    /** Host names go through motenet's resolver when one is bound, never the JDK's (it would ask the host's DNS). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Resolver resolver;

    @Descriptor("interfaces: address, MAC, MTU, link, DHCP lease, counters")
    public String ifconfig() {
        NetworkStack s = stack;
        return s == null ? NO_STACK : NetTables.interfaces(s.interfaces());
    }

    @Descriptor("the ARP cache")
    public String arp() {
        NetworkStack s = stack;
        return s == null ? NO_STACK : NetTables.neighbors(s.neighbors());
    }

    @Descriptor("the routing table, most specific first")
    public String route() {
        NetworkStack s = stack;
        return s == null ? NO_STACK : NetTables.routes(s.routes());
    }

    @Descriptor("ICMP echo: four requests of 56 octets, one a second")
    public String ping(@Descriptor("IPv4 address or host name") String target) throws InterruptedException {
        return ping(target, 4);
    }

    @Descriptor("ICMP echo: COUNT requests of 56 octets, one a second")
    public String ping(@Descriptor("IPv4 address or host name") String target, @Descriptor("requests") int count)
            throws InterruptedException {
        NetworkStack s = stack;
        if (s == null) {
            return NO_STACK;
        }
        Inet4Address address;
        try {
            address = HostNames.ipv4(resolver, target);
        } catch (IllegalArgumentException | DnsException e) {
            return "ping: " + e.getMessage();
        }
        List<String> lines = new ArrayList<>();
        List<EchoReply> replies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                Thread.sleep(1000);
            }
            try {
                EchoReply reply = s.ping(address, 56, Duration.ofSeconds(2));
                replies.add(reply);
                lines.add(NetTables.echoLine(reply));
            } catch (NetException e) {
                lines.add("no reply: " + e.getMessage());
            }
        }
        lines.add(NetTables.pingSummary(address, count, replies));
        return String.join("\n", lines);
    }

    @Descriptor("TCP connections with their state and statistics, like ss -tin")
    public String connections() {
        NetworkStack s = stack;
        return s == null ? NO_STACK : TcpTable.render(s.tcpConnections());
    }
}
