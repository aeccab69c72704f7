package io.motenet.ip.internal.iface;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.motenet.ip.internal.socket.UdpSocket;
import io.motenet.ip.internal.wire.Captures;
import io.motenet.link.MacAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every captured frame, mutated at random (bit flips, bytes overwritten, cut short, grown), fed to
 * a stack that plays both captured hosts' roles: poll never throws, every frame is counted, and
 * the stack still answers a clean ping afterwards. Seeded: a failure names its seed.
 */
class MutatedFramesTest {
    static final String[] CAPTURES = {"arp", "ping", "portunreach", "ttl", "fragneeded", "frag", "garp", "ipopts", "dhcp"};

    @Test
    void mutatedCapturedFramesAreCountedNeverThrown() {
        List<ByteBuffer> originals = new ArrayList<>();
        for (String c : CAPTURES) {
            originals.addAll(Captures.load(c));
        }
        for (long seed = 1; seed <= 4; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            Stack r = StackReplayTest.host(MacAddress.parse("02:00:00:00:01:01"), "10.99.1.1/24");
            r.bindUdp(null, 7777);
            int fed = 0;
            for (int n = 0; n < 5000; n++) {
                byte[] f = Captures.toArray(originals.get(random.nextInt(originals.size())));
                f = mutate(f, random);
                r.receive("eth0", ByteBuffer.wrap(f));
                fed++;
                if (n % 64 == 0) {
                    r.poll(n * 1_000_000L);
                    r.drainOutgoing((i, out) -> { });
                }
            }
            r.poll(10_000_000_000L);
            r.drainOutgoing((i, out) -> { });
            assertEquals(fed, r.iface("eth0").counters().get("rx.frames"), "seed " + seed);
            assertTrue(r.iface("eth0").counters().get("rx.drop.bad_checksum") > 0, "seed " + seed);
            assertEquals(0, r.iface("eth0").counters().get("rx.drop.internal_error"), "seed " + seed);
            // still healthy: the kernel's clean ARP and ping get their answers
            List<ByteBuffer> out = StackReplayTest.feed(r, Captures.frame("arp", 0), Captures.frame("ping", 0));
            assertEquals(2, out.size(), "seed " + seed);
        }
    }

    static byte[] mutate(byte[] f, SplittableRandom random) {
        switch (random.nextInt(5)) {
            case 0 -> { // flip 1-3 bits
                for (int k = 1 + random.nextInt(3); k > 0; k--) {
                    int i = random.nextInt(f.length);
                    f[i] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> f[random.nextInt(f.length)] = (byte) random.nextInt(256); // one byte overwritten
            case 2 -> f = java.util.Arrays.copyOf(f, random.nextInt(f.length)); // cut short
            case 3 -> { // a length or offset field set to something wild (IPv4 header region)
                if (f.length > 24) {
                    int i = 14 + random.nextInt(10);
                    f[i] = (byte) random.nextInt(256);
                }
            }
            default -> f = java.util.Arrays.copyOf(f, f.length + random.nextInt(64)); // grown with zeros
        }
        return f;
    }
}
