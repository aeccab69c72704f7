package io.motenet.trust.pkix.internal;

import io.motenet.trust.PeerIdentity;
import io.motenet.trust.Rule;
import java.util.Arrays;
import java.util.Locale;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x509.GeneralName;

/**
 * RFC 9525 identity checks against the subjectAltName extension only (no common-name fallback):
 * DNS names against dNSName (case-insensitive, trailing dot ignored, a wildcard only as the whole
 * left-most label, matching exactly one label, never over a public suffix), IP addresses against
 * iPAddress byte for byte, e-mail addresses against rfc822Name.
 */
final class IdentityMatcher {
    private final PublicSuffixList suffixes;

    IdentityMatcher(PublicSuffixList suffixes) {
        this.suffixes = suffixes;
    }

    void check(Cert leaf, PeerIdentity identity) throws Refusal {
        if (leaf.san == null) {
            throw new Refusal(Rule.PEER_IDENTITY, leaf, "certificate has no subjectAltName, so it names no peer (common names are not used)");
        }
        boolean ok = switch (identity) {
            case PeerIdentity.DnsName d -> matchesDns(leaf, d.name());
            case PeerIdentity.IpAddress ip -> matchesIp(leaf, ip.address().getAddress());
            case PeerIdentity.Email e -> matchesEmail(leaf, e.address());
        };
        if (!ok) {
            throw new Refusal(Rule.PEER_IDENTITY, leaf, "certificate is not valid for " + identity);
        }
    }

    private boolean matchesDns(Cert leaf, String reference) throws Refusal {
        String ref = DnsNames.normalizeReference(reference);
        if (ref == null) {
            throw new Refusal(Rule.PEER_IDENTITY, leaf, "'" + reference + "' is not a valid DNS name (A-labels expected)");
        }
        for (GeneralName n : leaf.san) {
            if (n.getTagNo() == GeneralName.dNSName && matchDns(((ASN1String) n.getName()).getString(), ref)) {
                return true;
            }
        }
        return false;
    }

    /** One presented dNSName against a normalized reference name. */
    boolean matchDns(String presentedRaw, String ref) {
        String presented = DnsNames.normalizePresented(presentedRaw);
        if (presented == null) {
            return false;
        }
        if (!presented.startsWith("*.")) {
            return presented.equals(ref);
        }
        String base = presented.substring(2);
        if (suffixes.isPublicSuffix(base)) {
            return false;
        }
        int dot = ref.indexOf('.');
        return dot > 0 && ref.substring(dot + 1).equals(base);
    }

    private static boolean matchesIp(Cert leaf, byte[] address) {
        for (GeneralName n : leaf.san) {
            if (n.getTagNo() == GeneralName.iPAddress
                    && Arrays.equals(ASN1OctetString.getInstance(n.getName()).getOctets(), address)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesEmail(Cert leaf, String address) {
        int at = address.lastIndexOf('@');
        if (at <= 0 || address.indexOf('@') != at) {
            return false;
        }
        String local = address.substring(0, at);
        String host = address.substring(at + 1).toLowerCase(Locale.ROOT);
        for (GeneralName n : leaf.san) {
            if (n.getTagNo() == GeneralName.rfc822Name) {
                String p = ((ASN1String) n.getName()).getString();
                int pat = p.lastIndexOf('@');
                if (pat > 0 && p.indexOf('@') == pat && p.substring(0, pat).equals(local)
                        && p.substring(pat + 1).toLowerCase(Locale.ROOT).equals(host)) {
                    return true;
                }
            }
        }
        return false;
    }
}
