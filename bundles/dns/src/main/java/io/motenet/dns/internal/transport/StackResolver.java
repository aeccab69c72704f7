package io.motenet.dns.internal.transport;

import io.motenet.dns.DnsTimeoutException;
import io.motenet.dns.NoServersException;
import io.motenet.dns.ServerFailureException;
import io.motenet.net.Datagram;
import io.motenet.net.NetException;
import io.motenet.net.NetworkStack;
import io.motenet.net.UdpSocket;
import io.motenet.net.UnreachableException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;

/**
 * dnsjava's transport ({@link org.xbill.DNS.Resolver}) over motenet's UDP, with TCP for truncated
 * answers. {@code LookupSession} builds the queries and reads the answers; this class only moves
 * them, the way a careful stub resolver does:
 *
 * <ul>
 *   <li>every transmission gets a fresh random transaction ID and a fresh random source port
 *       (RFC 5452), and an answer is taken only from the server asked, with our ID and our
 *       question ({@link AnswerCheck}); anything else is dropped, counted, and we keep waiting;
 *   <li>EDNS(0) with a UDP payload size of 1232 octets by default (the DNS flag day 2020 value:
 *       it fits an IPv6 minimum MTU without fragments);
 *   <li>rounds over the servers in order, each server waited for {@code timeout} in the first
 *       round and twice as long in each next one (capped); a server that answered with an error
 *       or was unreachable is not asked again for this query, the next one is (failover);
 *   <li>a truncated answer is asked again over TCP, from the same server.
 * </ul>
 *
 * Each exchange runs on its own virtual thread and blocks there: the stack's sockets wait without
 * pinning it.
 */
public final class StackResolver implements org.xbill.DNS.Resolver {

    /** How the transport behaves; see the component's configuration for the meaning of each. */
    public record Settings(Duration timeout, int attempts, Duration maxTimeout, int ednsUdpSize) {
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(1), 3, Duration.ofSeconds(4), 1232);
        }
    }

    private final NetworkStack stack;
    private final Supplier<List<InetSocketAddress>> servers;
    private final Supplier<TcpTransport> tcp;
    private final Counters counters;
    private final ExecutorService threads;
    private final RandomGenerator random;
    private volatile Settings settings;

    /**
     * @param servers the servers to ask now, in order (read at every query, so lease changes show)
     * @param tcp     the TCP transport, or a supplier of null while the stack has none
     * @param threads where exchanges run (a virtual-thread-per-task executor)
     */
    public StackResolver(NetworkStack stack, Supplier<List<InetSocketAddress>> servers, Supplier<TcpTransport> tcp,
            Settings settings, Counters counters, ExecutorService threads) {
        this(stack, servers, tcp, settings, counters, threads, new SecureRandom());
    }

    StackResolver(NetworkStack stack, Supplier<List<InetSocketAddress>> servers, Supplier<TcpTransport> tcp,
            Settings settings, Counters counters, ExecutorService threads, RandomGenerator random) {
        this.stack = stack;
        this.servers = servers;
        this.tcp = tcp;
        this.settings = settings;
        this.counters = counters;
        this.threads = threads;
        this.random = random;
    }

    @Override
    public CompletionStage<Message> sendAsync(Message query, Executor executor) {
        return CompletableFuture.supplyAsync(() -> exchange(query), threads);
    }

    @Override
    public CompletionStage<Message> sendAsync(Message query) {
        return sendAsync(query, threads);
    }

    /** What the outcome of one transmission to one server was. */
    private sealed interface Outcome {
    }

    private record Answered(Message message) implements Outcome {
    }

    private record TimedOut() implements Outcome {
    }

    /** A final failure with this server: {@code code} is UNREACHABLE, TRUNCATED (no TCP) or ERROR. */
    private record Failed(String code, String why) implements Outcome {
    }

    /** One query to completion: rounds over the servers until an answer that ends it. */
    Message exchange(Message original) {
        Record question = original.getQuestion();
        String what = question.getName() + " " + Type.string(question.getType());
        List<InetSocketAddress> list = servers.get();
        if (list.isEmpty()) {
            throw new NoServersException(question.getName().toString(), "cannot look up " + what
                    + ": no DNS server is known (none configured in io.motenet.dns 'servers', and the stack has "
                    + "none: no DHCP lease with DNS servers and none in the interface configuration)");
        }
        Settings s = settings;
        Set<InetSocketAddress> done = new HashSet<>(); // servers that gave a final answer: not asked again
        Set<InetSocketAddress> noEdns = new HashSet<>(); // servers that refused our OPT record with FORMERR
        List<String> failures = new ArrayList<>();
        Message lastError = null;
        String failure = "UNREACHABLE";
        boolean anyTimeout = false;
        boolean first = true;
        for (int round = 0; round < s.attempts() && done.size() < list.size(); round++) {
            Duration timeout = backoff(s, round);
            for (InetSocketAddress server : list) {
                if (done.contains(server)) {
                    continue;
                }
                if (!first) {
                    counters.add(round == 0 ? "failovers" : "udp.retransmissions");
                }
                first = false;
                Message query = prepare(original, s, noEdns.contains(server));
                Outcome o = overUdp(server, query, timeout);
                if (o instanceof Answered a && a.message().getRcode() == Rcode.FORMERR && query.getOPT() != null) {
                    // a server from before RFC 6891 may refuse EDNS: ask it once more without (RFC 6891 7)
                    counters.add("edns.formerr");
                    noEdns.add(server);
                    query = prepare(original, s, true);
                    o = overUdp(server, query, timeout);
                }
                if (o instanceof Answered a && a.message().getHeader().getFlag(Flags.TC)) {
                    o = overTcp(server, query, timeout);
                }
                switch (o) {
                    case Answered a -> {
                        int rcode = a.message().getRcode();
                        if (rcode == Rcode.NOERROR || rcode == Rcode.NXDOMAIN) {
                            return a.message();
                        }
                        // SERVFAIL, REFUSED, FORMERR ...: another server may do better (RFC 1035 7.2)
                        counters.add("answers." + Rcode.string(rcode).toLowerCase(java.util.Locale.ROOT));
                        failures.add(show(server) + " answered " + Rcode.string(rcode));
                        lastError = a.message();
                        done.add(server);
                    }
                    case TimedOut t -> {
                        counters.add("udp.timeouts");
                        anyTimeout = true;
                        failures.add(show(server) + " did not answer within " + timeout.toMillis() + " ms");
                    }
                    case Failed f -> {
                        failures.add(show(server) + ": " + f.why());
                        failure = f.code();
                        done.add(server);
                    }
                }
            }
        }
        if (lastError != null) {
            return lastError; // LookupSession turns the rcode into its exception
        }
        String summary = "no answer for " + what + " from " + String.join(", ", list.stream().map(StackResolver::show).toList())
                + ": " + String.join("; ", failures);
        if (anyTimeout) {
            throw new DnsTimeoutException(question.getName().toString(), summary);
        }
        throw new ServerFailureException(question.getName().toString(), failure, summary);
    }

    /** {@code 10.0.0.53:53}, without InetSocketAddress's leading slash. */
    static String show(InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    static Duration backoff(Settings s, int round) {
        Duration d = s.timeout().multipliedBy(1L << Math.min(round, 16));
        return d.compareTo(s.maxTimeout()) > 0 ? s.maxTimeout() : d;
    }

    /** A copy of the query with a fresh random ID and our EDNS(0) record. */
    private Message prepare(Message original, Settings s, boolean withoutEdns) {
        Message q = original.clone();
        q.getHeader().setID(random.nextInt(0x10000));
        if (s.ednsUdpSize() > 0 && !withoutEdns && q.getOPT() == null) {
            q.addRecord(new OPTRecord(s.ednsUdpSize(), 0, 0, 0), Section.ADDITIONAL);
        }
        return q;
    }

    private Outcome overUdp(InetSocketAddress server, Message query, Duration timeout) {
        byte[] wire = query.toWire();
        try (UdpSocket socket = openRandomPort()) {
            counters.add("udp.queries");
            socket.send(server, wire);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return new TimedOut();
                }
                Optional<Datagram> d = socket.receive(Duration.ofNanos(left));
                if (d.isEmpty()) {
                    return new TimedOut();
                }
                AnswerCheck.Verdict v = AnswerCheck.check(query, server, d.get().source(), d.get().data());
                if (v.accepted()) {
                    return new Answered(v.message());
                }
                counters.add("dropped." + v.reason()); // and keep waiting for the real answer
            }
        } catch (UnreachableException e) {
            counters.add("unreachable");
            return new Failed("UNREACHABLE", e.getMessage());
        } catch (NetException e) {
            counters.add("udp.errors");
            return new Failed("ERROR", e.getMessage());
        }
    }

    private Outcome overTcp(InetSocketAddress server, Message query, Duration timeout) {
        counters.add("truncated");
        TcpTransport t = tcp.get();
        if (t == null) {
            return new Failed("TRUNCATED", "answer truncated (too large for UDP) and no TCP transport to ask again over");
        }
        Message q = query.clone();
        q.getHeader().setID(random.nextInt(0x10000));
        counters.add("tcp.queries");
        try {
            byte[] data = t.exchange(server, q.toWire(), timeout.multipliedBy(2));
            AnswerCheck.Verdict v = AnswerCheck.check(q, server, server, data);
            if (!v.accepted()) {
                counters.add("dropped." + v.reason());
                return new Failed("ERROR", "TCP answer dropped: " + v.reason());
            }
            return new Answered(v.message());
        } catch (IOException | NetException e) {
            counters.add("tcp.errors");
            return new Failed("ERROR", "TCP: " + e.getMessage());
        }
    }

    /** A socket on a random port of the RFC 6335 dynamic range, so that its port cannot be guessed. */
    private UdpSocket openRandomPort() {
        for (int i = 0; i < 16; i++) {
            try {
                return stack.openUdp(49152 + random.nextInt(16384));
            } catch (NetException inUse) {
                // taken: draw again
            }
        }
        return stack.openUdp(0);
    }

    // --- the rest of org.xbill.DNS.Resolver: settings LookupSession never changes ---

    @Override
    public void setPort(int port) {
        throw new UnsupportedOperationException("the servers' ports come from the configuration ('host:port')");
    }

    @Override
    public void setTCP(boolean flag) {
        throw new UnsupportedOperationException("TCP is used for truncated answers only");
    }

    @Override
    public void setIgnoreTruncation(boolean flag) {
        throw new UnsupportedOperationException("truncated answers are always asked again over TCP");
    }

    @Override
    public void setEDNS(int version, int payloadSize, int flags, List<EDNSOption> options) {
        Settings s = settings;
        settings = new Settings(s.timeout(), s.attempts(), s.maxTimeout(), version < 0 ? 0 : payloadSize);
    }

    @Override
    public void setTSIGKey(TSIG key) {
        throw new UnsupportedOperationException("TSIG is not supported by the stub resolver");
    }

    @Override
    public void setTimeout(Duration timeout) {
        Settings s = settings;
        settings = new Settings(timeout, s.attempts(), s.maxTimeout(), s.ednsUdpSize());
    }

    @Override
    public Duration getTimeout() {
        return settings.timeout();
    }

    @Override
    public String toString() {
        return "motenet UDP/TCP to " + servers.get().stream().map(StackResolver::show).toList();
    }
}
