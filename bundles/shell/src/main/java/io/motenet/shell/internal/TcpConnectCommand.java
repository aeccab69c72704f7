package io.motenet.shell.internal;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import io.motenet.net.NetException;
import io.motenet.dns.DnsException;
import io.motenet.dns.Resolver;
import io.motenet.net.NetworkStack;
import io.motenet.net.TcpConnection;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code net:tcp-connect ADDRESS PORT} — opens a TCP connection through the stack, reports the handshake time and
 * the connection's statistics, and closes it. Gogo finds methods by name and a Java name has no hyphen, so this
 * command is a {@link Function}, which Gogo calls with the arguments as typed.
 */
@Component(service = Function.class, property = {
        "osgi.command.scope=net",
        "osgi.command.function=tcp-connect"
})
public final class TcpConnectCommand implements Function {

    static final String USAGE = "usage: net:tcp-connect HOST PORT";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile NetworkStack stack;

    /** Host names go through motenet's resolver when one is bound, never the JDK's (it would ask the host's DNS). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Resolver resolver;

    @Override
    public Object execute(CommandSession session, List<Object> arguments) {
        if (arguments.size() != 2) {
            return USAGE;
        }
        int port;
        try {
            port = Integer.parseInt(String.valueOf(arguments.get(1)));
        } catch (NumberFormatException e) {
            return "tcp-connect: '" + arguments.get(1) + "' is not a port number; " + USAGE;
        }
        return connect(String.valueOf(arguments.get(0)), port);
    }

    String connect(String address, int port) {
        NetworkStack s = stack;
        if (s == null) {
            return NetCommands.NO_STACK;
        }
        Inet4Address target;
        try {
            target = HostNames.ipv4(resolver, address);
        } catch (IllegalArgumentException | DnsException e) {
            return "tcp-connect: " + e.getMessage();
        }
        if (port < 1 || port > 65535) {
            return "tcp-connect: port " + port + " is not between 1 and 65535";
        }
        long start = System.nanoTime();
        try (TcpConnection connection = s.connect(new InetSocketAddress(target, port), Duration.ofSeconds(10))) {
            double millis = (System.nanoTime() - start) / 1e6;
            return "connected " + connection.localAddress() + " -> " + connection.remoteAddress()
                    + String.format(" in %.2f ms%n", millis) + TcpTable.render(List.of(connection.info()));
        } catch (NetException e) {
            return "tcp-connect: " + e.getMessage();
        }
    }
}
