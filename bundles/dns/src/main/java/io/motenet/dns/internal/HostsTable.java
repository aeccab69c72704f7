package io.motenet.dns.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.xbill.DNS.Address;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.hosts.HostsFileParser;

/**
 * The static hosts table from configuration ({@code "10.0.0.5 printer printer.lan"}, as a line of
 * /etc/hosts). Each entry is checked here, so that a typo is reported at configuration time; the
 * table is then written in hosts-file format and read by dnsjava's {@link HostsFileParser}, which
 * {@code LookupSession} asks before any query.
 */
final class HostsTable {
    private HostsTable() {
    }

    /** Writes the entries to {@code file} and returns a parser over it, or null when there are none. */
    static HostsFileParser write(String[] entries, Path file) {
        StringBuilder text = new StringBuilder("# written by motenet's DNS resolver from its configuration\n");
        int count = 0;
        for (String entry : entries) {
            String line = entry.strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] parts = line.split("\\s+");
            if (parts.length < 2) {
                throw new IllegalArgumentException("hosts entry '" + entry + "' needs an address and at least one name, "
                        + "like '10.0.0.5 printer printer.lan'");
            }
            InetAddress address = literal(parts[0], entry);
            for (int i = 1; i < parts.length; i++) {
                try {
                    Name.fromString(parts[i], Name.root);
                } catch (TextParseException e) {
                    throw new IllegalArgumentException("hosts entry '" + entry + "': '" + parts[i] + "' is not a valid name", e);
                }
            }
            text.append(address.getHostAddress()).append(' ').append(String.join(" ", List.of(parts).subList(1, parts.length)))
                    .append('\n');
            count++;
        }
        if (count == 0) {
            return null;
        }
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the hosts table to " + file + ": " + e.getMessage(), e);
        }
        return new HostsFileParser(file, false);
    }

    private static InetAddress literal(String s, String entry) {
        int family = s.contains(":") ? Address.IPv6 : Address.IPv4;
        byte[] bytes = Address.toByteArray(s, family);
        if (bytes == null) {
            throw new IllegalArgumentException("hosts entry '" + entry + "': '" + s + "' is not an IPv4 or IPv6 address");
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("hosts entry '" + entry + "': bad address", e);
        }
    }
}
