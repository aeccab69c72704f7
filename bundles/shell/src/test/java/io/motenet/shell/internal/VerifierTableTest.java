package io.motenet.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class VerifierTableTest {

    @Test
    void theVerifierInUseIsTheHighestRankedThenTheOldest() {
        String table = VerifierTable.render(List.of(
                new VerifierTable.Row("pinning", 100, 60, "-", -1, "io.motenet.trust.pinning"),
                new VerifierTable.Row("pkix", 100, 42, "os:/etc/ssl/certs/ca-certificates.crt", 144, "io.motenet.trust.pkix"),
                new VerifierTable.Row("insecure", -1000, 7, "-", -1, "io.motenet.trust.insecure")));
        String[] lines = table.split("\n");
        assertEquals(4, lines.length, table);
        assertTrue(lines[1].matches("\\* pkix +100 +42 +144  io.motenet.trust.pkix +os:/etc/ssl/certs/ca-certificates.crt"), lines[1]);
        assertTrue(lines[2].matches("  pinning +100 +60 +-  .*"), lines[2]);
        assertTrue(lines[3].startsWith("  insecure"), lines[3]);
    }

    @Test
    void noVerifierMeansHandshakesFailClosed() {
        assertEquals("no certificate verifier is bound: every TLS handshake fails closed", VerifierTable.render(List.of()));
    }
}
