package io.motenet.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class StatusTableTest {

    @Test
    void listsHighestRankingFirstPerContract() {
        String table = StatusTable.render(List.of(
                new StatusTable.Row("io.motenet.trust.CertificateVerifier", "io.motenet.trust.insecure", 40, 0),
                new StatusTable.Row("io.motenet.link.NetworkDevice", "io.motenet.driver.tap", 12, 0),
                new StatusTable.Row("io.motenet.trust.CertificateVerifier", "io.motenet.trust.pkix", 41, 100)), 5);
        String[] lines = table.split("\n");
        assertEquals("motenet bundles: 5, services: 3", lines[0]);
        assertTrue(lines[1].startsWith("CONTRACT"), lines[1]);
        assertTrue(lines[2].startsWith("io.motenet.link.NetworkDevice"), lines[2]);
        assertTrue(lines[3].endsWith("io.motenet.trust.pkix"), "ranking 100 before 0: " + lines[3]);
        assertTrue(lines[4].endsWith("io.motenet.trust.insecure"), lines[4]);
    }

    @Test
    void saysSoWhenNothingIsRegistered() {
        assertEquals("motenet bundles: 2, services: 0\nno motenet service is registered",
                StatusTable.render(List.of(), 2));
    }
}
