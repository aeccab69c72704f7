package io.motenet.trust;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The outcome of {@link CertificateVerifier#verify}: trusted with a path, or rejected with a reason. */
public sealed interface Verdict {

    /** Whether the chain is trusted. */
    boolean trusted();

    /**
     * The chain is trusted.
     *
     * @param path the validated path, DER, peer certificate first and trust anchor last
     * @param anchorSubject the trust anchor's subject (RFC 4514 string), for logs and session facts
     */
    record Trusted(List<byte[]> path, String anchorSubject) implements Verdict {
        public Trusted {
            List<byte[]> copy = new ArrayList<>(path.size());
            path.forEach(b -> copy.add(b.clone()));
            path = List.copyOf(copy);
            Objects.requireNonNull(anchorSubject, "anchorSubject");
        }

        @Override
        public boolean trusted() {
            return true;
        }
    }

    /**
     * The chain is refused.
     *
     * @param rule the rule that failed
     * @param certificate the subject (RFC 4514) of the certificate that broke it, or "" when none
     *     applies (e.g. no path at all)
     * @param message a sentence a person can act on
     */
    record Rejected(Rule rule, String certificate, String message) implements Verdict {
        public Rejected {
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public boolean trusted() {
            return false;
        }

        @Override
        public String toString() {
            return rule + (certificate.isEmpty() ? "" : " [" + certificate + "]") + ": " + message;
        }
    }
}
