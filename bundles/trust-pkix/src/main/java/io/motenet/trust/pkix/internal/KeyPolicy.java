package io.motenet.trust.pkix.internal;

import io.motenet.trust.Rule;
import java.math.BigInteger;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Which public keys a certificate may carry: the Web PKI's set (CA/Browser Forum BR 6.1.5):
 * RSA with a modulus of at least 2048 bits and a multiple of 8, ECDSA on P-256, P-384 or P-521,
 * and Ed25519. DSA, small RSA and other curves (P-192) are refused.
 */
final class KeyPolicy {
    private KeyPolicy() {
    }

    static void check(Cert cert) throws Refusal {
        SubjectPublicKeyInfo spki = cert.spki;
        ASN1ObjectIdentifier alg = spki.getAlgorithm().getAlgorithm();
        if (alg.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            BigInteger n;
            try {
                n = RSAPublicKey.getInstance(spki.parsePublicKey()).getModulus();
            } catch (Exception e) {
                throw new Refusal(Rule.MALFORMED, cert, "RSA public key does not parse");
            }
            int bits = n.bitLength();
            if (bits < 2048 || bits % 8 != 0) {
                throw new Refusal(Rule.WEAK_KEY, cert, "RSA key of " + bits + " bits (needs at least 2048, a multiple of 8)");
            }
        } else if (alg.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            var params = spki.getAlgorithm().getParameters();
            if (!(params instanceof ASN1ObjectIdentifier curve)) {
                throw new Refusal(Rule.WEAK_KEY, cert, "EC key without a named curve");
            }
            if (!curve.equals(X9ObjectIdentifiers.prime256v1) && !curve.equals(SECObjectIdentifiers.secp384r1)
                    && !curve.equals(SECObjectIdentifiers.secp521r1)) {
                throw new Refusal(Rule.WEAK_KEY, cert, "EC key on curve " + curve + " (only P-256, P-384, P-521)");
            }
        } else if (!alg.equals(EdECObjectIdentifiers.id_Ed25519)) {
            throw new Refusal(Rule.WEAK_KEY, cert, "public key algorithm " + alg + " is not allowed (RSA, ECDSA, Ed25519 only)");
        }
    }
}
