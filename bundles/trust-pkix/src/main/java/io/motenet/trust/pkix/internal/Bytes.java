package io.motenet.trust.pkix.internal;

import java.util.Arrays;

/** Bytes as a map key, hashed once (certificates are kilobytes; caches look them up per handshake). */
final class Bytes {
    final byte[] value;
    private final int hash;

    Bytes(byte[] value) {
        this.value = value;
        this.hash = Arrays.hashCode(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes b && b.hash == hash && Arrays.equals(b.value, value);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /**
     * The encoding of the first element inside the DER SEQUENCE {@code der} (a certificate's or CRL's
     * to-be-signed part), as the signature covers it, without re-encoding. The caller has already
     * checked that {@code der} is well-formed DER.
     */
    static byte[] firstElement(byte[] der) {
        int inner = 1 + lengthOfLength(der, 1);
        int len = length(der, inner + 1);
        int total = 1 + lengthOfLength(der, inner + 1) + len;
        return Arrays.copyOfRange(der, inner, inner + total);
    }

    private static int lengthOfLength(byte[] d, int at) {
        int b = d[at] & 0xff;
        return b < 0x80 ? 1 : 1 + (b & 0x7f);
    }

    private static int length(byte[] d, int at) {
        int b = d[at] & 0xff;
        if (b < 0x80) {
            return b;
        }
        int n = b & 0x7f;
        if (n > 4) {
            throw new IllegalArgumentException("DER length too long");
        }
        int len = 0;
        for (int i = 1; i <= n; i++) {
            len = len << 8 | (d[at + i] & 0xff);
        }
        return len;
    }
}
