package io.motenet.ip.internal.stack;

import io.motenet.net.NetworkStack;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.UnknownHostException;
import javax.net.SocketFactory;

/**
 * Makes {@link StackSocket}s: ordinary {@code java.net.Socket}s whose bytes ride the motenet
 * stack. Host names must be IP literals: name resolution belongs to the DNS layer above.
 */
final class StackSocketFactory extends SocketFactory {
    private final NetworkStack stack;

    StackSocketFactory(NetworkStack stack) {
        this.stack = stack;
    }

    @Override
    public Socket createSocket() throws IOException {
        return new StackSocket(stack);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return createSocket(literal(host), port);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return createSocket(literal(host), port, localHost, localPort);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        StackSocket s = new StackSocket(stack);
        s.connect(new java.net.InetSocketAddress(host, port));
        return s;
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        if (localPort != 0 || localAddress != null && !localAddress.isAnyLocalAddress()) {
            throw new SocketException("motenet sockets pick their local address and port themselves");
        }
        return createSocket(address, port);
    }

    /** Parses an IPv4 literal without ever asking a resolver. */
    static InetAddress literal(String host) throws UnknownHostException {
        if (host == null || !host.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            throw new UnknownHostException(host + ": motenet sockets take IPv4 literals; resolve names with the "
                    + "io.motenet.dns Resolver first");
        }
        return InetAddress.getByName(host); // a literal: parsed, no lookup
    }
}
