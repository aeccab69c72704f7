package io.motenet.trust.pkix.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/** PEM blocks of one type (CERTIFICATE, X509 CRL) from text, with BouncyCastle's PEM reader. */
final class Pem {
    private Pem() {
    }

    static List<byte[]> read(String text, String type) throws IOException {
        return read(new StringReader(text), type);
    }

    static List<byte[]> read(Reader in, String type) throws IOException {
        List<byte[]> out = new ArrayList<>();
        try (PemReader r = new PemReader(in)) {
            for (PemObject o; (o = r.readPemObject()) != null; ) {
                if (o.getType().equals(type) || (type.equals("CERTIFICATE") && o.getType().equals("TRUSTED CERTIFICATE"))) {
                    out.add(o.getContent());
                }
            }
        }
        return out;
    }
}
