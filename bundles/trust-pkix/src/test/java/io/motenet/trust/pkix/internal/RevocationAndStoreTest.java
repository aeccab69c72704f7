package io.motenet.trust.pkix.internal;

import static io.motenet.trust.pkix.internal.TestPki.NOW;
import static io.motenet.trust.pkix.internal.TestPki.cert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.motenet.trust.CertificateVerifier;
import io.motenet.trust.PeerIdentity;
import io.motenet.trust.Rule;
import io.motenet.trust.VerificationRequest;
import io.motenet.trust.Verdict;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CRLs the caller supplies, and where anchors come from. */
class RevocationAndStoreTest {

    private static byte[] crl(TestPki.Issued issuer, BigInteger... revoked) throws Exception {
        X509v2CRLBuilder b = new X509v2CRLBuilder(issuer.subject(), Date.from(NOW.minusSeconds(3600)));
        b.setNextUpdate(Date.from(NOW.plusSeconds(86_400)));
        for (BigInteger s : revoked) {
            b.addCRLEntry(s, Date.from(NOW.minusSeconds(7200)), CRLReason.keyCompromise);
        }
        return b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.keys().getPrivate())).getEncoded();
    }

    private static BigInteger serial(TestPki.Issued c) {
        return Certificate.getInstance(c.der()).getSerialNumber().getValue();
    }

    @Test
    void revokedByASuppliedCrl() throws Exception {
        TestPki.Issued root = cert("CN=Root").ca(null).selfSigned();
        TestPki.Issued ica = cert("CN=ICA").ca(0).signedBy(root);
        TestPki.Issued leaf = cert("O=Leaf").dns("a.example").signedBy(ica);
        PkixEngine engine = VerifierFixture.engine(root);
        VerificationRequest req = VerificationRequest.server(List.of(leaf.der(), ica.der()), PeerIdentity.dns("a.example"), NOW);

        assertTrue(engine.verify(req.withCrls(List.of(crl(ica)))).trusted(), "empty CRL revokes nothing");
        Verdict v = engine.verify(req.withCrls(List.of(crl(ica, serial(leaf)))));
        assertEquals(Rule.REVOKED, ((Verdict.Rejected) v).rule(), v::toString);
        Verdict icaRevoked = engine.verify(req.withCrls(List.of(crl(root, serial(ica)))));
        assertEquals("CN=ICA", ((Verdict.Rejected) icaRevoked).certificate());
        // The same serial on a CRL of another issuer does not apply.
        TestPki.Issued other = cert("CN=Other CA").ca(null).selfSigned();
        assertTrue(engine.verify(req.withCrls(List.of(crl(other, serial(leaf))))).trusted());
        // A CRL that is not DER at all fails closed.
        assertEquals(Rule.MALFORMED, ((Verdict.Rejected) engine.verify(req.withCrls(List.of(new byte[] {1, 2, 3})))).rule());
    }

    private static String pem(byte[] der) {
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END CERTIFICATE-----\n";
    }

    @Test
    void anchorsFromConfiguredFilesAndInlinePem(@TempDir Path dir) throws Exception {
        TestPki.Issued a = cert("CN=File Root").ca(null).selfSigned();
        TestPki.Issued b = cert("CN=Inline Root").ca(null).selfSigned();
        Path file = dir.resolve("roots.pem");
        Files.writeString(file, "# comment lines are ignored\n" + pem(a.der()));
        TrustStore store = RootStoreLoader.fromConfiguration(List.of(file.toString()), List.of(pem(b.der())));
        assertEquals(2, store.size());
        assertEquals("config:1 files, 1 inline", store.description());

        Files.writeString(dir.resolve("empty.pem"), "nothing here");
        assertThrows(IOException.class, () -> RootStoreLoader.fromConfiguration(List.of(dir.resolve("empty.pem").toString()), List.of()));
        assertThrows(IOException.class, () -> RootStoreLoader.fromConfiguration(List.of(dir.resolve("missing.pem").toString()), List.of()));
    }

    @Test
    void osBundleFirstExistingLocationThenJdkCacerts(@TempDir Path dir) throws Exception {
        TestPki.Issued a = cert("CN=OS Root").ca(null).selfSigned();
        Path bundle = dir.resolve("ca-certificates.crt");
        Files.writeString(bundle, pem(a.der()));
        TrustStore os = RootStoreLoader.fromSystem(List.of(dir.resolve("absent.crt").toString(), bundle.toString()), true, false);
        assertEquals("os:" + bundle, os.description());
        assertEquals(1, os.size());

        TrustStore jdk = RootStoreLoader.fromSystem(List.of(dir.resolve("absent.crt").toString()), true, false);
        assertTrue(jdk.description().startsWith("jdk:"), jdk.description());
        assertTrue(jdk.size() > 50, "the JDK ships many roots: " + jdk.size());

        assertThrows(IOException.class, () -> RootStoreLoader.fromSystem(List.of(dir.resolve("absent.crt").toString()), false, false));
    }

    @Test
    void debianBundleVerifiesARealChainShape() throws Exception {
        // The machine's own store loads and every parsed anchor is indexed.
        Path debian = Path.of(RootStoreLoader.OS_BUNDLES.getFirst());
        if (!Files.isReadable(debian)) {
            throw new AssertionError(debian + " is missing: install Debian's ca-certificates package (tools/debian-packages.txt)");
        }
        TrustStore store = RootStoreLoader.fromSystem(RootStoreLoader.OS_BUNDLES, false, true);
        assertTrue(store.size() > 100, "Mozilla's store has over 100 roots: " + store.size());
        assertFalse(store.issuersOf(Cert.parse(cert("O=Leaf").signedBy(cert("CN=Nobody").ca(null).selfSigned()).der())).iterator().hasNext());
    }

    @Test
    void componentPropertiesNameTheStore() throws Exception {
        TestPki.Issued a = cert("CN=Inline Root").ca(null).selfSigned();
        PkixConfig config = config(List.of(pem(a.der())));
        PkixCertificateVerifier v = new PkixCertificateVerifier(
                new PkixEngine(PkixCertificateVerifier.loadStore(config), PkixCertificateVerifier.limits(config), VerifierFixture.SUFFIXES));
        var props = v.properties(config);
        assertEquals(100, props.get("service.ranking"));
        assertEquals("pkix", props.get(CertificateVerifier.VERIFIER_NAME));
        assertEquals("config:0 files, 1 inline", props.get(CertificateVerifier.STORE));
        assertEquals(1, props.get(CertificateVerifier.ANCHOR_COUNT));
        TestPki.Issued leaf = cert("O=Leaf").dns("a.example").signedBy(a);
        assertTrue(v.verify(VerificationRequest.server(List.of(leaf.der()), PeerIdentity.dns("a.example"), NOW)).trusted());
    }

    @Test
    void osAnchorsAreLenientOnEncodingRulesOnly() throws Exception {
        // Like Go Daddy Class 2 in Mozilla's store: a root whose basicConstraints is not critical.
        TestPki.Issued old = cert("CN=Old Style Root").ca(null).basicConstraintsNotCritical().selfSigned();
        TestPki.Issued leaf = cert("O=Leaf").dns("a.example").signedBy(old);
        VerificationRequest req = VerificationRequest.server(List.of(leaf.der()), PeerIdentity.dns("a.example"), NOW);
        PkixEngine strict = new PkixEngine(TrustStore.of(List.of(old.der()), "strict", false), Limits.DEFAULT, VerifierFixture.SUFFIXES);
        PkixEngine lenient = new PkixEngine(TrustStore.of(List.of(old.der()), "os", true), Limits.DEFAULT, VerifierFixture.SUFFIXES);
        assertEquals(Rule.BASIC_CONSTRAINTS, ((Verdict.Rejected) strict.verify(req)).rule());
        assertTrue(lenient.verify(req).trusted());
        // Lenient is not lax: a root that is no CA still anchors nothing.
        TestPki.Issued notCa = cert("O=Not CA").dns("x.example").selfSigned();
        TestPki.Issued leaf2 = cert("O=Leaf").dns("a.example").signedBy(notCa);
        PkixEngine lenient2 = new PkixEngine(TrustStore.of(List.of(notCa.der()), "os", true), Limits.DEFAULT, VerifierFixture.SUFFIXES);
        assertFalse(lenient2.verify(VerificationRequest.server(List.of(leaf2.der()), PeerIdentity.dns("a.example"), NOW)).trusted());
    }

    /** A typed configuration as Config Admin would give it, defaults except the inline anchors. */
    static PkixConfig config(List<String> inline) {
        return (PkixConfig) java.lang.reflect.Proxy.newProxyInstance(PkixConfig.class.getClassLoader(), new Class<?>[] {PkixConfig.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "anchors_pem" -> inline.toArray(String[]::new);
                    default -> method.getDefaultValue();
                });
    }

}
