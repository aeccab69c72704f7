package io.motenet.dns;

import java.util.List;

/**
 * The answer to a lookup.
 *
 * @param name      the name the records belong to, after search domains and CNAMEs (absolute)
 * @param type      the type asked for
 * @param records   the records of that type (empty when the name has none)
 * @param aliases   the names whose CNAMEs led to {@code name}, in order
 */
public record DnsAnswer(String name, RecordType type, List<DnsRecord> records, List<String> aliases) {

    public DnsAnswer {
        records = List.copyOf(records);
        aliases = List.copyOf(aliases);
    }
}
