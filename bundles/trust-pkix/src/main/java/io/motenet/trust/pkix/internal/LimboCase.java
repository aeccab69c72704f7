package io.motenet.trust.pkix.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.motenet.trust.PeerIdentity;
import io.motenet.trust.Purpose;
import io.motenet.trust.VerificationRequest;
import io.motenet.trust.Verdict;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * One x509-limbo test case mapped onto a {@link VerificationRequest} and a trust store of the case's
 * trusted certificates. Reads only the inputs, never {@code expected_result}.
 */
public final class LimboCase {
    /** A harness result: SUCCESS, FAILURE or SKIPPED, and why. */
    public record Outcome(String result, String context) {
    }

    private static final Map<String, Integer> KEY_USAGE = Map.of(
            "digitalSignature", KeyUsage.digitalSignature, "contentCommitment", KeyUsage.nonRepudiation,
            "keyEncipherment", KeyUsage.keyEncipherment, "dataEncipherment", KeyUsage.dataEncipherment,
            "keyAgreement", KeyUsage.keyAgreement, "keyCertSign", KeyUsage.keyCertSign, "cRLSign", KeyUsage.cRLSign,
            "encipherOnly", KeyUsage.encipherOnly, "decipherOnly", KeyUsage.decipherOnly);

    private static final PublicSuffixList SUFFIXES = PublicSuffixList.load();

    private LimboCase() {
    }

    public static Outcome decide(JsonNode c) {
        try {
            return decideOrThrow(c);
        } catch (IOException | RuntimeException e) {
            return new Outcome("FAILURE", "case input rejected: " + e.getMessage());
        }
    }

    private static Outcome decideOrThrow(JsonNode c) throws IOException {
        String kind = c.path("validation_kind").asText();
        Purpose purpose = switch (kind) {
            case "SERVER" -> Purpose.SERVER_AUTH;
            case "CLIENT" -> Purpose.CLIENT_AUTH;
            default -> null;
        };
        if (purpose == null) {
            return new Outcome("SKIPPED", "validation kind " + kind + " not supported");
        }
        if (c.path("signature_algorithms").size() > 0) {
            return new Outcome("SKIPPED", "restricting signature algorithms is not supported");
        }
        for (JsonNode eku : c.path("extended_key_usage")) {
            String e = eku.asText();
            if (!(e.equals("serverAuth") && purpose == Purpose.SERVER_AUTH) && !(e.equals("clientAuth") && purpose == Purpose.CLIENT_AUTH)) {
                return new Outcome("SKIPPED", "extended key usage " + e + " for a " + kind + " validation is not supported");
            }
        }
        List<byte[]> trusted = new ArrayList<>();
        for (JsonNode p : c.path("trusted_certs")) {
            trusted.addAll(Pem.read(p.asText(), "CERTIFICATE"));
        }
        List<byte[]> chain = new ArrayList<>(Pem.read(c.path("peer_certificate").asText(), "CERTIFICATE"));
        if (chain.size() != 1) {
            throw new IOException("peer_certificate must hold one certificate");
        }
        for (JsonNode p : c.path("untrusted_intermediates")) {
            chain.addAll(Pem.read(p.asText(), "CERTIFICATE"));
        }
        List<byte[]> crls = new ArrayList<>();
        for (JsonNode p : c.path("crls")) {
            crls.addAll(Pem.read(p.asText(), "X509 CRL"));
        }
        List<PeerIdentity> ids = new ArrayList<>();
        JsonNode peer = c.path("expected_peer_name");
        if (!peer.isMissingNode() && !peer.isNull()) {
            ids.add(identity(peer));
        }
        for (JsonNode n : c.path("expected_peer_names")) {
            ids.add(identity(n));
        }
        JsonNode t = c.path("validation_time");
        Instant time = t.isMissingNode() || t.isNull() ? Instant.now() : OffsetDateTime.parse(t.asText()).toInstant();
        JsonNode depth = c.path("max_chain_depth");
        Optional<Integer> maxDepth = depth.isMissingNode() || depth.isNull() ? Optional.empty() : Optional.of(depth.asInt());

        PkixEngine engine = new PkixEngine(TrustStore.of(trusted, "limbo case"), Limits.DEFAULT, SUFFIXES);
        Verdict v = engine.verify(new VerificationRequest(chain, ids, purpose, time, crls, maxDepth));
        if (v instanceof Verdict.Rejected r) {
            return new Outcome("FAILURE", r.toString());
        }
        for (JsonNode ku : c.path("key_usage")) {
            Integer bit = KEY_USAGE.get(ku.asText());
            if (bit == null) {
                return new Outcome("SKIPPED", "key usage " + ku.asText() + " not supported");
            }
            Cert leaf;
            try {
                leaf = Cert.parse(chain.getFirst());
            } catch (Refusal e) {
                return new Outcome("FAILURE", e.getMessage());
            }
            if (leaf.keyUsage != null && !leaf.keyUsage.hasUsages(bit)) {
                return new Outcome("FAILURE", "leaf key usage lacks " + ku.asText());
            }
        }
        return new Outcome("SUCCESS", "path to " + ((Verdict.Trusted) v).anchorSubject());
    }

    private static PeerIdentity identity(JsonNode n) throws IOException {
        String value = n.path("value").asText();
        return switch (n.path("kind").asText()) {
            case "DNS" -> PeerIdentity.dns(value);
            case "IP" -> PeerIdentity.ip(value);
            case "RFC822" -> PeerIdentity.email(value);
            default -> throw new IOException("unknown peer name kind " + n.path("kind").asText());
        };
    }
}
