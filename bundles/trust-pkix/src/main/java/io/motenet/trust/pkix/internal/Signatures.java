package io.motenet.trust.pkix.internal;

import io.motenet.trust.Rule;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Signature checks with the JDK's providers (their RSA and EC code is intrinsic-accelerated).
 * Allowed: RSA PKCS#1 v1.5 and PSS with SHA-256/384/512, ECDSA with SHA-256/384/512, Ed25519.
 * SHA-1 and MD5 are refused.
 */
final class Signatures {
    private static final Map<ASN1ObjectIdentifier, String> PLAIN = Map.of(
            PKCSObjectIdentifiers.sha256WithRSAEncryption, "SHA256withRSA",
            PKCSObjectIdentifiers.sha384WithRSAEncryption, "SHA384withRSA",
            PKCSObjectIdentifiers.sha512WithRSAEncryption, "SHA512withRSA",
            X9ObjectIdentifiers.ecdsa_with_SHA256, "SHA256withECDSA",
            X9ObjectIdentifiers.ecdsa_with_SHA384, "SHA384withECDSA",
            X9ObjectIdentifiers.ecdsa_with_SHA512, "SHA512withECDSA",
            EdECObjectIdentifiers.id_Ed25519, "Ed25519");

    private Signatures() {
    }

    /** The JDK public key of a certificate (cached by the caller). */
    static PublicKey publicKey(Cert cert) throws Refusal {
        ASN1ObjectIdentifier alg = cert.spki.getAlgorithm().getAlgorithm();
        String family = alg.equals(PKCSObjectIdentifiers.rsaEncryption) ? "RSA"
                : alg.equals(X9ObjectIdentifiers.id_ecPublicKey) ? "EC"
                : alg.equals(EdECObjectIdentifiers.id_Ed25519) ? "Ed25519" : null;
        if (family == null) {
            throw new Refusal(Rule.WEAK_KEY, cert, "public key algorithm " + alg + " is not supported");
        }
        try {
            return KeyFactory.getInstance(family).generatePublic(new X509EncodedKeySpec(cert.spkiDer));
        } catch (GeneralSecurityException e) {
            throw new Refusal(Rule.MALFORMED, cert, "public key does not parse: " + e.getMessage());
        }
    }

    /** The outer and the signed algorithm identifiers must be the same (RFC 5280 4.1.1.2). */
    static void checkAlgorithmConsistency(Cert cert) throws Refusal {
        try {
            if (!java.util.Arrays.equals(cert.asn1.getSignatureAlgorithm().getEncoded(ASN1Encoding.DER),
                    cert.tbs.getSignature().getEncoded(ASN1Encoding.DER))) {
                throw new Refusal(Rule.SIGNATURE, cert, "signatureAlgorithm differs from the signed tbsCertificate.signature");
            }
        } catch (java.io.IOException e) {
            throw new Refusal(Rule.MALFORMED, cert, "algorithm identifier does not encode");
        }
    }

    /** Verifies {@code signed}'s signature over {@code tbs} with {@code key}; false when it does not verify. */
    static boolean verify(AlgorithmIdentifier algId, byte[] tbs, byte[] signature, PublicKey key, Cert subjectForErrors)
            throws Refusal {
        ASN1ObjectIdentifier oid = algId.getAlgorithm();
        try {
            Signature sig;
            String plain = PLAIN.get(oid);
            if (plain != null) {
                ASN1Encodable params = algId.getParameters();
                boolean rsa = plain.endsWith("RSA");
                // RSA PKCS#1 identifiers carry NULL parameters; ECDSA and Ed25519 carry none.
                if (rsa ? params != null && !DERNull.INSTANCE.equals(params) : params != null) {
                    throw new Refusal(Rule.SIGNATURE, subjectForErrors, "signature algorithm " + oid + " has unexpected parameters");
                }
                sig = Signature.getInstance(plain);
                sig.initVerify(key);
            } else if (oid.equals(PKCSObjectIdentifiers.id_RSASSA_PSS)) {
                sig = Signature.getInstance("RSASSA-PSS");
                sig.initVerify(key);
                sig.setParameter(pss(algId, subjectForErrors));
            } else {
                throw new Refusal(Rule.SIGNATURE, subjectForErrors, "signature algorithm " + oid + " is not allowed");
            }
            sig.update(tbs);
            return sig.verify(signature);
        } catch (Refusal r) {
            throw r;
        } catch (GeneralSecurityException | RuntimeException e) {
            // A key of the wrong type for the algorithm, or a malformed signature: it does not verify.
            return false;
        }
    }

    private static PSSParameterSpec pss(AlgorithmIdentifier algId, Cert cert) throws Refusal {
        RSASSAPSSparams p = RSASSAPSSparams.getInstance(algId.getParameters());
        ASN1ObjectIdentifier hash = p.getHashAlgorithm().getAlgorithm();
        String name = hash.equals(NISTObjectIdentifiers.id_sha256) ? "SHA-256"
                : hash.equals(NISTObjectIdentifiers.id_sha384) ? "SHA-384"
                : hash.equals(NISTObjectIdentifiers.id_sha512) ? "SHA-512" : null;
        if (name == null) {
            throw new Refusal(Rule.SIGNATURE, cert, "RSASSA-PSS with hash " + hash + " is not allowed");
        }
        AlgorithmIdentifier mgf = p.getMaskGenAlgorithm();
        if (!mgf.getAlgorithm().equals(PKCSObjectIdentifiers.id_mgf1)
                || !AlgorithmIdentifier.getInstance(mgf.getParameters()).getAlgorithm().equals(hash)) {
            throw new Refusal(Rule.SIGNATURE, cert, "RSASSA-PSS must use MGF1 with the same hash");
        }
        if (p.getTrailerField().intValue() != 1) {
            throw new Refusal(Rule.SIGNATURE, cert, "RSASSA-PSS trailer field must be 1");
        }
        return new PSSParameterSpec(name, "MGF1", new MGF1ParameterSpec(name), p.getSaltLength().intValue(), 1);
    }
}
