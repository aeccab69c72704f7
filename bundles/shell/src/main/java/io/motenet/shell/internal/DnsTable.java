package io.motenet.shell.internal;

import java.util.List;
import java.util.Map;

import io.motenet.dns.DnsAnswer;
import io.motenet.dns.DnsRecord;
import io.motenet.dns.RecordType;
import io.motenet.dns.ResolverStatus;

/** The text of {@code dns:lookup} and {@code dns:cache}. */
final class DnsTable {

    static final String NO_RESOLVER = "no DNS resolver is bound (is the io.motenet.dns bundle started, and a network stack?)";

    /** One type's outcome: an answer, or the error's text; {@code micros} the time it took. */
    record Result(RecordType type, DnsAnswer answer, String error, long micros) {}

    private DnsTable() {}

    static String answers(String name, List<Result> results) {
        StringBuilder out = new StringBuilder();
        String format = "%-30s %7s %-5s %s%n";
        out.append(String.format(format, "NAME", "TTL", "TYPE", "DATA"));
        for (Result r : results) {
            if (r.error() != null) {
                out.append(String.format("%-30s %7s %-5s %s%n", name, "", r.type(), r.error()));
            } else if (r.answer().records().isEmpty()) {
                out.append(String.format(format, r.answer().name(), "", r.type(), "(no records)"));
            } else {
                for (String alias : r.answer().aliases()) {
                    out.append(String.format(format, alias, "", "CNAME", "→ (followed)"));
                }
                for (DnsRecord rec : r.answer().records()) {
                    out.append(String.format(format, rec.name(), rec.ttl(), rec.type() == null ? "?" : rec.type(), rec.data()));
                }
            }
        }
        out.append(String.format("%s in ", name));
        for (int i = 0; i < results.size(); i++) {
            Result r = results.get(i);
            out.append(i == 0 ? "" : ", ").append(r.type()).append(' ').append(millis(r.micros()));
        }
        return out.toString();
    }

    private static String millis(long micros) {
        return String.format("%.1f ms", micros / 1000.0);
    }

    static String status(ResolverStatus s) {
        StringBuilder out = new StringBuilder();
        out.append("servers (").append(s.serverSource()).append("): ")
                .append(s.servers().isEmpty() ? "none" : String.join(" ", s.servers().stream()
                        .map(a -> a.getAddress().getHostAddress() + (a.getPort() == 53 ? "" : ":" + a.getPort())).toList()))
                .append('\n');
        out.append("search: ").append(s.searchDomains().isEmpty() ? "-" : String.join(" ", s.searchDomains())).append('\n');
        out.append("counters:");
        if (s.counters().isEmpty()) {
            out.append(" -");
        }
        for (Map.Entry<String, Long> e : s.counters().entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
            out.append(' ').append(e.getKey()).append('=').append(e.getValue());
        }
        out.append('\n');
        out.append("cache: ").append(s.cacheEntries()).append(" of at most ").append(s.cacheMax()).append(" names\n");
        for (String line : s.cache()) {
            // dnsjava's lines end with its credibility level, which means nothing to a person here
            out.append("  ").append(line.replaceFirst(" cl = \\d+$", "")).append('\n');
        }
        return out.toString().stripTrailing();
    }
}
