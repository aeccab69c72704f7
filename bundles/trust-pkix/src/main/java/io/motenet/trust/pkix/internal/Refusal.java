package io.motenet.trust.pkix.internal;

import io.motenet.trust.Rule;
import io.motenet.trust.Verdict;

/**
 * A rule a certificate breaks, thrown inside the validator and turned into a {@link Verdict.Rejected}
 * at the edge. Carries no stack trace: refusals are ordinary outcomes on hostile input, not bugs.
 */
final class Refusal extends Exception {
    private static final long serialVersionUID = 1L;

    final Rule rule;
    final String certificate;

    Refusal(Rule rule, String certificate, String message) {
        super(message, null, false, false);
        this.rule = rule;
        this.certificate = certificate;
    }

    Refusal(Rule rule, Cert cert, String message) {
        this(rule, cert == null ? "" : cert.name(), message);
    }

    Verdict.Rejected verdict() {
        return new Verdict.Rejected(rule, certificate, getMessage());
    }
}
