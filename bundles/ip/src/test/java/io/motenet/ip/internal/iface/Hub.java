package io.motenet.ip.internal.iface;

import io.motenet.link.MacAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * A shared Ethernet segment for unit tests: every frame reaches every other stack (the stacks
 * filter by MAC), in simulated time. The vswitch simulation tests use the real switch instead.
 */
final class Hub {
    final List<Stack> stacks = new ArrayList<>();
    final List<ByteBuffer> seen = new ArrayList<>();
    Predicate<ByteBuffer> drop = f -> false;
    long now;

    Stack add(String mac, String cidr, String gateway) {
        Stack s = new Stack(Stack.Limits.defaults(), new SplittableRandom(stacks.size() + 7));
        s.addInterface("eth0", MacAddress.parse(mac), 1500);
        if (cidr != null) {
            s.configureStatic("eth0", InterfaceAddress.parse(cidr), gateway == null ? null
                    : io.motenet.ip.internal.wire.Ipv4Address.parse(gateway));
        }
        s.setLink("eth0", true, null, 0, now);
        stacks.add(s);
        return s;
    }

    /** Polls and delivers until nothing moves, then jumps to the next deadline, up to {@code until}. */
    void runUntil(long until) {
        for (int guard = 0; guard < 100_000; guard++) {
            boolean moved = true;
            while (moved) {
                moved = false;
                for (Stack s : stacks) {
                    s.poll(now);
                    List<ByteBuffer> out = new ArrayList<>();
                    s.drainOutgoing((i, f) -> out.add(f));
                    for (ByteBuffer f : out) {
                        moved = true;
                        seen.add(f.duplicate());
                        if (drop.test(f)) {
                            continue;
                        }
                        for (Stack t : stacks) {
                            if (t != s) {
                                t.receive("eth0", f.duplicate());
                            }
                        }
                    }
                }
            }
            long next = Long.MAX_VALUE;
            for (Stack s : stacks) {
                next = Math.min(next, s.poll(now));
            }
            if (next <= now) {
                continue;
            }
            if (next > until) {
                now = until;
                return;
            }
            now = next;
        }
        throw new AssertionError("simulation does not go quiet");
    }

    void run(double seconds) {
        runUntil(now + (long) (seconds * 1e9));
    }
}
