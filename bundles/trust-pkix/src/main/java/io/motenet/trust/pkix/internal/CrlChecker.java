package io.motenet.trust.pkix.internal;

import io.motenet.trust.Rule;
import java.io.IOException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.CertificateList;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.TBSCertList;

/**
 * Revocation against CRLs the caller supplies (none are fetched). A CRL applies to a certificate when
 * its issuer name is the certificate's issuer and it verifies under the issuing certificate's key;
 * an applicable CRL that is itself invalid (issuer without cRLSign, an unknown or misplaced critical
 * extension) fails the path closed, since it cannot be read with certainty.
 */
final class CrlChecker {
    private static final Set<ASN1ObjectIdentifier> CRITICAL_OK = Set.of(Extension.issuingDistributionPoint);
    private static final Set<ASN1ObjectIdentifier> ENTRY_CRITICAL_OK = Set.of(Extension.reasonCode, Extension.invalidityDate);

    private record Crl(CertificateList list, byte[] issuerDer) {
    }

    private final List<Crl> crls = new ArrayList<>();

    CrlChecker(List<byte[]> der) throws Refusal {
        for (byte[] d : der) {
            try {
                CertificateList l = CertificateList.getInstance(d);
                crls.add(new Crl(l, l.getIssuer().getEncoded(ASN1Encoding.DER)));
            } catch (IOException | RuntimeException e) {
                throw new Refusal(Rule.MALFORMED, "", "a supplied CRL does not parse: " + e.getMessage());
            }
        }
    }

    boolean isEmpty() {
        return crls.isEmpty();
    }

    /** Checks {@code cert}, issued by {@code issuer} (whose key is {@code issuerKey}). */
    void check(Cert cert, Cert issuer, PublicKey issuerKey) throws Refusal {
        for (Crl crl : crls) {
            if (!Arrays.equals(crl.issuerDer, cert.issuerDer)) {
                continue;
            }
            CertificateList l = crl.list;
            byte[] tbs;
            try {
                tbs = l.getTBSCertList().getEncoded(ASN1Encoding.DER);
            } catch (IOException e) {
                throw new Refusal(Rule.MALFORMED, cert, "a supplied CRL does not encode");
            }
            if (!Signatures.verify(l.getSignatureAlgorithm(), tbs, l.getSignature().getOctets(), issuerKey, issuer)) {
                continue; // another key of the same name: not this issuer's CRL
            }
            if (issuer.keyUsage != null && !issuer.keyUsage.hasUsages(KeyUsage.cRLSign)) {
                throw new Refusal(Rule.REVOKED, issuer, "CRL signed by a CA whose key usage lacks cRLSign");
            }
            checkExtensions(l.getTBSCertList().getExtensions(), CRITICAL_OK, issuer);
            for (TBSCertList.CRLEntry entry : l.getRevokedCertificates()) {
                if (entry.getUserCertificate().getValue().equals(cert.serial)) {
                    checkExtensions(entry.getExtensions(), ENTRY_CRITICAL_OK, issuer);
                    throw new Refusal(Rule.REVOKED, cert, "certificate serial " + cert.serial.toString(16)
                            + " is revoked by a CRL of " + issuer.name());
                }
            }
        }
    }

    private static void checkExtensions(Extensions ext, Set<ASN1ObjectIdentifier> criticalOk, Cert issuer) throws Refusal {
        if (ext == null) {
            return;
        }
        for (ASN1ObjectIdentifier oid : ext.getExtensionOIDs()) {
            if (ext.getExtension(oid).isCritical() && !criticalOk.contains(oid)) {
                throw new Refusal(Rule.REVOKED, issuer, "CRL has critical extension " + oid + " that must not be critical or is unknown");
            }
        }
    }
}
