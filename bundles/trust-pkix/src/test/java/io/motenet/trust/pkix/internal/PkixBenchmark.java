package io.motenet.trust.pkix.internal;

import io.motenet.trust.PeerIdentity;
import io.motenet.trust.VerificationRequest;
import io.motenet.trust.Verdict;
import java.io.ByteArrayInputStream;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x509.KeyPurposeId;

/**
 * {@code ./motenet bench pkix}: verifications per second of one typical 3-certificate chain (RSA-2048
 * root, RSA-2048 intermediate, ECDSA P-256 leaf, as most public sites send) by trust-pkix, and by the
 * JDK's PKIX CertPathValidator on the same chain in the same run, with the ratio.
 *
 * <p>Each trust-pkix verification starts from the DER bytes as a TLS handshake would: it parses the
 * chain, builds the path from an unordered chain, validates it and checks the host name. The JDK is
 * given the path already ordered (it is a validator, not a
 * builder), revocation off, and checks no host name: its figure is the cheaper job. Both parse the
 * chain from DER on every verification.
 *
 * <pre>java -cp TEST_CLASSPATH io.motenet.trust.pkix.internal.PkixBenchmark [seconds-per-run]</pre>
 */
public final class PkixBenchmark {
    private PkixBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        java.security.KeyPair rootKeys = TestPki.key("RSA", 2048);
        String rootName = "C=US,O=Bench,CN=Bench Root RSA";
        TestPki.Issued root = TestPki.cert(rootName, rootKeys).ca(null).signedBy(
                new TestPki.Issued(rootKeys, new byte[0], new org.bouncycastle.asn1.x500.X500Name(rootName), "SHA256withRSA"),
                "SHA256withRSA");
        TestPki.Issued ica = TestPki.cert("C=US,O=Bench,CN=Bench Issuing CA", TestPki.key("RSA", 2048)).ca(0)
                .signedBy(root, "SHA256withRSA");
        TestPki.Issued leaf = TestPki.cert("CN=www.example.com").dns("www.example.com", "example.com")
                .purpose(KeyPurposeId.id_kp_serverAuth).signedBy(ica, "SHA256withRSA");

        PkixEngine engine = new PkixEngine(TrustStore.of(List.of(root.der()), "bench"), Limits.DEFAULT, PublicSuffixList.load());
        VerificationRequest request = VerificationRequest.server(List.of(leaf.der(), ica.der()),
                PeerIdentity.dns("www.example.com"), TestPki.NOW);
        Verdict check = engine.verify(request);
        if (!check.trusted()) {
            throw new IllegalStateException("benchmark chain does not verify: " + check);
        }

        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        X509Certificate jRoot = (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(root.der()));
        X509Certificate jIca = (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(ica.der()));
        X509Certificate jLeaf = (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(leaf.der()));
        CertPath path = cf.generateCertPath(List.of(jLeaf, jIca));
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(jRoot, null)));
        params.setRevocationEnabled(false);
        params.setDate(Date.from(TestPki.NOW));
        CertPathValidator validator = CertPathValidator.getInstance("PKIX");
        validator.validate(path, params);

        Runnable ours = () -> {
            if (!engine.verify(request).trusted()) {
                throw new IllegalStateException("verification failed during the run");
            }
        };
        byte[] leafDer = leaf.der();
        byte[] icaDer = ica.der();
        Runnable jdk = () -> {
            try {
                // Parse afresh each time, as a handshake would: X509CertImpl caches a verified
                // signature per certificate object, which would otherwise make the JDK skip the work.
                X509Certificate l = (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(leafDer));
                X509Certificate i = (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(icaDer));
                validator.validate(cf.generateCertPath(List.of(l, i)), params);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        System.out.printf("pkix bench: 3-certificate chain (RSA-2048 root, RSA-2048 intermediate, P-256 leaf), "
                + "%.1f s per run after %.1f s warm-up each, 1 thread, %s %s%n", seconds, seconds / 2,
                System.getProperty("java.vm.name"), System.getProperty("java.version"));
        rate(ours, seconds / 2);
        rate(jdk, seconds / 2);
        double a = rate(ours, seconds);
        double b = rate(jdk, seconds);
        System.out.println("same chain every time (both cache parsed certificates and verified signatures):");
        System.out.printf("  motenet trust-pkix (parse + build + validate + host name): %.0f verifications/s%n", a);
        System.out.printf("  JDK PKIX CertPathValidator (parse + validate):            %.0f verifications/s%n", b);
        System.out.printf("  ratio trust-pkix / JDK: %.2f%n", a / b);

        // A new leaf each time (as with many sites behind one intermediate): more leaves than
        // either cache holds, so every leaf is parsed and its signature checked.
        int n = 4096;
        byte[][] leaves = new byte[n][];
        java.security.KeyPair leafKeys = TestPki.p256();
        for (int k = 0; k < n; k++) {
            leaves[k] = TestPki.cert("CN=www.example.com", leafKeys).dns("www.example.com").signedBy(ica, "SHA256withRSA").der();
        }
        int[] next = {0};
        Runnable oursFresh = () -> {
            byte[] l = leaves[next[0]++ % n];
            if (!engine.verify(VerificationRequest.server(List.of(l, icaDer), PeerIdentity.dns("www.example.com"), TestPki.NOW)).trusted()) {
                throw new IllegalStateException("verification failed during the run");
            }
        };
        Runnable jdkFresh = () -> {
            try {
                X509Certificate l = (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(leaves[next[0]++ % n]));
                X509Certificate i = (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(icaDer));
                validator.validate(cf.generateCertPath(List.of(l, i)), params);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        rate(oursFresh, seconds / 2);
        rate(jdkFresh, seconds / 2);
        double c = rate(oursFresh, seconds);
        double d = rate(jdkFresh, seconds);
        System.out.println("a different leaf each time (" + n + " leaves, same intermediate):");
        System.out.printf("  motenet trust-pkix: %.0f verifications/s%n", c);
        System.out.printf("  JDK PKIX:           %.0f verifications/s%n", d);
        System.out.printf("  ratio trust-pkix / JDK: %.2f%n", c / d);
    }

    private static double rate(Runnable r, double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        long n = 0;
        while (System.nanoTime() < end) {
            r.run();
            n++;
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }
}
