package io.motenet.dns.internal;

import io.motenet.dns.DnsAnswer;
import io.motenet.dns.DnsException;
import io.motenet.dns.DnsRecord;
import io.motenet.dns.NameNotFoundException;
import io.motenet.dns.RecordType;
import io.motenet.dns.Resolver;
import io.motenet.dns.ResolverStatus;
import io.motenet.dns.ServerFailureException;
import io.motenet.dns.internal.transport.Counters;
import io.motenet.dns.internal.transport.StackResolver;
import io.motenet.dns.internal.transport.TcpTransport;
import io.motenet.net.NetworkStack;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import org.xbill.DNS.Address;
import org.xbill.DNS.Cache;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.hosts.HostsFileParser;
import org.xbill.DNS.lookup.LookupFailedException;
import org.xbill.DNS.lookup.LookupResult;
import org.xbill.DNS.lookup.LookupSession;
import org.xbill.DNS.lookup.NoSuchDomainException;
import org.xbill.DNS.lookup.NoSuchRRSetException;
import org.xbill.DNS.lookup.RedirectLoopException;
import org.xbill.DNS.lookup.RedirectOverflowException;
import org.xbill.DNS.lookup.ServerFailedException;

/**
 * The resolver: dnsjava's {@link LookupSession} (cache, search path, CNAME following, hosts table)
 * over {@link StackResolver}, with dnsjava's exceptions turned into ours. Not an OSGi component
 * itself ({@link ResolverComponent} is), so tests build it directly.
 */
public final class DnsResolver implements Resolver, AutoCloseable {

    /**
     * @param servers        configured servers (empty: the stack's)
     * @param search         search domains, in order
     * @param ndots          a relative name with more dots than this is tried as it is first
     * @param hosts          hosts-table entries ({@code "10.0.0.5 printer printer.lan"})
     * @param hostsFile      where the hosts table is written for dnsjava to read
     * @param cacheMaxEntries the cache keeps at most this many names (the least recently used is evicted)
     * @param maxNegativeTtl seconds a negative answer is kept at most (RFC 2308 caps it by the SOA)
     */
    public record Settings(List<InetSocketAddress> servers, List<String> search, int ndots, String[] hosts,
            Path hostsFile, StackResolver.Settings transport, int cacheMaxEntries, int maxNegativeTtl) {
    }

    private final Counters counters = new Counters();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Cache cache;
    private volatile boolean closed;
    private final ServerList servers;
    private final LookupSession session;
    private final List<String> search;
    private final List<Name> searchPath;
    private final int ndots;
    private final HostsFileParser hosts;

    public DnsResolver(Settings settings, NetworkStack stack, Supplier<TcpTransport> tcp) {
        cache = new Cache(DClass.IN);
        cache.setMaxEntries(settings.cacheMaxEntries());
        cache.setMaxNCache(settings.maxNegativeTtl());
        servers = new ServerList(settings.servers(), stack, () -> {
            counters.add("cache.flushes");
            cache.clearCache();
        });
        StackResolver transport = new StackResolver(stack, servers, tcp, settings.transport(), counters, threads);
        List<Name> path = new ArrayList<>();
        for (String domain : settings.search()) {
            if (!domain.isBlank()) {
                path.add(absolute(domain.strip()));
            }
        }
        search = path.stream().map(Name::toString).toList();
        searchPath = List.copyOf(path);
        ndots = settings.ndots();
        LookupSession.LookupSessionBuilder b = LookupSession.builder().resolver(transport).cache(cache)
                .searchPath(path).ndots(settings.ndots()).executor(threads);
        hosts = HostsTable.write(settings.hosts(), settings.hostsFile());
        if (hosts != null) {
            b.hostsFileParser(hosts);
        }
        session = b.build();
    }

    private static Name absolute(String s) {
        try {
            return Name.fromString(s, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("search domain '" + s + "' is not a valid DNS name: " + e.getMessage(), e);
        }
    }

    private static Name name(String s) {
        try {
            return Name.fromString(s);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("'" + s + "' is not a valid DNS name: " + e.getMessage(), e);
        }
    }

    @Override
    public CompletableFuture<DnsAnswer> lookupAsync(String name, RecordType type) {
        Name n;
        try {
            n = name(name);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new DnsException(name, e.getMessage()));
        }
        if (closed) {
            return CompletableFuture.failedFuture(stopped(name));
        }
        counters.add("lookups");
        CompletableFuture<org.xbill.DNS.lookup.LookupResult> pending;
        try {
            pending = session.lookupAsync(n, type.code()).toCompletableFuture();
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return CompletableFuture.failedFuture(stopped(name)); // closed while this call began
        }
        return pending
                .handle((result, failure) -> {
                    if (failure == null) {
                        return answer(name, type, result);
                    }
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    if (cause instanceof NoSuchRRSetException) {
                        return new DnsAnswer(n.isAbsolute() ? n.toString() : n + ".", type, List.of(), List.of());
                    }
                    throw new CompletionException(translate(name, type, cause));
                });
    }

    private static DnsAnswer answer(String asked, RecordType type, LookupResult result) {
        List<DnsRecord> records = new ArrayList<>();
        String owner = null;
        for (Record r : result.getRecords()) {
            owner = r.getName().toString();
            records.add(new DnsRecord(owner, RecordType.ofCode(r.getType()), r.getTTL(), r.rdataToString()));
        }
        List<String> aliases = result.getAliases().stream().map(Name::toString).toList();
        return new DnsAnswer(owner != null ? owner : asked, type, records, aliases);
    }

    /** dnsjava's outcome as our typed exception, with a message a person can act on. */
    static DnsException translate(String name, RecordType type, Throwable cause) {
        if (cause instanceof DnsException d) {
            return d; // from the transport: timeout, no servers, unreachable
        }
        if (cause instanceof NoSuchDomainException) {
            return new NameNotFoundException(name, name + " does not exist (NXDOMAIN)");
        }
        if (cause instanceof ServerFailedException) {
            return new ServerFailureException(name, "SERVFAIL",
                    "every DNS server failed to answer " + name + " " + type + " (SERVFAIL): " + cause.getMessage());
        }
        if (cause instanceof RedirectLoopException || cause instanceof RedirectOverflowException) {
            return new ServerFailureException(name, "CNAME_LOOP", "the CNAMEs of " + name + " loop or are too long a chain");
        }
        if (cause instanceof LookupFailedException) {
            return new ServerFailureException(name, "FAILED", "lookup of " + name + " " + type + " failed: " + cause.getMessage());
        }
        return new DnsException(name, "lookup of " + name + " " + type + " failed: " + cause, cause);
    }

    @Override
    public DnsAnswer lookup(String name, RecordType type) {
        return join(lookupAsync(name, type));
    }

    @Override
    public CompletableFuture<List<InetAddress>> resolveAsync(String host) {
        InetAddress literal = literal(host);
        if (literal != null) {
            return CompletableFuture.completedFuture(List.of(literal));
        }
        List<InetAddress> fromHosts = fromHosts(host);
        if (!fromHosts.isEmpty()) {
            counters.add("hosts.answers");
            return CompletableFuture.completedFuture(fromHosts);
        }
        CompletableFuture<DnsAnswer> v4 = lookupAsync(host, RecordType.A);
        CompletableFuture<DnsAnswer> v6 = lookupAsync(host, RecordType.AAAA);
        return v4.handle((a, fa) -> v6.handle((b, fb) -> combine(host, a, fa, b, fb))).thenCompose(f -> f);
    }

    /** A's addresses before AAAA's; one family failing while the other answered is not an error. */
    private static List<InetAddress> combine(String host, DnsAnswer a, Throwable fa, DnsAnswer b, Throwable fb) {
        List<InetAddress> out = new ArrayList<>();
        addresses(a, out);
        addresses(b, out);
        if (!out.isEmpty()) {
            return out;
        }
        Throwable f = fa != null ? fa : fb;
        if (f != null) {
            throw f instanceof CompletionException ? (CompletionException) f : new CompletionException(f);
        }
        throw new CompletionException(new NameNotFoundException(host, host + " has no A or AAAA records"));
    }

    private static void addresses(DnsAnswer answer, List<InetAddress> out) {
        if (answer == null) {
            return;
        }
        for (DnsRecord r : answer.records()) {
            try {
                out.add(InetAddress.getByAddress(Address.toByteArray(r.data(),
                        r.type() == RecordType.AAAA ? Address.IPv6 : Address.IPv4)));
            } catch (java.net.UnknownHostException | NullPointerException e) {
                // not an address record: skipped
            }
        }
    }

    /**
     * The hosts table's addresses of both families for a host, as /etc/hosts works with "files"
     * before "dns": a name in the table is not asked of DNS for either family. The candidates and
     * their order are LookupSession's (search domains, ndots).
     */
    private List<InetAddress> fromHosts(String host) {
        if (hosts == null) {
            return List.of();
        }
        Name n;
        try {
            n = name(host);
        } catch (IllegalArgumentException e) {
            return List.of();
        }
        List<Name> candidates = new ArrayList<>();
        if (n.isAbsolute()) {
            candidates.add(n);
        } else {
            for (Name suffix : searchPath) {
                try {
                    candidates.add(Name.concatenate(n, suffix));
                } catch (org.xbill.DNS.NameTooLongException e) {
                    // skipped, as LookupSession does
                }
            }
            try {
                candidates.add(n.labels() > ndots ? 0 : candidates.size(), Name.concatenate(n, Name.root));
            } catch (org.xbill.DNS.NameTooLongException e) {
                // cannot be: the name parsed
            }
        }
        for (Name c : candidates) {
            List<InetAddress> out = new ArrayList<>();
            try {
                hosts.getAddressForHost(c, org.xbill.DNS.Type.A).ifPresent(out::add);
                hosts.getAddressForHost(c, org.xbill.DNS.Type.AAAA).ifPresent(out::add);
            } catch (java.io.IOException e) {
                return List.of(); // the table file went away: DNS answers instead
            }
            if (!out.isEmpty()) {
                return out;
            }
        }
        return List.of();
    }

    static InetAddress literal(String host) {
        for (int family : new int[] {Address.IPv4, Address.IPv6}) {
            byte[] b = Address.toByteArray(host, family);
            if (b != null) {
                try {
                    return InetAddress.getByAddress(b);
                } catch (java.net.UnknownHostException e) {
                    return null;
                }
            }
        }
        return null;
    }

    @Override
    public List<InetAddress> resolve(String host) {
        return join(resolveAsync(host));
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof DnsException d) {
                throw d;
            }
            throw new DnsException("?", "lookup failed: " + c, c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DnsException("?", "interrupted while waiting for a DNS answer");
        } catch (CancellationException e) {
            throw new DnsException("?", "the lookup was cancelled");
        }
    }

    @Override
    public ResolverStatus status() {
        List<String> lines = cache.toString().lines().filter(l -> !l.isBlank()).toList();
        return new ResolverStatus(servers.get(), servers.source(), search, cache.getSize(), cache.getMaxEntries(),
                lines, counters.snapshot());
    }

    @Override
    public void clearCache() {
        cache.clearCache();
    }

    /** For tests. */
    Counters counters() {
        return counters;
    }

    /** A caller that kept this instance past its end learns it plainly, not through the executor's refusal. */
    private static DnsException stopped(String name) {
        return new DnsException(name, "this resolver was stopped (reconfigured, or its network stack went away): "
                + "get the Resolver service again");
    }

    @Override
    public void close() {
        closed = true;
        servers.close();
        threads.shutdownNow();
    }

    /** Takes no new lookups but lets those already running finish (their timeouts bound them). */
    public void retire() {
        closed = true;
        servers.close();
        threads.shutdown();
    }
}
