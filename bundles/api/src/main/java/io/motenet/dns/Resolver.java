package io.motenet.dns;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Resolves names through the DNS servers that the stack's DHCP lease or configuration gives, with
 * a cache, search domains and a static hosts table.
 *
 * <p>A name without a trailing dot is relative: it is tried with the search domains (as a stub
 * resolver does with {@code ndots}); {@code "example.com."} is tried only as it is.
 */
@ProviderType
public interface Resolver {

    /**
     * The addresses of a host: its A records, then its AAAA records (AAAA is asked for even while
     * the stack has IPv4 only). An IP literal is returned as it is, without a query.
     *
     * @throws NameNotFoundException when the name does not exist or has no address records
     * @throws DnsException (a subclass) when no answer could be had
     */
    List<InetAddress> resolve(String host);

    /** {@link #resolve} without blocking: the future fails with the same exceptions. */
    CompletableFuture<List<InetAddress>> resolveAsync(String host);

    /**
     * The records of one type, after following CNAMEs. A name that exists without records of the
     * type gives an empty answer, not an error.
     *
     * @throws NameNotFoundException when the name does not exist (NXDOMAIN)
     * @throws DnsException (a subclass) when no answer could be had
     */
    DnsAnswer lookup(String name, RecordType type);

    /** {@link #lookup} without blocking: the future fails with the same exceptions. */
    CompletableFuture<DnsAnswer> lookupAsync(String name, RecordType type);

    /** What the resolver uses now and has done: servers, search domains, cache, counters. */
    ResolverStatus status();

    /** Forgets every cached answer, positive and negative. */
    void clearCache();
}
