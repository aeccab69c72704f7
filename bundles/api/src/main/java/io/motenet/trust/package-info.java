/**
 * Certificate verification: the contract between the TLS bundle and the verifiers.
 *
 * <p>The TLS bundle calls the highest-ranked {@link io.motenet.trust.CertificateVerifier} on every
 * handshake with the chain exactly as the peer sent it, the identity it expected and the time to
 * validate at. A verifier answers with a {@link io.motenet.trust.Verdict}: the validated path, or
 * the certificate and the rule that made it refuse. Verifiers never throw for a bad chain.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
@org.osgi.annotation.bundle.Export
package io.motenet.trust;
