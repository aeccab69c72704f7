package io.motenet.dns.internal;

import io.motenet.dns.DnsAnswer;
import io.motenet.dns.RecordType;
import io.motenet.dns.Resolver;
import io.motenet.dns.ResolverStatus;
import io.motenet.dns.internal.transport.StackResolver;
import io.motenet.dns.internal.transport.StackTcpTransport;
import io.motenet.net.NetworkStack;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The {@link Resolver} service over the {@link NetworkStack}. The stack reference is static: when
 * the stack is replaced the resolver restarts with it (its sockets belong to the old one).
 * A configuration change keeps the service and swaps the resolver behind it, with an empty cache: consumers
 * holding the service go on without noticing, and Config Admin delivering the same configuration twice costs
 * nothing but a cache.
 */
@Component(service = Resolver.class, configurationPid = ResolverComponent.PID)
@Designate(ocd = ResolverComponent.Config.class)
public final class ResolverComponent implements Resolver {
    static final String PID = "io.motenet.dns";

    @ObjectClassDefinition(name = "motenet DNS resolver",
            description = "The stub resolver: servers, search domains, hosts table, timeouts and cache bounds")
    public @interface Config {
        @AttributeDefinition(description = "DNS servers in order, as 10.0.0.53 or 10.0.0.53:5353. Empty: the stack's "
                + "(from the DHCP lease or the interface configuration), followed as they change")
        String[] servers() default {};

        @AttributeDefinition(description = "Search domains, in order, tried for relative names")
        String[] search() default {};

        @AttributeDefinition(description = "A relative name with more dots than this is tried as it is before the search domains")
        int ndots() default 1;

        @AttributeDefinition(description = "Static hosts table, one entry as a line of /etc/hosts: '10.0.0.5 printer printer.lan'")
        String[] hosts() default {};

        @AttributeDefinition(description = "Milliseconds to wait for a server in the first round; doubled each next round")
        long timeout_ms() default 1000;

        @AttributeDefinition(description = "Rounds over the servers before giving up")
        int attempts() default 3;

        @AttributeDefinition(description = "The longest wait for one server in any round, in milliseconds")
        long max_timeout_ms() default 4000;

        @AttributeDefinition(description = "EDNS(0) UDP payload size offered to servers; 0 sends no EDNS")
        int edns_udp_size() default 1232;

        @AttributeDefinition(description = "Most RRsets the cache keeps")
        int cache_max_entries() default 10000;

        @AttributeDefinition(description = "Most seconds a negative answer (NXDOMAIN, no data) is cached")
        int negative_ttl_max() default 900;
    }

    private final NetworkStack stack;
    private final Path hostsFile;
    private final StackTcpTransport tcp;
    private volatile DnsResolver resolver;

    @Activate
    public ResolverComponent(Config config, @Reference NetworkStack stack, BundleContext context) {
        java.io.File data = context.getDataFile("hosts");
        // no persistent storage for bundles (a framework without a cache dir): a temporary file then
        this.hostsFile = data != null ? data.toPath()
                : Path.of(System.getProperty("java.io.tmpdir"), "motenet-dns-" + context.getBundle().getBundleId(), "hosts");
        this.stack = stack;
        this.tcp = new StackTcpTransport(stack);
        this.resolver = new DnsResolver(settings(config, hostsFile), stack, () -> tcp);
    }

    /** A new configuration: a new resolver behind the same service; lookups already running on the old one end first. */
    @Modified
    void modified(Config config) {
        DnsResolver old = resolver;
        resolver = new DnsResolver(settings(config, hostsFile), stack, () -> tcp);
        old.retire();
    }

    static DnsResolver.Settings settings(Config c, Path hostsFile) {
        if (c.attempts() < 1 || c.timeout_ms() < 1 || c.max_timeout_ms() < c.timeout_ms()) {
            throw new IllegalArgumentException("io.motenet.dns: attempts must be at least 1 and 1 <= timeout_ms <= max_timeout_ms");
        }
        return new DnsResolver.Settings(ServerList.parse(c.servers()), List.of(c.search()), c.ndots(), c.hosts(), hostsFile,
                new StackResolver.Settings(Duration.ofMillis(c.timeout_ms()), c.attempts(),
                        Duration.ofMillis(c.max_timeout_ms()), c.edns_udp_size()),
                c.cache_max_entries(), c.negative_ttl_max());
    }

    @Deactivate
    void deactivate() {
        resolver.close();
    }

    @Override
    public List<InetAddress> resolve(String host) {
        return resolver.resolve(host);
    }

    @Override
    public CompletableFuture<List<InetAddress>> resolveAsync(String host) {
        return resolver.resolveAsync(host);
    }

    @Override
    public DnsAnswer lookup(String name, RecordType type) {
        return resolver.lookup(name, type);
    }

    @Override
    public CompletableFuture<DnsAnswer> lookupAsync(String name, RecordType type) {
        return resolver.lookupAsync(name, type);
    }

    @Override
    public ResolverStatus status() {
        return resolver.status();
    }

    @Override
    public void clearCache() {
        resolver.clearCache();
    }
}
