package io.motenet.trust.pkix.internal;

import static io.motenet.trust.pkix.internal.TestPki.NOW;
import static io.motenet.trust.pkix.internal.TestPki.cert;
import static io.motenet.trust.pkix.internal.VerifierFixture.verify;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.motenet.trust.PeerIdentity;
import io.motenet.trust.Rule;
import io.motenet.trust.VerificationRequest;
import io.motenet.trust.Verdict;
import java.security.KeyPair;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.Test;

/** Path building and RFC 5280 validation with generated certificates. */
class PathValidationTest {

    private static Verdict.Rejected rejected(Verdict v) {
        assertTrue(v instanceof Verdict.Rejected, () -> "expected a refusal, got " + v);
        return (Verdict.Rejected) v;
    }

    private static Verdict.Trusted trusted(Verdict v) {
        assertTrue(v instanceof Verdict.Trusted, () -> "expected trust, got " + v);
        return (Verdict.Trusted) v;
    }

    @Test
    void simpleChainGivesPathLeafFirstAnchorLast() {
        TestPki.Issued root = cert("CN=Root").ca(null).selfSigned();
        TestPki.Issued ica = cert("CN=ICA").ca(0).signedBy(root);
        TestPki.Issued leaf = cert("CN=www.example.com").dns("www.example.com").signedBy(ica);
        Verdict.Trusted t = trusted(verify(VerifierFixture.engine(root), "www.example.com", leaf, ica));
        assertEquals(3, t.path().size());
        assertArrayEquals(leaf.der(), t.path().get(0));
        assertArrayEquals(root.der(), t.path().get(2));
        assertEquals("CN=Root", t.anchorSubject());
    }

    @Test
    void pathLengthAtTheEdge() {
        TestPki.Issued root = cert("CN=Root").ca(null).selfSigned();
        // pathlen 1: one more CA below is allowed
        TestPki.Issued top1 = cert("CN=Top pathlen 1").ca(1).signedBy(root);
        TestPki.Issued mid1 = cert("CN=Mid").ca(null).signedBy(top1);
        TestPki.Issued leaf1 = cert("O=Leaf").dns("a.example").signedBy(mid1);
        trusted(verify(VerifierFixture.engine(root), "a.example", leaf1, mid1, top1));
        // pathlen 0: the same shape is one CA too many
        TestPki.Issued top0 = cert("CN=Top pathlen 0").ca(0).signedBy(root);
        TestPki.Issued mid0 = cert("CN=Mid 0").ca(null).signedBy(top0);
        TestPki.Issued leaf0 = cert("O=Leaf").dns("a.example").signedBy(mid0);
        Verdict.Rejected r = rejected(verify(VerifierFixture.engine(root), "a.example", leaf0, mid0, top0));
        assertEquals(Rule.PATH_LENGTH, r.rule(), r::toString);
        assertEquals("CN=Mid 0", r.certificate());
        // pathlen 0 directly above the leaf is fine: the leaf is not counted
        TestPki.Issued leafUnderTop0 = cert("O=Leaf").dns("a.example").signedBy(top0);
        trusted(verify(VerifierFixture.engine(root), "a.example", leafUnderTop0, top0));
    }

    @Test
    void requestBoundOnIntermediates() {
        TestPki.Issued root = cert("CN=Root").ca(null).selfSigned();
        TestPki.Issued i1 = cert("CN=I1").ca(null).signedBy(root);
        TestPki.Issued i2 = cert("CN=I2").ca(null).signedBy(i1);
        TestPki.Issued leaf = cert("O=Leaf").dns("a.example").signedBy(i2);
        PkixEngine engine = VerifierFixture.engine(root);
        VerificationRequest req = VerificationRequest.server(List.of(leaf.der(), i2.der(), i1.der()), PeerIdentity.dns("a.example"), NOW);
        trusted(engine.verify(req.withMaxIntermediates(2)));
        assertEquals(Rule.PATH_LENGTH, rejected(engine.verify(req.withMaxIntermediates(1))).rule());
    }

    @Test
    void expiredIntermediateWithValidAlternativePath() {
        TestPki.Issued root = cert("CN=Root").ca(null).selfSigned();
        KeyPair icaKeys = TestPki.p256();
        TestPki.Issued expired = cert("CN=ICA", icaKeys).ca(null)
                .validity(NOW.minusSeconds(86_400 * 400L), NOW.minusSeconds(86_400)).signedBy(root);
        TestPki.Issued current = cert("CN=ICA", icaKeys).ca(null).signedBy(root);
        TestPki.Issued leaf = cert("O=Leaf").dns("a.example").signedBy(current);
        // The expired one is sent first; the builder must move on to the valid one.
        Verdict.Trusted t = trusted(verify(VerifierFixture.engine(root), "a.example", leaf, expired, current));
        assertArrayEquals(current.der(), t.path().get(1));
        // With only the expired one, the refusal names it and the rule.
        Verdict.Rejected r = rejected(verify(VerifierFixture.engine(root), "a.example", leaf, expired));
        assertEquals(Rule.VALIDITY, r.rule());
        assertEquals("CN=ICA", r.certificate());
    }

    @Test
    void crossSignedRoots() {
        TestPki.Issued oldRoot = cert("CN=Old Root").ca(null).selfSigned();
        KeyPair newRootKeys = TestPki.p256();
        TestPki.Issued newRoot = cert("CN=New Root", newRootKeys).ca(null).selfSigned();
        TestPki.Issued newRootCross = cert("CN=New Root", newRootKeys).ca(null).signedBy(oldRoot);
        TestPki.Issued ica = cert("CN=ICA").ca(0).signedBy(newRoot);
        TestPki.Issued leaf = cert("O=Leaf").dns("a.example").signedBy(ica);

        // Client that only trusts the old root: path through the cross-signed certificate.
        Verdict.Trusted viaCross = trusted(verify(VerifierFixture.engine(oldRoot), "a.example", leaf, ica, newRootCross));
        assertEquals(4, viaCross.path().size());
        assertEquals("CN=Old Root", viaCross.anchorSubject());
        // Client that trusts the new root: the shorter path ends at it although the cross is sent.
        Verdict.Trusted direct = trusted(verify(VerifierFixture.engine(newRoot), "a.example", leaf, ica, newRootCross));
        assertEquals(3, direct.path().size());
        assertEquals("CN=New Root", direct.anchorSubject());
        // Neither root trusted: no path.
        TestPki.Issued other = cert("CN=Other").ca(null).selfSigned();
        assertEquals(Rule.NO_PATH_TO_ANCHOR, rejected(verify(VerifierFixture.engine(other), "a.example", leaf, ica, newRootCross)).rule());
    }

    @Test
    void excludedNameConstraintSubtrees() {
        TestPki.Issued root = cert("CN=Root").ca(null).selfSigned();
        TestPki.Issued ica = cert("CN=ICA").ca(null).excludeDns("bad.example.com").signedBy(root);
        TestPki.Issued ok = cert("O=Leaf").dns("good.example.com").signedBy(ica);
        trusted(verify(VerifierFixture.engine(root), "good.example.com", ok, ica));
        for (String san : new String[] {"bad.example.com", "deep.sub.bad.example.com", "BAD.Example.com"}) {
            TestPki.Issued leaf = cert("O=Leaf").dns("good.example.com", san).signedBy(ica);
            Verdict.Rejected r = rejected(verify(VerifierFixture.engine(root), "good.example.com", leaf, ica));
            assertEquals(Rule.NAME_CONSTRAINTS, r.rule(), san);
        }
        // A wildcard that could stand for an excluded name is refused as well (CVE-2025-61727).
        TestPki.Issued wild = cert("O=Leaf").dns("*.example.com").signedBy(ica);
        assertEquals(Rule.NAME_CONSTRAINTS, rejected(verify(VerifierFixture.engine(root), "x.example.com", wild, ica)).rule());
        // "notbad.example.com" is not inside "bad.example.com"
        TestPki.Issued near = cert("O=Leaf").dns("notbad.example.com").signedBy(ica);
        trusted(verify(VerifierFixture.engine(root), "notbad.example.com", near, ica));
    }

    @Test
    void nameConstraintsOnTheTrustAnchor() {
        TestPki.Issued root = cert("CN=Constrained Root").ca(null).permitDns("corp.example").selfSigned();
        TestPki.Issued ica = cert("CN=ICA").ca(null).signedBy(root);
        trusted(verify(VerifierFixture.engine(root), "a.corp.example", cert("O=L").dns("a.corp.example").signedBy(ica), ica));
        Verdict.Rejected r = rejected(verify(VerifierFixture.engine(root), "www.example.com",
                cert("O=L").dns("www.example.com").signedBy(ica), ica));
        assertEquals(Rule.NAME_CONSTRAINTS, r.rule());
    }

    @Test
    void signatureAlgorithms() {
        for (String[] kind : new String[][] {
                {"RSA", "2048", "SHA256withRSA"}, {"RSA", "2048", "SHA384withRSAandMGF1"},
                {"EC384", "0", "SHA384withECDSA"}, {"Ed25519", "0", "Ed25519"}}) {
            KeyPair rootKeys = kind[0].equals("EC384") ? TestPki.ecKey("secp384r1") : TestPki.key(kind[0], Integer.parseInt(kind[1]));
            TestPki.Issued root = cert("CN=Root " + kind[2], rootKeys).ca(null).signedBy(selfIssuer(rootKeys, kind[2]), kind[2]);
            TestPki.Issued leaf = cert("O=Leaf").dns("a.example").signedBy(root, kind[2]);
            trusted(verify(VerifierFixture.engine(root), "a.example", leaf));
        }
    }

    /** A stand-in issuer record so that a root can be self-signed with any algorithm. */
    private static TestPki.Issued selfIssuer(KeyPair keys, String alg) {
        return new TestPki.Issued(keys, new byte[0], new org.bouncycastle.asn1.x500.X500Name("CN=Root " + alg), alg);
    }

    @Test
    void wrongIssuerKeyIsASignatureFailure() {
        TestPki.Issued root = cert("CN=Root").ca(null).selfSigned();
        TestPki.Issued impostor = cert("CN=Root").ca(null).selfSigned(); // same name, other key
        TestPki.Issued leaf = cert("O=Leaf").dns("a.example").signedBy(impostor);
        // AKI names the impostor's key, so the real root is not even a candidate.
        assertTrue(!verify(VerifierFixture.engine(root), "a.example", leaf).trusted());
    }

    @Test
    void weakKeysAreRefused() {
        KeyPair small = TestPki.key("RSA", 1024);
        TestPki.Issued root = cert("CN=Small Root", small).ca(null).signedBy(selfIssuer(small, "SHA256withRSA"), "SHA256withRSA");
        TestPki.Issued leaf = cert("O=Leaf").dns("a.example").signedBy(root, "SHA256withRSA");
        assertEquals(Rule.WEAK_KEY, rejected(verify(VerifierFixture.engine(root), "a.example", leaf)).rule());
    }

    @Test
    void unknownCriticalExtensionIsRefused() {
        TestPki.Issued root = cert("CN=Root").ca(null).selfSigned();
        TestPki.Issued ica = cert("CN=ICA").ca(null)
                .extension(new ASN1ObjectIdentifier("1.3.6.1.4.1.55738.666.1"), true, new DERUTF8String("x")).signedBy(root);
        TestPki.Issued leaf = cert("O=Leaf").dns("a.example").signedBy(ica);
        assertEquals(Rule.UNKNOWN_CRITICAL_EXTENSION, rejected(verify(VerifierFixture.engine(root), "a.example", leaf, ica)).rule());
        // the same extension, not critical, is ignored
        TestPki.Issued ica2 = cert("CN=ICA2").ca(null)
                .extension(new ASN1ObjectIdentifier("1.3.6.1.4.1.55738.666.1"), false, new DERUTF8String("x")).signedBy(root);
        trusted(verify(VerifierFixture.engine(root), "a.example", cert("O=Leaf").dns("a.example").signedBy(ica2), ica2));
    }

    @Test
    void purposeAndCaAsLeaf() {
        TestPki.Issued root = cert("CN=Root").ca(null).selfSigned();
        TestPki.Issued clientOnly = cert("O=Leaf").dns("a.example").purpose(KeyPurposeId.id_kp_clientAuth).signedBy(root);
        assertEquals(Rule.EXTENDED_KEY_USAGE, rejected(verify(VerifierFixture.engine(root), "a.example", clientOnly)).rule());
        TestPki.Issued caLeaf = cert("CN=CA Leaf").ca(null).dns("a.example").signedBy(root);
        assertEquals(Rule.BASIC_CONSTRAINTS, rejected(verify(VerifierFixture.engine(root), "a.example", caLeaf)).rule());
        TestPki.Issued notCa = cert("O=Not a CA").dns("x.example").signedBy(root);
        TestPki.Issued underNotCa = cert("O=Leaf").dns("a.example").signedBy(notCa);
        assertEquals(Rule.BASIC_CONSTRAINTS, rejected(verify(VerifierFixture.engine(root), "a.example", underNotCa, notCa)).rule());
    }

    @Test
    void validityBoundsAreInclusive() {
        TestPki.Issued root = cert("CN=Root").ca(null).selfSigned();
        TestPki.Issued leaf = cert("O=Leaf").dns("a.example").validity(NOW.minusSeconds(60), NOW).signedBy(root);
        trusted(verify(VerifierFixture.engine(root), "a.example", leaf));
        PkixEngine engine = VerifierFixture.engine(root);
        Verdict late = engine.verify(VerificationRequest.server(List.of(leaf.der()), PeerIdentity.dns("a.example"), NOW.plusSeconds(1)));
        assertEquals(Rule.VALIDITY, rejected(late).rule());
    }

    @Test
    void garbageIsAMalformedRefusalNotACrash() {
        TestPki.Issued root = cert("CN=Root").ca(null).selfSigned();
        Verdict v = VerifierFixture.engine(root).verify(VerificationRequest.server(List.of(new byte[] {0x30, 0x03, 1, 2, 3}),
                PeerIdentity.dns("a.example"), NOW));
        assertEquals(Rule.MALFORMED, rejected(v).rule());
    }
}
