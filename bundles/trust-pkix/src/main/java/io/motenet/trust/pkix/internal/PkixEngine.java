package io.motenet.trust.pkix.internal;

import io.motenet.trust.PeerIdentity;
import io.motenet.trust.Purpose;
import io.motenet.trust.Rule;
import io.motenet.trust.VerificationRequest;
import io.motenet.trust.Verdict;
import java.security.PublicKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a path from the peer certificate through the untrusted certificates to a trust anchor and
 * validates it (RFC 5280 section 6), depth-first, anchors tried before intermediates; a path that
 * fails validation is abandoned for the next candidate, so a valid path is found when several exist.
 * All work is bounded by {@link Limits}. Thread-safe: per-verification state lives in {@link Search}.
 */
final class PkixEngine {
    private final TrustStore store;
    private final Limits limits;
    private final IdentityMatcher identities;
    /** Certificates parsed before, by their DER bytes (only ones that parsed). */
    private final BoundedCache<Bytes, Cert> parsed = new BoundedCache<>(2048);
    /** Signatures that verified before: (child DER, issuer SPKI DER). Failures are not cached. */
    private final BoundedCache<SignatureKey, Boolean> verified = new BoundedCache<>(2048);

    /** A signature check: this certificate under this public key. */
    private record SignatureKey(Bytes child, Bytes issuerKey) {
    }

    PkixEngine(TrustStore store, Limits limits, PublicSuffixList suffixes) {
        this.store = store;
        this.limits = limits;
        this.identities = new IdentityMatcher(suffixes);
    }

    TrustStore store() {
        return store;
    }

    Verdict verify(VerificationRequest request) {
        try {
            return new Search(request).run();
        } catch (Refusal r) {
            return r.verdict();
        } catch (RuntimeException e) {
            // Fail closed on anything unforeseen in hostile input, with the cause named.
            return new Verdict.Rejected(Rule.MALFORMED, "", "verification failed: " + e);
        }
    }

    /** The state of one verification. */
    private final class Search {
        private final Purpose purpose;
        private final Instant time;
        private final int maxIntermediates;
        private final Cert leaf;
        private final Map<java.nio.ByteBuffer, List<Cert>> intermediatesBySubject = new HashMap<>();
        private final CrlChecker crls;
        private final Map<Cert, Refusal> profileChecked = new HashMap<>();
        private final Map<SignatureKey, Boolean> signatures = new HashMap<>();
        private final NameConstraintChecker.Budget ncBudget;
        private final long deadline;
        private final List<Cert> path = new ArrayList<>();
        private int signatureChecks;
        private int candidates;
        private Refusal best;
        private int bestDepth = -1;

        Search(VerificationRequest r) throws Refusal {
            purpose = r.purpose();
            // Certificate times have whole seconds: compare at the second the request falls in.
            time = r.time().truncatedTo(ChronoUnit.SECONDS);
            maxIntermediates = r.maxIntermediates().orElse(limits.maxIntermediates());
            leaf = parse(r.chain().getFirst());
            for (byte[] der : r.chain().subList(1, r.chain().size())) {
                try {
                    Cert c = parse(der);
                    List<Cert> same = intermediatesBySubject.computeIfAbsent(java.nio.ByteBuffer.wrap(c.subjectDer), k -> new ArrayList<>());
                    if (!same.contains(c) && !c.equals(leaf)) {
                        same.add(c);
                    }
                } catch (Refusal ignored) {
                    // An unparseable extra certificate cannot be part of any path; ignore it.
                }
            }
            crls = new CrlChecker(r.crls());
            ncBudget = new NameConstraintChecker.Budget(limits.nameComparisons());
            deadline = System.nanoTime() + limits.timeBudget().toNanos();
            for (PeerIdentity id : r.identities()) {
                identities.check(leaf, id);
            }
        }

        Verdict run() throws Refusal {
            CertProfile.common(leaf);
            CertProfile.endEntity(leaf, purpose);
            checkValidity(leaf);
            path.add(leaf);
            Verdict v = extend(0);
            if (v != null) {
                if (purpose == Purpose.SERVER_AUTH) {
                    CertProfile.commonNameInSan(leaf);
                }
                return v;
            }
            if (best != null) {
                throw best;
            }
            throw new Refusal(Rule.NO_PATH_TO_ANCHOR, leaf, "no trust anchor or intermediate issued it (issuer "
                    + new Cert.NameText(leaf.issuer) + ")");
        }

        /** Tries every issuer of the last certificate in the path; null when none leads to a valid path. */
        private Verdict extend(int intermediatesSoFar) throws Refusal {
            Cert child = path.getLast();
            for (Cert anchor : store.issuersOf(child)) {
                step();
                if (!keyIdsMatch(child, anchor)) {
                    continue;
                }
                try {
                    checkProfile(anchor, true);
                    checkSignature(child, anchor);
                    validate(anchor);
                    List<byte[]> der = new ArrayList<>();
                    path.forEach(c -> der.add(c.der));
                    der.add(anchor.der);
                    return new Verdict.Trusted(der, anchor.name());
                } catch (Refusal r) {
                    remember(r);
                }
            }
            for (Cert ica : intermediatesBySubject.getOrDefault(java.nio.ByteBuffer.wrap(child.issuerDer), List.of())) {
                step();
                if (!keyIdsMatch(child, ica) || onPath(ica)) {
                    continue;
                }
                if (path.size() >= limits.maxPathCertificates()) {
                    remember(new Refusal(Rule.PATH_LENGTH, ica, "path would exceed " + limits.maxPathCertificates() + " certificates"));
                    continue;
                }
                int count = intermediatesSoFar + (ica.selfIssued ? 0 : 1);
                try {
                    if (count > maxIntermediates) {
                        throw new Refusal(Rule.PATH_LENGTH, ica, "path would need more than " + maxIntermediates + " intermediates");
                    }
                    checkProfile(ica, false);
                    checkValidity(ica);
                    checkSignature(child, ica);
                } catch (Refusal r) {
                    remember(r);
                    continue;
                }
                path.add(ica);
                Verdict v = extend(count);
                path.removeLast();
                if (v != null) {
                    return v;
                }
            }
            return null;
        }

        /** The whole path (leaf .. last intermediate, then anchor) against RFC 5280 6.1. */
        private void validate(Cert anchor) throws Refusal {
            List<Cert> constraining = new ArrayList<>();
            int maxPath = Integer.MAX_VALUE;
            if (anchor.basicConstraints.getPathLenConstraint() != null) {
                maxPath = anchor.basicConstraints.getPathLenConstraint().intValue();
            }
            if (anchor.nameConstraints != null) {
                constraining.add(anchor);
            }
            for (int i = path.size() - 1; i >= 1; i--) {
                Cert ica = path.get(i);
                if (!ica.selfIssued) {
                    for (Cert ca : constraining) {
                        NameConstraintChecker.check(ica, ca, ncBudget);
                    }
                    if (maxPath <= 0) {
                        throw new Refusal(Rule.PATH_LENGTH, ica, "a path length constraint above it allows no further CA");
                    }
                    maxPath--;
                }
                if (ica.basicConstraints.getPathLenConstraint() != null) {
                    maxPath = Math.min(maxPath, ica.basicConstraints.getPathLenConstraint().intValue());
                }
                if (ica.nameConstraints != null) {
                    constraining.add(ica);
                }
            }
            for (Cert ca : constraining) {
                NameConstraintChecker.check(leaf, ca, ncBudget);
            }
            if (!crls.isEmpty()) {
                for (int i = 0; i < path.size(); i++) {
                    Cert issuer = i + 1 < path.size() ? path.get(i + 1) : anchor;
                    crls.check(path.get(i), issuer, key(issuer));
                }
            }
        }

        private void checkProfile(Cert c, boolean anchor) throws Refusal {
            if (profileChecked.containsKey(c)) {
                Refusal r = profileChecked.get(c);
                if (r != null) {
                    throw r;
                }
                return;
            }
            try {
                boolean lenient = anchor && store.lenient();
                CertProfile.common(c, lenient);
                CertProfile.issuer(c, purpose, anchor, lenient);
                profileChecked.put(c, null);
            } catch (Refusal r) {
                profileChecked.put(c, r);
                throw r;
            }
        }

        private void checkValidity(Cert c) throws Refusal {
            if (time.isBefore(c.notBefore)) {
                throw new Refusal(Rule.VALIDITY, c, "not valid before " + c.notBefore + " (validating at " + time + ")");
            }
            if (time.isAfter(c.notAfter)) {
                throw new Refusal(Rule.VALIDITY, c, "expired at " + c.notAfter + " (validating at " + time + ")");
            }
        }

        private void checkSignature(Cert child, Cert issuer) throws Refusal {
            SignatureKey key = new SignatureKey(child.derKey, issuer.spkiKey);
            Boolean ok = signatures.get(key);
            if (ok == null && verified.get(key) != null) {
                ok = true;
            }
            if (ok == null) {
                if (++signatureChecks > limits.maxSignatureChecks()) {
                    throw new Refusal(Rule.RESOURCE_LIMIT, child, "more than " + limits.maxSignatureChecks() + " signature checks");
                }
                ok = Signatures.verify(child.asn1.getSignatureAlgorithm(), child.tbsDer, child.asn1.getSignature().getOctets(),
                        key(issuer), child);
                signatures.put(key, ok);
                if (ok) {
                    verified.put(key, true);
                }
            }
            if (!ok) {
                throw new Refusal(Rule.SIGNATURE, child, "signature does not verify with the key of " + issuer.name());
            }
        }


        private PublicKey key(Cert c) throws Refusal {
            return c.publicKey();
        }

        /** Resource limits end the whole search; everything else just rules out one candidate. */
        private void remember(Refusal r) throws Refusal {
            if (r.rule == Rule.RESOURCE_LIMIT) {
                throw r;
            }
            if (path.size() >= bestDepth) {
                best = r;
                bestDepth = path.size();
            }
        }

        private void step() throws Refusal {
            if (++candidates > limits.maxCandidates()) {
                throw new Refusal(Rule.RESOURCE_LIMIT, leaf, "more than " + limits.maxCandidates() + " candidate issuers considered");
            }
            if (System.nanoTime() - deadline > 0) {
                throw new Refusal(Rule.RESOURCE_LIMIT, leaf, "path building took longer than " + limits.timeBudget().toMillis() + " ms");
            }
        }

        private boolean onPath(Cert c) {
            for (Cert p : path) {
                if (p.equals(c) || (Arrays.equals(p.subjectDer, c.subjectDer) && Arrays.equals(p.spkiDer, c.spkiDer))) {
                    return true;
                }
            }
            return false;
        }
    }

    private Cert parse(byte[] der) throws Refusal {
        Bytes key = new Bytes(der);
        Cert c = parsed.get(key);
        if (c == null) {
            c = Cert.parse(der); // a private copy: the cache outlives the caller's array
            parsed.put(c.derKey, c);
        }
        return c;
    }

    /** A child naming its issuer's key identifier only matches an issuer with that subject key identifier. */
    private static boolean keyIdsMatch(Cert child, Cert issuer) {
        byte[] aki = child.akiKeyId();
        return aki == null || issuer.ski == null || Arrays.equals(aki, issuer.ski);
    }
}
