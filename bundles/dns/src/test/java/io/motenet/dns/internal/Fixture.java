package io.motenet.dns.internal;

import io.motenet.dns.internal.transport.StackResolver;
import io.motenet.dns.internal.transport.TcpTransport;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Builds resolvers over a {@link FakeNet} with short timeouts (a test never waits long for silence). */
final class Fixture {
    static final InetSocketAddress S1 = new InetSocketAddress(FakeNet.ip("10.0.0.53"), 53);
    static final InetSocketAddress S2 = new InetSocketAddress(FakeNet.ip("10.0.0.54"), 53);
    static final StackResolver.Settings FAST = new StackResolver.Settings(Duration.ofMillis(150), 2, Duration.ofMillis(300), 1232);

    private Fixture() {
    }

    static DnsResolver resolver(FakeNet net, Path dir, List<InetSocketAddress> servers, List<String> search,
            String[] hosts, TcpTransport tcp) {
        return resolver(net, dir, servers, search, hosts, tcp, 100);
    }

    static DnsResolver resolver(FakeNet net, Path dir, List<InetSocketAddress> servers, List<String> search,
            String[] hosts, TcpTransport tcp, int cacheMax) {
        return new DnsResolver(new DnsResolver.Settings(servers, search, 1, hosts, dir.resolve("hosts"), FAST, cacheMax, 900),
                net, () -> tcp);
    }

    /** A responder where {@code zone} answers every query from the server it was sent to. */
    static FakeNet.Responder serving(Zone zone) {
        return (q, sock) -> sock.deliver(q.server(), zone.answer(q.data()));
    }
}
