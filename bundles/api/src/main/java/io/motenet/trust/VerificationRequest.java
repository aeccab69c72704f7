package io.motenet.trust;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One verification: the chain as the peer sent it and what to check it against.
 *
 * @param chain DER certificates as sent, the peer's (end-entity) certificate first; the rest are
 *     untrusted candidates for path building, in any order, possibly with extra or missing ones
 * @param identities what the peer must be: usually one DNS name or IP address; for client validation
 *     zero or more e-mail addresses (all must be present). Empty means "do not check the identity",
 *     which only client validation should ask for.
 * @param purpose server or client authentication
 * @param time the instant to validate at (the TLS bundle passes the handshake's clock reading)
 * @param crls DER CRLs the caller already has (none are fetched); empty means no revocation check
 * @param maxIntermediates the largest number of intermediates (self-issued ones not counted) a path
 *     may have, or empty for the verifier's own bound
 */
public record VerificationRequest(
        List<byte[]> chain,
        List<PeerIdentity> identities,
        Purpose purpose,
        Instant time,
        List<byte[]> crls,
        Optional<Integer> maxIntermediates) {

    public VerificationRequest {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(time, "time");
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("chain is empty: the peer sent no certificate");
        }
        chain = copy(chain);
        identities = List.copyOf(identities);
        crls = copy(crls);
        Objects.requireNonNull(maxIntermediates, "maxIntermediates");
    }

    /** What a TLS client asks: the server's chain, the host it connected to, now. */
    public static VerificationRequest server(List<byte[]> chain, PeerIdentity peer, Instant time) {
        return new VerificationRequest(chain, List.of(peer), Purpose.SERVER_AUTH, time, List.of(), Optional.empty());
    }

    /** What a TLS server asks of a client certificate, optionally with the e-mail identities it expects. */
    public static VerificationRequest client(List<byte[]> chain, List<PeerIdentity> identities, Instant time) {
        return new VerificationRequest(chain, identities, Purpose.CLIENT_AUTH, time, List.of(), Optional.empty());
    }

    /** This request with CRLs to consult. */
    public VerificationRequest withCrls(List<byte[]> derCrls) {
        return new VerificationRequest(chain, identities, purpose, time, derCrls, maxIntermediates);
    }

    /** This request with a bound on the number of intermediates. */
    public VerificationRequest withMaxIntermediates(int max) {
        return new VerificationRequest(chain, identities, purpose, time, crls, Optional.of(max));
    }

    /** The peer's (end-entity) certificate, DER. */
    public byte[] peerCertificate() {
        return chain.getFirst().clone();
    }

    private static List<byte[]> copy(List<byte[]> in) {
        List<byte[]> out = new ArrayList<>(in.size());
        for (byte[] b : in) {
            out.add(Objects.requireNonNull(b, "null certificate").clone());
        }
        return List.copyOf(out);
    }
}
