package io.motenet.trust.pkix.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The public suffix list (publicsuffix.org), ICANN and private sections, in A-labels. Used only to
 * refuse wildcards that would span a registry-controlled suffix ({@code *.com}, {@code *.co.uk}).
 * Loaded from the OS (Debian's {@code publicsuffix} package) or, when that is missing, from the copy
 * shipped in this bundle.
 */
final class PublicSuffixList {
    static final Path DEBIAN = Path.of("/usr/share/publicsuffix/public_suffix_list.dat");
    private static final String BUNDLED = "public_suffix_list.dat";

    private final Set<String> rules = new HashSet<>();
    private final Set<String> wildcards = new HashSet<>();
    private final Set<String> exceptions = new HashSet<>();
    private final String source;

    private PublicSuffixList(BufferedReader in, String source) throws IOException {
        this.source = source;
        for (String line; (line = in.readLine()) != null; ) {
            line = line.strip();
            int space = line.indexOf(' ');
            if (space >= 0) {
                line = line.substring(0, space);
            }
            if (line.isEmpty() || line.startsWith("//")) {
                continue;
            }
            if (line.startsWith("!")) {
                exceptions.add(ascii(line.substring(1)));
            } else if (line.startsWith("*.")) {
                wildcards.add(ascii(line.substring(2)));
            } else {
                rules.add(ascii(line));
            }
        }
    }

    private static String ascii(String rule) {
        try {
            return IDN.toASCII(rule, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return rule.toLowerCase(Locale.ROOT);
        }
    }

    /** The OS list when present, else the bundled copy. */
    static PublicSuffixList load() {
        if (Files.isReadable(DEBIAN)) {
            try (BufferedReader r = Files.newBufferedReader(DEBIAN, StandardCharsets.UTF_8)) {
                return new PublicSuffixList(r, DEBIAN.toString());
            } catch (IOException e) {
                // fall through to the bundled copy
            }
        }
        try (InputStream in = PublicSuffixList.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException("no public suffix list: neither " + DEBIAN + " nor the bundled copy");
            }
            return new PublicSuffixList(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), "bundled");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the bundled public suffix list", e);
        }
    }

    String source() {
        return source;
    }

    /**
     * Whether {@code name} (lower-case A-labels, no trailing dot) is itself a public suffix. Every
     * single-label name counts as one (the list's implicit {@code *} rule).
     */
    boolean isPublicSuffix(String name) {
        if (name.indexOf('.') < 0) {
            return true;
        }
        if (exceptions.contains(name)) {
            return false;
        }
        if (rules.contains(name)) {
            return true;
        }
        int dot = name.indexOf('.');
        return wildcards.contains(name.substring(dot + 1));
    }
}
