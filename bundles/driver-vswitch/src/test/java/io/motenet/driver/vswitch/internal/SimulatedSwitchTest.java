package io.motenet.driver.vswitch.internal;

import static io.motenet.driver.vswitch.internal.Frames.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.motenet.link.FrameConsumer;
import io.motenet.link.MacAddress;
import io.motenet.link.internal.support.VirtualScheduler;

class SimulatedSwitchTest {

    static final long MS = 1_000_000L;

    @Test
    void deliveriesHappenOnlyWhenTheLoopRunsThemAtTheirVirtualTime() {
        VirtualScheduler time = new VirtualScheduler();
        VirtualSwitch sw = VirtualSwitch.scheduled("sim", time, Duration.ofMillis(2));
        MacAddress a = MacAddress.parse("02:00:00:00:00:01");
        MacAddress b = MacAddress.parse("02:00:00:00:00:02");
        SwitchPort pa = sw.addPort("a", a, 1500);
        SwitchPort pb = sw.addPort("b", b, 1500);
        Recorder rb = new Recorder(time::nanoTime);
        pb.attach(rb);

        time.runUntil(5 * MS);
        ByteBuffer f = frame(b, a, 46, 7);
        pa.transmit(f);
        f.put(20, (byte) 99); // the sender reuses its buffer at once: the switch has its copy
        assertEquals(0, rb.frames.size(), "nothing arrives before the loop runs");
        assertEquals(7 * MS, time.nextEventTime());
        time.runUntil(6 * MS);
        assertEquals(0, rb.frames.size());
        time.runUntil(7 * MS);
        assertEquals(1, rb.frames.size());
        assertEquals(List.of(7 * MS), rb.times);
        assertEquals(7, rb.frames.get(0)[20]);
    }

    /**
     * Fifty hosts in one thread each send a broadcast "hello" and answer every hello they hear
     * with a unicast reply: 50 broadcasts and 50*49 replies, all at the right virtual times.
     */
    @Test
    void manyHostsInOneThread() {
        VirtualScheduler time = new VirtualScheduler();
        VirtualSwitch sw = VirtualSwitch.scheduled("sim", time, Duration.ofNanos(10_000)); // 10 us a hop
        int n = 50;
        List<SwitchPort> ports = new ArrayList<>();
        int[] replies = new int[n];
        long[] lastReplyAt = new long[n];
        for (int i = 0; i < n; i++) {
            MacAddress mac = new MacAddress(0x0200_0000_0000L + i);
            SwitchPort port = sw.addPort("h" + i, mac, 1500);
            ports.add(port);
        }
        for (int i = 0; i < n; i++) {
            SwitchPort me = ports.get(i);
            int id = i;
            ByteBuffer out = ByteBuffer.allocate(60); // one reusable transmit buffer per host
            me.attach(new FrameConsumer() {
                @Override
                public void receive(ByteBuffer frame) {
                    MacAddress dst = MacAddress.read(frame, frame.position());
                    MacAddress src = MacAddress.read(frame, frame.position() + 6);
                    if (dst.isBroadcast()) {
                        src.write(out, 0);
                        me.mac().write(out, 6);
                        out.putShort(12, (short) 0x88b5);
                        me.transmit(out.clear());
                    } else {
                        replies[id]++;
                        lastReplyAt[id] = time.nanoTime();
                    }
                }
            });
        }
        for (SwitchPort p : ports) {
            p.transmit(frame(MacAddress.BROADCAST, p.mac(), 46, 0));
        }
        assertTrue(time.runAll(1_000_000));
        for (int i = 0; i < n; i++) {
            assertEquals(n - 1, replies[i], "host " + i);
            assertEquals(20_000, lastReplyAt[i], "hello at 10 us, reply at 20 us");
        }
        assertEquals(n, sw.flooded());
        assertEquals(n * (n - 1), sw.forwarded());
        assertEquals(20_000, time.nanoTime());
    }
}
