package io.motenet.trust.pkix.internal;

import io.motenet.trust.Purpose;
import io.motenet.trust.Rule;
import java.util.Arrays;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;

/**
 * The certificate profile: RFC 5280 section 4 as a validator can check it, tightened where the Web
 * PKI (CA/Browser Forum Baseline Requirements) is stricter and no legitimate chain breaks it. Each
 * method checks one certificate in one role; none depends on the rest of the path.
 */
final class CertProfile {
    /** SCT list (RFC 6962), carried by every public TLS certificate. */
    static final ASN1ObjectIdentifier SCT_LIST = new ASN1ObjectIdentifier("1.3.6.1.4.1.11129.2.4.2");
    /** CT precertificate poison: critical by design, and never valid in a served chain. */
    static final ASN1ObjectIdentifier CT_POISON = new ASN1ObjectIdentifier("1.3.6.1.4.1.11129.2.4.3");

    /** Extensions this validator processes or may safely ignore when critical. */
    private static final Set<ASN1ObjectIdentifier> CRITICAL_OK = Set.of(
            Extension.basicConstraints, Extension.keyUsage, Extension.extendedKeyUsage,
            Extension.subjectAlternativeName, Extension.nameConstraints,
            // Policies are not enforced (the Web PKI does not use policy processing); a critical
            // policy extension does not widen what the path allows.
            Extension.certificatePolicies, Extension.policyConstraints, Extension.inhibitAnyPolicy,
            Extension.policyMappings);

    /** Extensions that RFC 5280 says MUST be non-critical. */
    private static final Set<ASN1ObjectIdentifier> NEVER_CRITICAL = Set.of(
            Extension.authorityKeyIdentifier, Extension.subjectKeyIdentifier, Extension.authorityInfoAccess,
            Extension.subjectInfoAccess, SCT_LIST);

    private CertProfile() {
    }

    /** Checks that hold for every certificate in any position. */
    static void common(Cert c) throws Refusal {
        common(c, false);
    }

    /** As {@link #common(Cert)}; a lenient anchor may lack the authority key identifier of a cross-signed root. */
    static void common(Cert c, boolean lenientAnchor) throws Refusal {
        if (c.version != 3) {
            throw new Refusal(Rule.PROFILE, c, "certificate is version " + c.version + ", only X.509 v3 is accepted");
        }
        if (c.issuer.size() == 0) {
            throw new Refusal(Rule.PROFILE, c, "issuer name is empty");
        }
        Signatures.checkAlgorithmConsistency(c);
        KeyPolicy.check(c);
        for (ASN1ObjectIdentifier oid : c.extensionOids()) {
            Extension e = c.extension(oid);
            if (e.isCritical() && NEVER_CRITICAL.contains(oid)) {
                throw new Refusal(oid.equals(Extension.authorityKeyIdentifier) || oid.equals(Extension.subjectKeyIdentifier)
                        ? Rule.KEY_IDENTIFIERS : Rule.PROFILE, c, "extension " + oid + " must not be critical");
            }
            if (e.isCritical() && !CRITICAL_OK.contains(oid)) {
                throw new Refusal(Rule.UNKNOWN_CRITICAL_EXTENSION, c, "unknown critical extension " + oid);
            }
        }
        if (c.extension(CT_POISON) != null) {
            throw new Refusal(Rule.UNKNOWN_CRITICAL_EXTENSION, c, "precertificate (CT poison) is not a certificate");
        }
        if (c.eku != null && c.eku.isEmpty()) {
            throw new Refusal(Rule.EXTENDED_KEY_USAGE, c, "extended key usage lists no purpose");
        }
        if (c.san != null) {
            if (c.san.length == 0) {
                throw new Refusal(Rule.PROFILE, c, "subjectAltName is empty");
            }
            if (c.extension(Extension.subjectAlternativeName).isCritical() && c.subject.size() > 0) {
                throw new Refusal(Rule.PROFILE, c, "subjectAltName is critical although the subject is not empty");
            }
        }
        if (!c.isCa()) {
            if (c.keyUsage != null && c.keyUsage.hasUsages(KeyUsage.keyCertSign)) {
                throw new Refusal(Rule.KEY_USAGE, c, "keyCertSign without basicConstraints cA");
            }
            if (c.nameConstraints != null) {
                throw new Refusal(Rule.NAME_CONSTRAINTS, c, "name constraints in a certificate that is not a CA");
            }
        }
        if (c.basicConstraints != null && c.basicConstraints.getPathLenConstraint() != null
                && (!c.isCa() || (c.keyUsage != null && !c.keyUsage.hasUsages(KeyUsage.keyCertSign)))) {
            throw new Refusal(Rule.BASIC_CONSTRAINTS, c, "pathLenConstraint without cA and keyCertSign");
        }
        if (!c.selfIssued && c.akiKeyId() == null && !lenientAnchor) {
            throw new Refusal(Rule.KEY_IDENTIFIERS, c, "authorityKeyIdentifier with keyIdentifier is missing");
        }
    }

    /**
     * Checks for a certificate that signs the one below it (an intermediate or the trust anchor).
     * {@code lenientAnchor}: the anchor came from a curated store (the OS's) and only the rules that
     * bound what it may sign are applied, not its encoding hygiene (criticality of basicConstraints,
     * key identifiers, EKU), which older roots in Mozilla's store break.
     */
    static void issuer(Cert c, Purpose purpose, boolean anchor, boolean lenientAnchor) throws Refusal {
        if (c.basicConstraints == null || !c.isCa()) {
            throw new Refusal(Rule.BASIC_CONSTRAINTS, c, "used as an issuer but basicConstraints does not assert cA");
        }
        if (c.keyUsage != null && !c.keyUsage.hasUsages(KeyUsage.keyCertSign)) {
            throw new Refusal(Rule.KEY_USAGE, c, "CA key usage lacks keyCertSign");
        }
        NameConstraintChecker.checkWellFormed(c);
        if (anchor && lenientAnchor) {
            return;
        }
        if (!c.extension(Extension.basicConstraints).isCritical()) {
            throw new Refusal(Rule.BASIC_CONSTRAINTS, c, "basicConstraints of a CA must be critical");
        }
        if (c.subject.size() == 0) {
            throw new Refusal(Rule.PROFILE, c, "CA subject is empty");
        }
        if (c.ski == null) {
            throw new Refusal(Rule.KEY_IDENTIFIERS, c, "CA certificate lacks a subjectKeyIdentifier");
        }
        if (anchor) {
            if (c.eku != null) {
                throw new Refusal(Rule.EXTENDED_KEY_USAGE, c, "a root certificate must not carry extended key usage");
            }
            if (c.aki != null) {
                if (c.aki.getAuthorityCertIssuer() != null || c.aki.getAuthorityCertSerialNumber() != null) {
                    throw new Refusal(Rule.KEY_IDENTIFIERS, c, "root authorityKeyIdentifier must hold only keyIdentifier");
                }
                if (c.akiKeyId() == null || (c.selfIssued && !Arrays.equals(c.akiKeyId(), c.ski))) {
                    throw new Refusal(Rule.KEY_IDENTIFIERS, c, "root authorityKeyIdentifier must equal its subjectKeyIdentifier");
                }
            }
        } else if (c.eku != null && !c.eku.contains(oid(purpose)) && !c.eku.contains(KeyPurposeId.anyExtendedKeyUsage.toOID())) {
            throw new Refusal(Rule.EXTENDED_KEY_USAGE, c, "intermediate's extended key usage does not allow " + purpose);
        }
    }

    /** Checks for the peer's own certificate. */
    static void endEntity(Cert c, Purpose purpose) throws Refusal {
        if (c.isCa()) {
            throw new Refusal(Rule.BASIC_CONSTRAINTS, c, "a CA certificate cannot be the peer's certificate");
        }
        if (c.eku == null) {
            throw new Refusal(Rule.EXTENDED_KEY_USAGE, c, "no extended key usage (" + purpose + " required)");
        }
        if (!c.eku.contains(oid(purpose))) {
            throw new Refusal(Rule.EXTENDED_KEY_USAGE, c, "extended key usage does not allow " + purpose);
        }
        if (c.keyUsage != null && !c.keyUsage.hasUsages(KeyUsage.digitalSignature)) {
            throw new Refusal(Rule.KEY_USAGE, c, "key usage lacks digitalSignature, which TLS 1.3 needs");
        }
    }

    /**
     * BR 7.1.4.3: a server certificate's subject common name, if present, is a character-for-character
     * copy of a SAN (a CN that names something else is misissuance, and misleads clients that still
     * read CNs). Checked after the path, so that a chain with a graver fault is refused for that.
     */
    static void commonNameInSan(Cert c) throws Refusal {
        for (RDN rdn : c.subject.getRDNs(BCStyle.CN)) {
            String cn = IETFUtils.valueToString(rdn.getFirst().getValue());
            boolean found = false;
            if (c.san != null) {
                for (GeneralName n : c.san) {
                    if (n.getTagNo() == GeneralName.dNSName && ((ASN1String) n.getName()).getString().equalsIgnoreCase(cn)) {
                        found = true;
                    } else if (n.getTagNo() == GeneralName.iPAddress
                            && IpText.canonical(ASN1OctetString.getInstance(n.getName()).getOctets()).equals(cn)) {
                        found = true;
                    }
                }
            }
            if (!found) {
                throw new Refusal(Rule.PROFILE, c, "subject common name '" + cn + "' is not one of the subjectAltNames");
            }
        }
    }

    static ASN1ObjectIdentifier oid(Purpose p) {
        return p == Purpose.SERVER_AUTH ? KeyPurposeId.id_kp_serverAuth.toOID() : KeyPurposeId.id_kp_clientAuth.toOID();
    }
}
