package io.motenet.trust.pkix.internal;

import java.time.Duration;

/**
 * Bounds on one verification, so that a hostile chain costs at most this much.
 *
 * @param maxIntermediates intermediates (self-issued ones not counted) when the request names none
 * @param maxPathCertificates certificates in a candidate path, anchor excluded, self-issued included
 * @param maxSignatureChecks distinct signature verifications
 * @param maxCandidates candidate issuers considered
 * @param nameComparisons name-constraint comparisons
 * @param timeBudget wall-clock time
 */
record Limits(int maxIntermediates, int maxPathCertificates, int maxSignatureChecks, int maxCandidates,
        long nameComparisons, Duration timeBudget) {

    /** Generous for every real chain (public ones have 1-3 intermediates), tiny for an attacker. */
    static final Limits DEFAULT = new Limits(8, 12, 64, 512, 250_000, Duration.ofMillis(500));
}
