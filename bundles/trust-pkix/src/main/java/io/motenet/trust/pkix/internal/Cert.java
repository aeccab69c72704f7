package io.motenet.trust.pkix.internal;

import io.motenet.trust.Rule;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;

/**
 * One certificate parsed once with BouncyCastle's ASN.1 classes, strictly: the bytes must be DER,
 * extensions must not repeat, and every extension this validator reads must parse. Immutable.
 */
final class Cert {
    final byte[] der;
    /** The signed tbsCertificate bytes, sliced from {@link #der}. */
    final byte[] tbsDer;
    final Bytes derKey;
    final Bytes spkiKey;
    final Certificate asn1;
    final TBSCertificate tbs;
    final byte[] subjectDer;
    final byte[] issuerDer;
    final X500Name subject;
    final X500Name issuer;
    final int version;
    final BigInteger serial;
    final Instant notBefore;
    final Instant notAfter;
    final SubjectPublicKeyInfo spki;
    final byte[] spkiDer;
    final Extensions extensions;
    final BasicConstraints basicConstraints;   // null when absent
    final KeyUsage keyUsage;                   // null when absent
    final Set<ASN1ObjectIdentifier> eku;       // null when absent
    final GeneralName[] san;                   // null when absent
    final NameConstraints nameConstraints;     // null when absent
    final ASN1Sequence rawNameConstraints;     // null when absent
    final AuthorityKeyIdentifier aki;          // null when absent
    final byte[] ski;                          // null when absent
    final boolean selfIssued;
    private final int hash;
    private volatile String name;
    private volatile java.security.PublicKey publicKey;

    private Cert(byte[] der) throws Refusal {
        this.der = der;
        try {
            ASN1Primitive primitive = ASN1Primitive.fromByteArray(der);
            asn1 = Certificate.getInstance(primitive);
            if (!Arrays.equals(asn1.getEncoded(ASN1Encoding.DER), der)) {
                throw new Refusal(Rule.MALFORMED, "", "certificate is not DER encoded");
            }
            tbs = asn1.getTBSCertificate();
            tbsDer = Bytes.firstElement(der);
            subject = tbs.getSubject();
            issuer = tbs.getIssuer();
            subjectDer = subject.getEncoded(ASN1Encoding.DER);
            issuerDer = issuer.getEncoded(ASN1Encoding.DER);
            version = tbs.getVersionNumber();
            serial = tbs.getSerialNumber().getValue();
            notBefore = tbs.getStartDate().getDate().toInstant();
            notAfter = tbs.getEndDate().getDate().toInstant();
            spki = tbs.getSubjectPublicKeyInfo();
            spkiDer = spki.getEncoded(ASN1Encoding.DER);
            extensions = tbs.getExtensions();
        } catch (Refusal r) {
            throw r;
        } catch (IOException | RuntimeException e) {
            throw new Refusal(Rule.MALFORMED, "", "certificate does not parse: " + e.getMessage());
        }
        selfIssued = Arrays.equals(subjectDer, issuerDer);
        derKey = new Bytes(der);
        spkiKey = new Bytes(spkiDer);
        hash = derKey.hashCode();
        try {
            basicConstraints = extensions == null ? null : BasicConstraints.fromExtensions(extensions);
            keyUsage = extensions == null ? null : KeyUsage.fromExtensions(extensions);
            ExtendedKeyUsage e = extensions == null ? null : ExtendedKeyUsage.fromExtensions(extensions);
            if (e == null) {
                eku = null;
            } else {
                eku = new HashSet<>();
                for (KeyPurposeId id : e.getUsages()) {
                    eku.add(id.toOID());
                }
            }
            GeneralNames names = extensions == null ? null : GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName);
            san = names == null ? null : names.getNames();
            ASN1Encodable nc = extensions == null ? null : extensions.getExtensionParsedValue(Extension.nameConstraints);
            rawNameConstraints = nc == null ? null : ASN1Sequence.getInstance(nc);
            nameConstraints = nc == null ? null : NameConstraints.getInstance(nc);
            aki = extensions == null ? null : AuthorityKeyIdentifier.fromExtensions(extensions);
            SubjectKeyIdentifier s = extensions == null ? null : SubjectKeyIdentifier.fromExtensions(extensions);
            ski = s == null ? null : s.getKeyIdentifier();
        } catch (RuntimeException e) {
            throw new Refusal(Rule.MALFORMED, name(), "an extension does not parse: " + e.getMessage());
        }
    }

    /** Parses DER; a {@link Rule#MALFORMED} refusal when it is not a well-formed certificate. */
    static Cert parse(byte[] der) throws Refusal {
        return new Cert(der.clone());
    }

    /** The subject as RFC 4514 text, for messages. */
    String name() {
        String n = name;
        if (n == null) {
            n = subject == null ? "?" : X500Name.getInstance(BCStyle.INSTANCE, subject).toString();
            if (n.isEmpty()) {
                n = "(empty subject, serial " + serial.toString(16) + ")";
            }
            name = n;
        }
        return n;
    }

    /** The JDK public key, made once (certificates are shared between verifications by the parse cache). */
    java.security.PublicKey publicKey() throws Refusal {
        java.security.PublicKey k = publicKey;
        if (k == null) {
            k = Signatures.publicKey(this);
            publicKey = k;
        }
        return k;
    }

    boolean isCa() {
        return basicConstraints != null && basicConstraints.isCA();
    }

    Extension extension(ASN1ObjectIdentifier oid) {
        return extensions == null ? null : extensions.getExtension(oid);
    }

    List<ASN1ObjectIdentifier> extensionOids() {
        return extensions == null ? List.of() : List.of(extensions.getExtensionOIDs());
    }

    byte[] akiKeyId() {
        return aki == null ? null : aki.getKeyIdentifier();
    }

    boolean hasKeyUsage(int bit) {
        return keyUsage == null || keyUsage.hasUsages(bit);
    }

    /** An X.500 name as RFC 4514 text, for messages. */
    record NameText(X500Name name) {
        @Override
        public String toString() {
            return X500Name.getInstance(BCStyle.INSTANCE, name).toString();
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cert c && Arrays.equals(der, c.der);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return name();
    }
}
