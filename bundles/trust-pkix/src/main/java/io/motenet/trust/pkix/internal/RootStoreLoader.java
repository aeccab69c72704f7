package io.motenet.trust.pkix.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Where the trust anchors come from: anchors named in the configuration (PEM files or inline PEM)
 * when there are any, otherwise the operating system's CA bundle at the first of the common
 * locations that holds certificates, and the JDK's cacerts only when no OS bundle exists.
 */
final class RootStoreLoader {
    /** Debian/Ubuntu, Fedora/RHEL, openSUSE, older RHEL, CentOS 7 extracted, Alpine/BSD. */
    static final List<String> OS_BUNDLES = List.of(
            "/etc/ssl/certs/ca-certificates.crt",
            "/etc/pki/tls/certs/ca-bundle.crt",
            "/etc/ssl/ca-bundle.pem",
            "/etc/pki/tls/cacert.pem",
            "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
            "/etc/ssl/cert.pem");

    private RootStoreLoader() {
    }

    /** Anchors from configuration; an unreadable file is an error (a misconfigured store must not fall open or silently shrink). */
    static TrustStore fromConfiguration(List<String> pemFiles, List<String> inlinePem) throws IOException {
        List<byte[]> der = new ArrayList<>();
        for (String f : pemFiles) {
            List<byte[]> certs = Pem.read(Files.readString(Path.of(f), StandardCharsets.US_ASCII), "CERTIFICATE");
            if (certs.isEmpty()) {
                throw new IOException("no PEM certificate in " + f);
            }
            der.addAll(certs);
        }
        for (String pem : inlinePem) {
            List<byte[]> certs = Pem.read(pem, "CERTIFICATE");
            if (certs.isEmpty()) {
                throw new IOException("an inline anchor holds no PEM certificate");
            }
            der.addAll(certs);
        }
        return TrustStore.of(der, "config:" + pemFiles.size() + " files, " + inlinePem.size() + " inline");
    }

    /** The OS bundle at the first location of {@code locations} with certificates, else the JDK's cacerts. */
    static TrustStore fromSystem(List<String> locations, boolean jdkFallback, boolean lenient) throws IOException {
        for (String loc : locations) {
            Path p = Path.of(loc);
            if (Files.isReadable(p)) {
                List<byte[]> certs = Pem.read(Files.readString(p, StandardCharsets.US_ASCII), "CERTIFICATE");
                if (!certs.isEmpty()) {
                    return TrustStore.of(certs, "os:" + loc, lenient);
                }
            }
        }
        if (jdkFallback) {
            Path cacerts = Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
            if (Files.isReadable(cacerts)) {
                return TrustStore.of(readKeyStore(cacerts), "jdk:" + cacerts, lenient);
            }
        }
        throw new IOException("no CA bundle found in " + locations + (jdkFallback ? " nor the JDK's cacerts" : "")
                + "; install Debian's ca-certificates or configure anchors");
    }

    private static List<byte[]> readKeyStore(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(in, null);
            List<byte[]> der = new ArrayList<>();
            for (String alias : Collections.list(ks.aliases())) {
                Certificate c = ks.getCertificate(alias);
                if (c != null) {
                    der.add(c.getEncoded());
                }
            }
            return der;
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
