package io.motenet.trust.pkix.internal;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Makes certificates for tests with BouncyCastle's builder: roots, intermediates and leaves. */
final class TestPki {
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final AtomicLong SERIAL = new AtomicLong(1000);
    private static final java.security.Provider BC = new org.bouncycastle.jce.provider.BouncyCastleProvider();

    /** A key pair and the certificate for it. */
    record Issued(KeyPair keys, byte[] der, X500Name subject, String signatureAlgorithm) {
    }

    static KeyPair ecKey(String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(curve));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair key(String algorithm, int size) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
            if (size > 0) {
                g.initialize(size);
            }
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair p256() {
        return ecKey("secp256r1");
    }

    /** A certificate under construction. */
    static final class Builder {
        private final X500Name subject;
        private final KeyPair keys;
        private Instant notBefore = NOW.minusSeconds(86_400);
        private Instant notAfter = NOW.plusSeconds(86_400 * 365L);
        private boolean ca;
        private Integer pathLen;
        private final List<GeneralName> sans = new ArrayList<>();
        private NameConstraints nameConstraints;
        private boolean eku = true;
        private boolean bcCritical = true;
        private KeyPurposeId purpose = KeyPurposeId.id_kp_serverAuth;
        private final List<Extension> extra = new ArrayList<>();

        Builder(String subject, KeyPair keys) {
            this.subject = new X500Name(subject);
            this.keys = keys;
        }

        Builder ca(Integer pathLen) {
            this.ca = true;
            this.pathLen = pathLen;
            this.eku = false;
            return this;
        }

        Builder dns(String... names) {
            for (String n : names) {
                sans.add(new GeneralName(GeneralName.dNSName, n));
            }
            return this;
        }

        Builder ip(String... literals) {
            for (String n : literals) {
                sans.add(new GeneralName(GeneralName.iPAddress, n));
            }
            return this;
        }

        Builder validity(Instant from, Instant to) {
            notBefore = from;
            notAfter = to;
            return this;
        }

        Builder excludeDns(String... names) {
            GeneralSubtree[] t = new GeneralSubtree[names.length];
            for (int i = 0; i < names.length; i++) {
                t[i] = new GeneralSubtree(new GeneralName(GeneralName.dNSName, names[i]));
            }
            nameConstraints = new NameConstraints(null, t);
            return this;
        }

        Builder permitDns(String... names) {
            GeneralSubtree[] t = new GeneralSubtree[names.length];
            for (int i = 0; i < names.length; i++) {
                t[i] = new GeneralSubtree(new GeneralName(GeneralName.dNSName, names[i]));
            }
            nameConstraints = new NameConstraints(t, null);
            return this;
        }

        Builder basicConstraintsNotCritical() {
            bcCritical = false;
            return this;
        }

        Builder noEku() {
            eku = false;
            return this;
        }

        Builder purpose(KeyPurposeId p) {
            purpose = p;
            return this;
        }

        Builder extension(ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
            try {
                extra.add(new Extension(oid, critical, new DEROctetString(value)));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            return this;
        }

        /** Self-signed. */
        Issued selfSigned() {
            return sign(subject, keys, null, "SHA256withECDSA");
        }

        Issued signedBy(Issued issuer) {
            return sign(issuer.subject, issuer.keys, issuer, algorithmFor(issuer.keys));
        }

        Issued signedBy(Issued issuer, String signatureAlgorithm) {
            return sign(issuer.subject, issuer.keys, issuer, signatureAlgorithm);
        }

        private Issued sign(X500Name issuerName, KeyPair issuerKeys, Issued issuer, String alg) {
            try {
                SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded());
                X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName, BigInteger.valueOf(SERIAL.incrementAndGet()),
                        Date.from(notBefore), Date.from(notAfter), subject, keys.getPublic());
                b.addExtension(Extension.subjectKeyIdentifier, false, new SubjectKeyIdentifier(keyId(spki)));
                if (issuer != null) {
                    SubjectPublicKeyInfo ispki = SubjectPublicKeyInfo.getInstance(issuerKeys.getPublic().getEncoded());
                    b.addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(keyId(ispki)));
                }
                if (ca) {
                    b.addExtension(Extension.basicConstraints, bcCritical,
                            pathLen == null ? new BasicConstraints(true) : new BasicConstraints(pathLen));
                    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                } else {
                    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                }
                if (eku) {
                    b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
                }
                if (!sans.isEmpty()) {
                    b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)));
                }
                if (nameConstraints != null) {
                    b.addExtension(Extension.nameConstraints, true, nameConstraints);
                }
                for (Extension e : extra) {
                    b.addExtension(e);
                }
                PrivateKey signingKey = issuerKeys.getPrivate();
                ContentSigner signer = new JcaContentSignerBuilder(alg).setProvider(BC).build(signingKey);
                return new Issued(keys, b.build(signer).getEncoded(), subject, alg);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static Builder cert(String subject) {
        return new Builder(subject, p256());
    }

    static Builder cert(String subject, KeyPair keys) {
        return new Builder(subject, keys);
    }

    static String algorithmFor(KeyPair k) {
        return switch (k.getPublic().getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> "SHA256withECDSA";
        };
    }

    private static byte[] keyId(SubjectPublicKeyInfo spki) throws Exception {
        return java.security.MessageDigest.getInstance("SHA-1").digest(spki.getPublicKeyData().getBytes());
    }

    static DERSequence seq(ASN1Encodable... items) {
        return new DERSequence(items);
    }

    private TestPki() {
    }
}
