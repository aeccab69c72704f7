package io.motenet.trust.pkix.internal;

import java.util.Locale;

/**
 * DNS name syntax as certificates use it: RFC 1034 preferred name syntax as modified by RFC 1123
 * (letters, digits, hyphens; labels of 1..63, not starting or ending with a hyphen), A-labels for
 * internationalized names, ASCII only. Names are compared lower-case without a trailing dot.
 */
final class DnsNames {
    private DnsNames() {
    }

    /** Lower-cases and drops one trailing dot; {@code null} when the text is not a valid host name. */
    static String normalizeReference(String name) {
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        n = n.toLowerCase(Locale.ROOT);
        return isHostName(n) ? n : null;
    }

    /** Whether {@code n} (already lower-case) is a syntactically valid host name. */
    static boolean isHostName(String n) {
        if (n.isEmpty() || n.length() > 253) {
            return false;
        }
        int start = 0;
        while (true) {
            int dot = n.indexOf('.', start);
            int end = dot < 0 ? n.length() : dot;
            if (!isLabel(n, start, end)) {
                return false;
            }
            if (dot < 0) {
                return true;
            }
            start = dot + 1;
        }
    }

    private static boolean isLabel(String n, int start, int end) {
        int len = end - start;
        if (len < 1 || len > 63 || n.charAt(start) == '-' || n.charAt(end - 1) == '-') {
            return false;
        }
        for (int i = start; i < end; i++) {
            char c = n.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || (c >= 'A' && c <= 'Z'))) {
                return false;
            }
        }
        return true;
    }

    /**
     * A presented dNSName from a certificate, lower-cased without trailing dot, when it is a host
     * name or a wildcard of the form {@code *.host}; {@code null} otherwise.
     */
    static String normalizePresented(String presented) {
        String p = presented.toLowerCase(Locale.ROOT);
        if (p.endsWith(".")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.startsWith("*.")) {
            return isHostName(p.substring(2)) ? p : null;
        }
        return isHostName(p) ? p : null;
    }

    /** Whether {@code name} equals {@code base} or is a subdomain of it (both normalized). */
    static boolean within(String name, String base) {
        return name.equals(base) || (name.length() > base.length() && name.endsWith(base)
                && name.charAt(name.length() - base.length() - 1) == '.');
    }
}
