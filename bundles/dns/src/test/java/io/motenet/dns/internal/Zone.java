package io.motenet.dns.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A scripted authoritative server: records in zone-file text, answers built with dnsjava
 * (CNAMEs followed inside the zone, NXDOMAIN and NODATA with the zone's SOA for negative caching,
 * RFC 2308). The tests build answers this way and then damage them on purpose.
 */
final class Zone {
    private final List<Record> records = new ArrayList<>();
    private final Record soa;

    Zone(String origin, String... lines) {
        try {
            soa = Record.fromString(Name.fromString(origin), Type.SOA, 1, 300,
                    "ns." + origin + " admin." + origin + " 1 3600 600 86400 300", Name.root);
            for (String line : lines) {
                String[] p = line.split("\\s+", 4); // name ttl type data
                records.add(Record.fromString(Name.fromString(p[0], Name.root), Type.value(p[2]), 1,
                        Long.parseLong(p[1]), p[3], Name.root));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The answer to a query (bytes as sent), as a server would build it. */
    byte[] answer(byte[] queryBytes) throws IOException {
        return answerMessage(new Message(queryBytes)).toWire(65535);
    }

    Message answerMessage(Message query) {
        Record q = query.getQuestion();
        Message r = new Message(query.getHeader().getID());
        r.getHeader().setFlag(Flags.QR);
        r.getHeader().setFlag(Flags.AA);
        r.getHeader().setFlag(Flags.RA);
        r.addRecord(q, Section.QUESTION);
        Name name = q.getName();
        boolean exists = false;
        for (int hops = 0; hops < 8; hops++) {
            Name current = name;
            List<Record> here = records.stream().filter(x -> x.getName().equals(current)).toList();
            exists |= !here.isEmpty();
            Record cname = here.stream().filter(x -> x.getType() == Type.CNAME && q.getType() != Type.CNAME).findFirst().orElse(null);
            if (cname != null) {
                r.addRecord(cname, Section.ANSWER);
                name = ((org.xbill.DNS.CNAMERecord) cname).getTarget();
                continue;
            }
            here.stream().filter(x -> x.getType() == q.getType()).forEach(x -> r.addRecord(x, Section.ANSWER));
            break;
        }
        if (r.getSection(Section.ANSWER).isEmpty()) {
            if (!exists) {
                r.getHeader().setRcode(Rcode.NXDOMAIN);
            }
            r.addRecord(soa, Section.AUTHORITY);
        }
        return r;
    }
}
