package io.motenet.shell.internal;

import java.util.ArrayList;
import java.util.List;

import io.motenet.dns.DnsException;
import io.motenet.dns.RecordType;
import io.motenet.dns.Resolver;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code dns:lookup NAME [TYPE]} — asks the {@link Resolver} (A and AAAA when no type is given) and
 * shows the records, CNAMEs and how long it took; {@code dns:cache [clear]} — the resolver's
 * servers, search domains, counters and cache. The resolver is optional and dynamic: the commands
 * stay registered and say so while none is bound.
 */
@Component(service = DnsCommands.class, property = {
        "osgi.command.scope=dns",
        "osgi.command.function=lookup",
        "osgi.command.function=cache"
})
public final class DnsCommands {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Resolver resolver;

    public String lookup(String name) {
        return lookup(name, List.of(RecordType.A, RecordType.AAAA));
    }

    public String lookup(String name, String type) {
        try {
            return lookup(name, List.of(RecordType.parse(type)));
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private String lookup(String name, List<RecordType> types) {
        Resolver r = resolver;
        if (r == null) {
            return DnsTable.NO_RESOLVER;
        }
        List<DnsTable.Result> results = new ArrayList<>();
        for (RecordType type : types) {
            long start = System.nanoTime();
            try {
                results.add(new DnsTable.Result(type, r.lookup(name, type), null, (System.nanoTime() - start) / 1000));
            } catch (DnsException e) {
                results.add(new DnsTable.Result(type, null, e.getClass().getSimpleName() + ": " + e.getMessage(),
                        (System.nanoTime() - start) / 1000));
            }
        }
        return DnsTable.answers(name, results);
    }

    public String cache() {
        Resolver r = resolver;
        return r == null ? DnsTable.NO_RESOLVER : DnsTable.status(r.status());
    }

    public String cache(String action) {
        Resolver r = resolver;
        if (r == null) {
            return DnsTable.NO_RESOLVER;
        }
        if (!"clear".equals(action)) {
            return "usage: dns:cache [clear]";
        }
        int before = r.status().cacheEntries();
        r.clearCache();
        return "cache cleared (" + before + " entries)";
    }
}
