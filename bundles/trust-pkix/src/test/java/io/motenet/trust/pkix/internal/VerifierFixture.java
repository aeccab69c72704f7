package io.motenet.trust.pkix.internal;

import io.motenet.trust.PeerIdentity;
import io.motenet.trust.VerificationRequest;
import io.motenet.trust.Verdict;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A verifier over given anchors, and short ways to ask it. */
final class VerifierFixture {
    static final PublicSuffixList SUFFIXES = PublicSuffixList.load();

    private VerifierFixture() {
    }

    static PkixEngine engine(TestPki.Issued... anchors) {
        return new PkixEngine(TrustStore.of(Arrays.stream(anchors).map(TestPki.Issued::der).toList(), "test"),
                Limits.DEFAULT, SUFFIXES);
    }

    static Verdict verify(PkixEngine engine, String host, TestPki.Issued leaf, TestPki.Issued... intermediates) {
        List<byte[]> chain = new ArrayList<>();
        chain.add(leaf.der());
        for (TestPki.Issued i : intermediates) {
            chain.add(i.der());
        }
        return engine.verify(VerificationRequest.server(chain, PeerIdentity.forHost(host), TestPki.NOW));
    }
}
