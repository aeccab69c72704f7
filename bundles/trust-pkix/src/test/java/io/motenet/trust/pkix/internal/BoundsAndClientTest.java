package io.motenet.trust.pkix.internal;

import static io.motenet.trust.pkix.internal.TestPki.NOW;
import static io.motenet.trust.pkix.internal.TestPki.cert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.motenet.trust.PeerIdentity;
import io.motenet.trust.Rule;
import io.motenet.trust.VerificationRequest;
import io.motenet.trust.Verdict;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.Test;

/** Hostile chains end in a bounded refusal; client certificates with e-mail identities. */
class BoundsAndClientTest {

    @Test
    void manyIntermediatesSharingSubjectAndKeyEndInABoundedRefusal() {
        // Go's TestPathologicalChains shape: every intermediate appears to have signed every other.
        TestPki.Issued root = cert("CN=Unrelated Root").ca(null).selfSigned();
        KeyPair shared = TestPki.p256();
        TestPki.Issued self = cert("CN=Loop CA", shared).ca(null).selfSigned();
        List<byte[]> chain = new ArrayList<>();
        TestPki.Issued leaf = cert("O=Leaf").dns("a.example").signedBy(self);
        chain.add(leaf.der());
        for (int i = 0; i < 40; i++) {
            chain.add(cert("CN=Loop CA", shared).ca(null).signedBy(self).der());
        }
        Verdict v = VerifierFixture.engine(root).verify(VerificationRequest.server(chain, PeerIdentity.dns("a.example"), NOW));
        assertFalse(v.trusted());
        assertTrue(Set.of(Rule.RESOURCE_LIMIT, Rule.NO_PATH_TO_ANCHOR, Rule.PATH_LENGTH).contains(((Verdict.Rejected) v).rule()), v::toString);
    }

    @Test
    void clientCertificateWithEmailIdentities() {
        TestPki.Issued root = cert("CN=Client Root").ca(null).selfSigned();
        TestPki.Issued leaf = cert("CN=Alice").noEku().purpose(KeyPurposeId.id_kp_clientAuth)
                .extension(Extension.extendedKeyUsage, false, new org.bouncycastle.asn1.x509.ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth))
                .extension(Extension.subjectAlternativeName, false,
                        new GeneralNames(new GeneralName(GeneralName.rfc822Name, "alice@Example.COM")))
                .signedBy(root);
        PkixEngine engine = VerifierFixture.engine(root);
        List<byte[]> chain = List.of(leaf.der());
        assertTrue(engine.verify(VerificationRequest.client(chain, List.of(), NOW)).trusted());
        assertTrue(engine.verify(VerificationRequest.client(chain, List.of(PeerIdentity.email("alice@example.com")), NOW)).trusted());
        Verdict bob = engine.verify(VerificationRequest.client(chain, List.of(PeerIdentity.email("bob@example.com")), NOW));
        assertEquals(Rule.PEER_IDENTITY, ((Verdict.Rejected) bob).rule());
        // local parts are case-sensitive
        assertFalse(engine.verify(VerificationRequest.client(chain, List.of(PeerIdentity.email("Alice@example.com")), NOW)).trusted());
        // a client certificate is no server certificate
        Verdict asServer = engine.verify(VerificationRequest.server(chain, PeerIdentity.dns("a.example"), NOW));
        assertFalse(asServer.trusted());
    }
}
