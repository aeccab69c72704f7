package io.motenet.trust;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Decides whether a certificate chain presented by a peer is trusted for a purpose and identity.
 *
 * <p>Registered as an OSGi service. A consumer (the TLS bundle) uses the service with the highest
 * {@code service.ranking}, or the one whose {@link #VERIFIER_NAME} its configuration names, for each
 * new handshake. Implementations must be thread-safe, must never block on the network, must bound
 * their own work (hostile chains must not hang a handshake) and must fail closed: any doubt is a
 * {@link Verdict.Rejected}.
 *
 * <p>Consumer type: other bundles (pinning, insecure, test doubles) implement it as well.
 */
@ConsumerType
public interface CertificateVerifier {

    /** Service property: short name of the verifier, e.g. {@code "pkix"} (String). */
    String VERIFIER_NAME = "motenet.trust.verifier";

    /**
     * Service property: the root store the verifier uses, e.g. {@code "os:/etc/ssl/certs/ca-certificates.crt"}
     * or {@code "config:3 anchors"} (String).
     */
    String STORE = "motenet.trust.store";

    /** Service property: number of trust anchors loaded (Integer). */
    String ANCHOR_COUNT = "motenet.trust.anchors";

    /**
     * Verifies a chain. Never throws for a bad or malformed chain: that is a {@link Verdict.Rejected}.
     *
     * @param request the chain, identity, purpose and time
     * @return the verdict, never {@code null}
     */
    Verdict verify(VerificationRequest request);
}
