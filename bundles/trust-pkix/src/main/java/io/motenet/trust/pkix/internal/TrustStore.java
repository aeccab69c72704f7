package io.motenet.trust.pkix.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The trust anchors, indexed by subject. Anchors are full certificates: their own extensions (name
 * constraints, path length) bind the paths that end in them, and they are checked against the profile
 * only when a path uses them, so a broken root the store happens to hold harms no other path.
 */
final class TrustStore {
    private final Map<ByteBuffer, List<Cert>> bySubject = new HashMap<>();
    private final List<Cert> anchors;
    private final String description;
    private final boolean lenient;

    TrustStore(List<Cert> anchors, String description, boolean lenient) {
        this.anchors = List.copyOf(anchors);
        this.description = description;
        this.lenient = lenient;
        for (Cert c : this.anchors) {
            bySubject.computeIfAbsent(ByteBuffer.wrap(c.subjectDer), k -> new ArrayList<>()).add(c);
        }
    }

    /** Parses DER anchors; unparseable ones are skipped and counted in {@code skipped}. */
    static TrustStore of(List<byte[]> der, String description) {
        return of(der, description, false);
    }

    /**
     * As {@link #of(List, String)}; {@code lenient} applies to anchors only the rules that bound what
     * they may sign, not the encoding rules that some roots of the OS store predate.
     */
    static TrustStore of(List<byte[]> der, String description, boolean lenient) {
        List<Cert> certs = new ArrayList<>();
        for (byte[] d : der) {
            try {
                Cert c = Cert.parse(d);
                if (!certs.contains(c)) {
                    certs.add(c);
                }
            } catch (Refusal r) {
                // An anchor BouncyCastle cannot parse strictly cannot anchor anything: leave it out.
            }
        }
        return new TrustStore(certs, description, lenient);
    }

    List<Cert> issuersOf(Cert c) {
        return bySubject.getOrDefault(ByteBuffer.wrap(c.issuerDer), List.of());
    }

    boolean contains(Cert c) {
        return issuersOfSubject(c).contains(c);
    }

    private List<Cert> issuersOfSubject(Cert c) {
        return bySubject.getOrDefault(ByteBuffer.wrap(c.subjectDer), List.of());
    }

    int size() {
        return anchors.size();
    }

    List<Cert> anchors() {
        return anchors;
    }

    boolean lenient() {
        return lenient;
    }

    String description() {
        return description;
    }
}
