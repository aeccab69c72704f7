package io.motenet.trust.pkix.internal;

import static io.motenet.trust.pkix.internal.TestPki.NOW;
import static io.motenet.trust.pkix.internal.TestPki.cert;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.motenet.trust.PeerIdentity;
import io.motenet.trust.VerificationRequest;
import io.motenet.trust.Verdict;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Malformed input is a typed refusal, never an exception or a false accept: every single-byte change,
 * truncation or extension of a valid peer certificate or intermediate is refused (seeded, reproducible).
 */
class MutatedChainTest {

    @Test
    void everyMutationOfAValidChainIsRefusedWithAVerdict() {
        TestPki.Issued root = cert("CN=Root").ca(null).selfSigned();
        TestPki.Issued ica = cert("CN=ICA").ca(0).signedBy(root);
        TestPki.Issued leaf = cert("O=Leaf").dns("a.example").signedBy(ica);
        PkixEngine engine = VerifierFixture.engine(root);
        assertTrue(engine.verify(request(leaf.der(), ica.der())).trusted());

        Random random = new Random(20261126L);
        for (int i = 0; i < 400; i++) {
            boolean mutateLeaf = random.nextBoolean();
            byte[] target = (mutateLeaf ? leaf : ica).der();
            byte[] bad = mutate(target, random);
            if (Arrays.equals(bad, target)) {
                continue;
            }
            Verdict v = engine.verify(mutateLeaf ? request(bad, ica.der()) : request(leaf.der(), bad));
            assertNotNull(v);
            assertFalse(v.trusted(), () -> "mutation accepted: " + v);
        }
    }

    private static VerificationRequest request(byte[] leaf, byte[] ica) {
        return VerificationRequest.server(List.of(leaf, ica), PeerIdentity.dns("a.example"), NOW);
    }

    private static byte[] mutate(byte[] der, Random r) {
        return switch (r.nextInt(3)) {
            case 0 -> {
                byte[] b = der.clone();
                b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                yield b;
            }
            case 1 -> Arrays.copyOf(der, r.nextInt(der.length));
            default -> {
                byte[] b = Arrays.copyOf(der, der.length + 1 + r.nextInt(8));
                yield b;
            }
        };
    }
}
