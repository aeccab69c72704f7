package io.motenet.dns;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * What a resolver uses and has done.
 *
 * @param servers        the servers asked, in order (from configuration, else from the stack's DHCP lease)
 * @param serverSource   {@code "configuration"} or {@code "stack"}
 * @param searchDomains  the search domains, in order
 * @param cacheEntries   the cache's entries now (positive and negative)
 * @param cacheMax       the most entries the cache keeps
 * @param cache          the cache's content, one entry a line (readable, for people)
 * @param counters       queries, retransmissions, timeouts, TCP fallbacks and dropped answers by reason
 */
public record ResolverStatus(List<InetSocketAddress> servers, String serverSource, List<String> searchDomains,
        int cacheEntries, int cacheMax, List<String> cache, Map<String, Long> counters) {

    public ResolverStatus {
        servers = List.copyOf(servers);
        searchDomains = List.copyOf(searchDomains);
        cache = List.copyOf(cache);
        counters = Map.copyOf(counters);
    }
}
