package io.motenet.trust.pkix.internal;

import io.motenet.trust.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralSubtree;

/**
 * RFC 5280 4.2.1.10 name constraints for dNSName, iPAddress, directoryName and rfc822Name. A name
 * form this class does not process (otherName, URI, ...) that is both constrained and present is
 * refused, as the RFC requires. Constraints are checked per constraining CA (every CA's constraints
 * must hold, which is the RFC's intersection of permitted subtrees). Comparisons are counted against
 * a budget so that a certificate with thousands of names cannot make the check quadratic for long.
 */
final class NameConstraintChecker {

    /** Comparison budget for one verification. */
    static final class Budget {
        private long left;

        Budget(long comparisons) {
            left = comparisons;
        }

        void spend(Cert cert, long n) throws Refusal {
            left -= n;
            if (left < 0) {
                throw new Refusal(Rule.RESOURCE_LIMIT, cert, "too many name-constraint comparisons");
            }
        }
    }

    private NameConstraintChecker() {
    }

    /** Checks the constraints a CA carries are themselves well formed (called when the CA joins a path). */
    static void checkWellFormed(Cert ca) throws Refusal {
        if (ca.rawNameConstraints == null) {
            return;
        }
        GeneralSubtree[] permitted = ca.nameConstraints.getPermittedSubtrees();
        GeneralSubtree[] excluded = ca.nameConstraints.getExcludedSubtrees();
        if ((permitted == null || permitted.length == 0) && (excluded == null || excluded.length == 0)) {
            throw new Refusal(Rule.NAME_CONSTRAINTS, ca, "name constraints extension with no subtrees");
        }
        for (GeneralSubtree[] list : new GeneralSubtree[][] {permitted, excluded}) {
            if (list == null) {
                continue;
            }
            for (GeneralSubtree t : list) {
                if ((t.getMinimum() != null && t.getMinimum().signum() != 0) || t.getMaximum() != null) {
                    throw new Refusal(Rule.NAME_CONSTRAINTS, ca, "name constraint with minimum/maximum (must be 0/absent)");
                }
                GeneralName base = t.getBase();
                switch (base.getTagNo()) {
                    case GeneralName.dNSName -> {
                        String c = lower(base);
                        String d = c.startsWith(".") ? c.substring(1) : c;
                        if (!c.isEmpty() && !DnsNames.isHostName(d)) {
                            throw new Refusal(Rule.NAME_CONSTRAINTS, ca, "malformed dNSName constraint '" + c + "'");
                        }
                    }
                    case GeneralName.iPAddress -> {
                        byte[] b = ASN1OctetString.getInstance(base.getName()).getOctets();
                        if ((b.length != 8 && b.length != 32) || !contiguousMask(b, b.length / 2)) {
                            throw new Refusal(Rule.NAME_CONSTRAINTS, ca, "malformed iPAddress constraint (address and CIDR mask expected)");
                        }
                    }
                    case GeneralName.rfc822Name -> {
                        String c = lower(base);
                        if (c.indexOf('@') != c.lastIndexOf('@')) {
                            throw new Refusal(Rule.NAME_CONSTRAINTS, ca, "malformed rfc822Name constraint '" + c + "'");
                        }
                    }
                    default -> {
                        // other forms: checked only when a name of that form appears below
                    }
                }
            }
        }
    }

    /** Checks every name of {@code cert} against the constraints carried by {@code ca}. */
    static void check(Cert cert, Cert ca, Budget budget) throws Refusal {
        GeneralSubtree[] permitted = orEmpty(ca.nameConstraints.getPermittedSubtrees());
        GeneralSubtree[] excluded = orEmpty(ca.nameConstraints.getExcludedSubtrees());
        for (GeneralName name : namesOf(cert)) {
            int tag = name.getTagNo();
            boolean constrained = false;
            boolean anyPermitted = false;
            boolean permittedMatch = false;
            budget.spend(cert, permitted.length + excluded.length);
            for (GeneralSubtree t : excluded) {
                if (t.getBase().getTagNo() == tag) {
                    constrained = true;
                    if (matches(cert, name, t.getBase(), true)) {
                        throw new Refusal(Rule.NAME_CONSTRAINTS, cert, describe(name) + " is excluded by a name constraint of " + ca.name());
                    }
                }
            }
            for (GeneralSubtree t : permitted) {
                if (t.getBase().getTagNo() == tag) {
                    constrained = anyPermitted = true;
                    if (!permittedMatch && matches(cert, name, t.getBase(), false)) {
                        permittedMatch = true;
                    }
                }
            }
            if (anyPermitted && !permittedMatch) {
                throw new Refusal(Rule.NAME_CONSTRAINTS, cert, describe(name) + " is outside the permitted names of " + ca.name());
            }
            if (constrained && !processed(tag)) {
                throw new Refusal(Rule.NAME_CONSTRAINTS, cert, "name form " + tag + " is constrained by " + ca.name() + " but not processed");
            }
        }
    }

    private static boolean processed(int tag) {
        return tag == GeneralName.dNSName || tag == GeneralName.iPAddress || tag == GeneralName.directoryName
                || tag == GeneralName.rfc822Name;
    }

    /** The subject (when not empty), its emailAddress attributes when there is no SAN, and every SAN. */
    private static List<GeneralName> namesOf(Cert cert) {
        List<GeneralName> names = new ArrayList<>();
        if (cert.subject.size() > 0) {
            names.add(new GeneralName(cert.subject));
        }
        if (cert.san == null) {
            for (RDN rdn : cert.subject.getRDNs(BCStyle.EmailAddress)) {
                names.add(new GeneralName(GeneralName.rfc822Name, IETFUtils.valueToString(rdn.getFirst().getValue())));
            }
        } else {
            names.addAll(List.of(cert.san));
        }
        return names;
    }

    private static boolean matches(Cert cert, GeneralName name, GeneralName base, boolean excluded) throws Refusal {
        return switch (name.getTagNo()) {
            case GeneralName.dNSName -> dns(cert, lower(name), lower(base), excluded);
            case GeneralName.iPAddress -> ip(cert, ASN1OctetString.getInstance(name.getName()).getOctets(),
                    ASN1OctetString.getInstance(base.getName()).getOctets());
            case GeneralName.directoryName -> dn(X500Name.getInstance(name.getName()), X500Name.getInstance(base.getName()));
            case GeneralName.rfc822Name -> email(cert, ((ASN1String) name.getName()).getString(), ((ASN1String) base.getName()).getString());
            default -> true; // unprocessed forms are refused by the caller
        };
    }

    private static boolean dns(Cert cert, String presented, String constraint, boolean excluded) throws Refusal {
        String n = DnsNames.normalizePresented(presented);
        if (n == null) {
            throw new Refusal(Rule.NAME_CONSTRAINTS, cert, "dNSName '" + presented + "' is malformed and cannot be checked against name constraints");
        }
        if (constraint.isEmpty()) {
            return true;
        }
        boolean strictSub = constraint.startsWith(".");
        String d = strictSub ? constraint.substring(1) : constraint;
        if (n.startsWith("*.")) {
            // *.X stands for every one-label child of X: it is inside D when X is within D, and an
            // exclusion of any name it could stand for (D within X) excludes it (CVE-2025-61727).
            String x = n.substring(2);
            return DnsNames.within(x, d) || (excluded && DnsNames.within(d, x));
        }
        return strictSub ? DnsNames.within(n, d) && !n.equals(d) : DnsNames.within(n, d);
    }

    private static boolean ip(Cert cert, byte[] address, byte[] constraint) throws Refusal {
        if (address.length != 4 && address.length != 16) {
            throw new Refusal(Rule.NAME_CONSTRAINTS, cert, "iPAddress SAN of " + address.length + " bytes");
        }
        if (constraint.length != address.length * 2) {
            return false;
        }
        int n = address.length;
        for (int i = 0; i < n; i++) {
            if ((address[i] & constraint[n + i]) != (constraint[i] & constraint[n + i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean contiguousMask(byte[] b, int from) {
        boolean zeros = false;
        for (int i = from; i < b.length; i++) {
            for (int bit = 7; bit >= 0; bit--) {
                boolean one = (b[i] >> bit & 1) == 1;
                if (one && zeros) {
                    return false;
                }
                zeros |= !one;
            }
        }
        return true;
    }

    private static boolean dn(X500Name name, X500Name constraint) {
        RDN[] n = name.getRDNs();
        RDN[] c = constraint.getRDNs();
        if (c.length > n.length) {
            return false;
        }
        for (int i = 0; i < c.length; i++) {
            if (!IETFUtils.rDNAreEqual(n[i], c[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean email(Cert cert, String mailbox, String constraint) throws Refusal {
        int at = mailbox.indexOf('@');
        if (at <= 0 || at != mailbox.lastIndexOf('@') || !DnsNames.isHostName(mailbox.substring(at + 1).toLowerCase(Locale.ROOT))) {
            throw new Refusal(Rule.NAME_CONSTRAINTS, cert, "rfc822Name '" + mailbox + "' is malformed and cannot be checked against name constraints");
        }
        String local = mailbox.substring(0, at);
        String host = mailbox.substring(at + 1).toLowerCase(Locale.ROOT);
        int cat = constraint.indexOf('@');
        if (cat >= 0) {
            // A whole mailbox: every character literal (an asterisk is no wildcard), local part case-sensitive.
            return constraint.substring(0, cat).equals(local) && constraint.substring(cat + 1).toLowerCase(Locale.ROOT).equals(host);
        }
        String c = constraint.toLowerCase(Locale.ROOT);
        if (c.startsWith(".")) {
            return DnsNames.within(host, c.substring(1)) && !host.equals(c.substring(1));
        }
        return host.equals(c);
    }

    private static String lower(GeneralName n) {
        return ((ASN1String) n.getName()).getString().toLowerCase(Locale.ROOT);
    }

    private static String describe(GeneralName n) {
        return switch (n.getTagNo()) {
            case GeneralName.dNSName -> "dNSName " + n.getName();
            case GeneralName.rfc822Name -> "rfc822Name " + n.getName();
            case GeneralName.directoryName -> "directoryName " + X500Name.getInstance(n.getName());
            case GeneralName.iPAddress -> "iPAddress SAN";
            default -> "name of form " + n.getTagNo();
        };
    }

    private static GeneralSubtree[] orEmpty(GeneralSubtree[] t) {
        return t == null ? new GeneralSubtree[0] : t;
    }

}
