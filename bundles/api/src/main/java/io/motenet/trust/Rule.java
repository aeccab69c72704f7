package io.motenet.trust;

/** The rule a rejected chain broke; stable names for logs, metrics and tests. */
public enum Rule {
    /** A certificate or CRL could not be parsed, or is not valid DER / X.509 v3. */
    MALFORMED,
    /** No path from the peer certificate to a trust anchor could be built. */
    NO_PATH_TO_ANCHOR,
    /** Path building or name checking exceeded its bounds (depth, candidates, signatures, time). */
    RESOURCE_LIMIT,
    /** A signature did not verify, or its algorithm is not allowed or does not match. */
    SIGNATURE,
    /** A public key of a type or size that is not allowed. */
    WEAK_KEY,
    /** The validation time is outside a certificate's validity period. */
    VALIDITY,
    /** Basic constraints: a non-CA used as issuer, a CA used as end entity, bad criticality. */
    BASIC_CONSTRAINTS,
    /** A path length constraint or the request's intermediate bound was exceeded. */
    PATH_LENGTH,
    /** Key usage does not allow the use. */
    KEY_USAGE,
    /** Extended key usage does not allow the purpose. */
    EXTENDED_KEY_USAGE,
    /** A name is outside the permitted or inside the excluded subtrees of a name constraint. */
    NAME_CONSTRAINTS,
    /** A critical extension the verifier does not process, or a duplicated extension. */
    UNKNOWN_CRITICAL_EXTENSION,
    /** Authority or subject key identifier missing, critical or inconsistent. */
    KEY_IDENTIFIERS,
    /** An extension or field violates the certificate profile (RFC 5280 / CA/Browser Forum). */
    PROFILE,
    /** A supplied CRL lists the certificate, or a supplied CRL for its issuer is invalid. */
    REVOKED,
    /** The certificate is not valid for the expected peer identity. */
    PEER_IDENTITY
}
