package io.motenet.trust.pkix.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.x509.Certificate;
import org.junit.jupiter.api.Test;

class BytesTest {

    @Test
    void tbsSliceIsWhatBouncyCastleEncodes() throws Exception {
        // long-form lengths (RSA certificate, > 255 bytes) and a small EC one
        for (TestPki.Issued c : new TestPki.Issued[] {
                TestPki.cert("CN=RSA", TestPki.key("RSA", 2048)).ca(null).signedBy(TestPki.cert("CN=EC issuer").ca(null).selfSigned()),
                TestPki.cert("CN=EC").ca(null).selfSigned()}) {
            byte[] expected = Certificate.getInstance(c.der()).getTBSCertificate().getEncoded(ASN1Encoding.DER);
            assertArrayEquals(expected, Bytes.firstElement(c.der()));
        }
    }

    @Test
    void keysCompareByContent() {
        assertEquals(new Bytes(new byte[] {1, 2, 3}), new Bytes(new byte[] {1, 2, 3}));
        assertEquals(new Bytes(new byte[] {1, 2, 3}).hashCode(), new Bytes(new byte[] {1, 2, 3}).hashCode());
        assertNotEquals(new Bytes(new byte[] {1, 2, 3}), new Bytes(new byte[] {1, 2, 4}));
    }
}
