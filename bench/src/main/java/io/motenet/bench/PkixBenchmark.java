package io.motenet.bench;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.CertPathValidator;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;

import io.motenet.trust.CertificateVerifier;
import io.motenet.trust.PeerIdentity;
import io.motenet.trust.VerificationRequest;
import io.motenet.trust.pkix.internal.PkixCertificateVerifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Verifications per second of one typical 3-certificate chain (RSA-2048 root, RSA-2048 intermediate,
 * ECDSA P-256 leaf, as most public sites send) by trust-pkix, beside the JDK's PKIX
 * {@code CertPathValidator} on the same chain in the same run. trust-pkix starts from DER as a handshake
 * would: parse, build the path from the unordered chain, validate, check the host name. The JDK parses
 * the same DER and validates the path already ordered (a validator, not a builder), revocation off, no
 * host name: the cheaper job. Both cache parsed certificates and verified signatures; so two runs: the
 * same chain every time, and a different leaf every time (more leaves than either cache holds).
 */
final class PkixBenchmark implements Benchmark {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private long serial = 1000;

    @Override
    public String name() {
        return "pkix";
    }

    @Override
    public String description() {
        return "certificate verifications/s, trust-pkix beside the JDK's PKIX validator, same chain";
    }

    @Override
    public String usage() {
        return "--seconds N (per measured run, default 5; half as long again to warm up)  --leaves N (default 4096)";
    }

    @Override
    public BenchReport run(BenchOptions options) throws Exception {
        int seconds = options.integer("seconds", 5);
        int leafCount = options.integer("leaves", 4096);
        KeyPair rootKeys = rsa();
        KeyPair icaKeys = rsa();
        X500Name rootName = new X500Name("C=US,O=Bench,CN=Bench Root RSA");
        X500Name icaName = new X500Name("C=US,O=Bench,CN=Bench Issuing CA");
        byte[] root = issue(rootName, rootKeys, rootName, rootKeys, true);
        byte[] ica = issue(icaName, icaKeys, rootName, rootKeys, true);
        KeyPair leafKeys = p256();
        byte[][] leaves = new byte[leafCount][];
        for (int i = 0; i < leafCount; i++) {
            leaves[i] = issue(new X500Name("CN=www.example.com"), leafKeys, icaName, icaKeys, false);
        }

        CertificateVerifier ours = PkixCertificateVerifier.forAnchors(List.of(root));
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(
                (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(root)), null)));
        params.setRevocationEnabled(false);
        params.setDate(Date.from(NOW));
        CertPathValidator jdk = CertPathValidator.getInstance("PKIX");

        int[] next = {0};
        Step oursSame = () -> check(ours, leaves[0], ica);
        Step jdkSame = () -> jdk.validate(cf.generateCertPath(List.of(
                cf.generateCertificate(new ByteArrayInputStream(leaves[0])), cf.generateCertificate(new ByteArrayInputStream(ica)))), params);
        Step oursFresh = () -> check(ours, leaves[next[0]++ % leafCount], ica);
        Step jdkFresh = () -> jdk.validate(cf.generateCertPath(List.of(
                cf.generateCertificate(new ByteArrayInputStream(leaves[next[0]++ % leafCount])),
                cf.generateCertificate(new ByteArrayInputStream(ica)))), params);
        oursSame.run();
        jdkSame.run();

        double[] r = new double[4];
        Step[] steps = {oursSame, jdkSame, oursFresh, jdkFresh};
        for (int i = 0; i < steps.length; i++) {
            rate(steps[i], seconds / 2.0);
            r[i] = rate(steps[i], seconds);
        }
        BenchReport report = new BenchReport(name(), List.of("chain", "trust-pkix /s", "JDK PKIX /s", "ratio"))
                .condition("chain", "RSA-2048 root, RSA-2048 intermediate, P-256 leaf, 2 SANs")
                .condition("seconds per run", seconds)
                .condition("threads", 1)
                .condition("distinct leaves", leafCount)
                .row("same chain every time", f(r[0]), f(r[1]), String.format("%.2f", r[0] / r[1]))
                .row("a different leaf every time", f(r[2]), f(r[3]), String.format("%.2f", r[2] / r[3]));
        report.figure("verifications_per_s", Math.round(r[0]))
                .figure("peer", "JDK PKIX CertPathValidator")
                .figure("peer_verifications_per_s", Math.round(r[1]))
                .figure("ratio", Math.round(r[0] / r[1] * 100) / 100.0)
                .figure("fresh_leaf_verifications_per_s", Math.round(r[2]))
                .figure("peer_fresh_leaf_verifications_per_s", Math.round(r[3]))
                .figure("fresh_leaf_ratio", Math.round(r[2] / r[3] * 100) / 100.0);
        return report;
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    private static void check(CertificateVerifier v, byte[] leaf, byte[] ica) {
        if (!v.verify(VerificationRequest.server(List.of(leaf, ica), PeerIdentity.dns("www.example.com"), NOW)).trusted()) {
            throw new IllegalStateException("the benchmark chain does not verify");
        }
    }

    private static double rate(Step step, double seconds) throws Exception {
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long n = 0;
        while (System.nanoTime() < end) {
            step.run();
            n++;
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    private static String f(double v) {
        return String.format("%.0f", v);
    }

    private byte[] issue(X500Name subject, KeyPair keys, X500Name issuer, KeyPair issuerKeys, boolean ca) throws Exception {
        var b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(serial++), Date.from(NOW.minusSeconds(86_400)),
                Date.from(NOW.plusSeconds(86_400 * 90L)), subject, keys.getPublic());
        b.addExtension(Extension.subjectKeyIdentifier, false, new SubjectKeyIdentifier(keyId(keys)));
        b.addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(keyId(issuerKeys)));
        if (ca) {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "www.example.com"), new GeneralName(GeneralName.dNSName, "example.com")}));
        }
        return b.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKeys.getPrivate())).getEncoded();
    }

    private static byte[] keyId(KeyPair k) throws Exception {
        return MessageDigest.getInstance("SHA-1").digest(
                SubjectPublicKeyInfo.getInstance(k.getPublic().getEncoded()).getPublicKeyData().getBytes());
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    private static KeyPair p256() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }
}
