package io.motenet.trust.pkix.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.motenet.trust.PeerIdentity;
import io.motenet.trust.Rule;
import io.motenet.trust.VerificationRequest;
import io.motenet.trust.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Real public chains (google.com, bing.com, ... as saved by x509-limbo's "online" cases) verified
 * against this machine's own OS store, the default root store, at the time they were captured.
 */
class RealChainsTest {

    @Test
    void savedPublicChainsVerifyAgainstTheOsStore() throws Exception {
        Path limbo = Path.of(System.getProperty("motenet.limbo", "../../../shared/testdata/x509-limbo/limbo.json"));
        if (!Files.isReadable(limbo)) {
            fail("x509-limbo cases not found at " + limbo.toAbsolutePath().normalize() + " (shared/ beside the clone)");
        }
        if (!Files.isReadable(Path.of(RootStoreLoader.OS_BUNDLES.getFirst()))) {
            fail(RootStoreLoader.OS_BUNDLES.getFirst() + " missing: install Debian's ca-certificates (tools/debian-packages.txt)");
        }
        PkixEngine engine = new PkixEngine(RootStoreLoader.fromSystem(RootStoreLoader.OS_BUNDLES, false, true),
                Limits.DEFAULT, VerifierFixture.SUFFIXES);
        int checked = 0;
        for (JsonNode c : new ObjectMapper().readTree(limbo.toFile()).path("testcases")) {
            String id = c.path("id").asText();
            if (!id.startsWith("online::")) {
                continue;
            }
            List<byte[]> chain = new ArrayList<>(Pem.read(c.path("peer_certificate").asText(), "CERTIFICATE"));
            for (JsonNode p : c.path("untrusted_intermediates")) {
                chain.addAll(Pem.read(p.asText(), "CERTIFICATE"));
            }
            var time = OffsetDateTime.parse(c.path("validation_time").asText()).toInstant();
            String host = c.path("expected_peer_name").path("value").asText();
            Verdict v = engine.verify(VerificationRequest.server(chain, PeerIdentity.dns(host), time));
            assertTrue(v.trusted(), id + ": " + v);
            // the same chain for another host is refused, naming the rule
            Verdict wrong = engine.verify(VerificationRequest.server(chain, PeerIdentity.dns("wrong.example"), time));
            assertFalse(wrong.trusted());
            assertEquals(Rule.PEER_IDENTITY, ((Verdict.Rejected) wrong).rule());
            // and ten years later it has expired
            Verdict late = engine.verify(VerificationRequest.server(chain, PeerIdentity.dns(host), time.plusSeconds(86_400L * 3650)));
            assertFalse(late.trusted(), id);
            checked++;
        }
        assertEquals(8, checked, "limbo holds 8 online chains");
    }
}
