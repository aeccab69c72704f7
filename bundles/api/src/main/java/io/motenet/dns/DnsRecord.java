package io.motenet.dns;

/**
 * One resource record of an answer.
 *
 * @param name  the owner name, absolute (ends with a dot)
 * @param type  its type, or null for a type not in {@link RecordType}
 * @param ttl   seconds it may be cached for, as the server gave it (0 for hosts-table entries)
 * @param data  the record data in presentation format (an address, a target name, quoted text ...)
 */
public record DnsRecord(String name, RecordType type, long ttl, String data) {
}
