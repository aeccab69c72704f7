package io.motenet.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.Hashtable;
import java.util.List;

import javax.inject.Inject;

import io.motenet.trust.CertificateVerifier;
import io.motenet.trust.PeerIdentity;
import io.motenet.trust.Rule;
import io.motenet.trust.VerificationRequest;
import io.motenet.trust.Verdict;
import org.apache.felix.service.command.CommandProcessor;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * trust-pkix in the runtime: it registers CertificateVerifier with properties naming its store, refuses a
 * malformed chain with a reason, and a configuration with inline anchors swaps its store live.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TrustPkixIT {

    @Inject BundleContext context;
    @Inject ConfigurationAdmin configAdmin;
    @Inject CommandProcessor gogo;

    @Configuration
    public Option[] config() {
        return new Option[] {MotenetOptions.runtime()};
    }

    private ServiceReference<CertificateVerifier> pkix() {
        try {
            return context.getServiceReferences(CertificateVerifier.class, "(" + CertificateVerifier.VERIFIER_NAME + "=pkix)")
                    .stream().findFirst().orElse(null);
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    public void registersWithItsStoreAndFailsClosedOnGarbage() throws Exception {
        ServiceReference<CertificateVerifier> ref = Await.until(this::pkix, "the pkix verifier registers");
        String store = (String) ref.getProperty(CertificateVerifier.STORE);
        assertTrue("store names the OS bundle or the JDK's cacerts: " + store, store.startsWith("os:") || store.startsWith("jdk:"));
        assertTrue("anchors loaded: " + ref.getProperty(CertificateVerifier.ANCHOR_COUNT),
                (Integer) ref.getProperty(CertificateVerifier.ANCHOR_COUNT) > 50);
        assertEquals(100, ref.getProperty("service.ranking"));

        CertificateVerifier verifier = context.getService(ref);
        Verdict v = verifier.verify(VerificationRequest.server(List.of(new byte[] {0x30, 0x01, 0x00}),
                PeerIdentity.dns("example.com"), Instant.now()));
        assertFalse(v.trusted());
        assertEquals(Rule.MALFORMED, ((Verdict.Rejected) v).rule());
        context.ungetService(ref);

        String table = Gogo.run(gogo, "trust:verifiers");
        assertTrue("trust:verifiers marks pkix as the one in use, with its store:\n" + table,
                table.lines().anyMatch(l -> l.startsWith("* pkix") && l.contains("io.motenet.trust.pkix")
                        && l.endsWith(store)));
    }

    @Test
    public void configuredAnchorsReplaceTheOsStore() throws Exception {
        Await.until(this::pkix, "the pkix verifier registers");
        org.osgi.service.cm.Configuration c = configAdmin.getConfiguration("io.motenet.trust.pkix", Configs.locationOf(context, "io.motenet.trust.pkix"));
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("anchors.pem", new String[] {anchorPem()});
        props.put("service.ranking", 7);
        c.update(props);
        try {
            ServiceReference<CertificateVerifier> ref = Await.until(() -> {
                ServiceReference<CertificateVerifier> r = pkix();
                return r != null && "config:0 files, 1 inline".equals(r.getProperty(CertificateVerifier.STORE)) ? r : null;
            }, "the verifier re-registers with the configured anchor");
            assertEquals(1, ref.getProperty(CertificateVerifier.ANCHOR_COUNT));
            assertEquals(7, ref.getProperty("service.ranking"));
        } finally {
            c.delete();
        }
        Await.until(() -> {
            ServiceReference<CertificateVerifier> r = pkix();
            return r != null && !String.valueOf(r.getProperty(CertificateVerifier.STORE)).startsWith("config:") ? r : null;
        }, "the OS store comes back when the configuration is deleted");
    }

    /** A freshly generated self-signed CA certificate, PEM, made with BouncyCastle inside the framework. */
    private static String anchorPem() throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
        g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        java.security.KeyPair k = g.generateKeyPair();
        org.bouncycastle.asn1.x500.X500Name name = new org.bouncycastle.asn1.x500.X500Name("CN=IT Anchor");
        var b = new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(name, java.math.BigInteger.ONE,
                java.util.Date.from(Instant.now().minusSeconds(60)), java.util.Date.from(Instant.now().plusSeconds(3600)), name, k.getPublic());
        b.addExtension(org.bouncycastle.asn1.x509.Extension.basicConstraints, true, new org.bouncycastle.asn1.x509.BasicConstraints(true));
        byte[] der = b.build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA").build(k.getPrivate())).getEncoded();
        return "-----BEGIN CERTIFICATE-----\n" + java.util.Base64.getMimeEncoder().encodeToString(der) + "\n-----END CERTIFICATE-----\n";
    }
}
