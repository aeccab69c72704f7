package io.motenet.ip.internal.sim;

import static io.motenet.ip.internal.sim.TcpPair.B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.motenet.ip.internal.socket.tcp.TcpConnection;
import io.motenet.ip.internal.socket.tcp.TcpListener;
import io.motenet.ip.internal.socket.tcp.TcpState;
import io.motenet.ip.internal.wire.Ipv4Address;
import io.motenet.ip.internal.wire.TcpOptions;
import io.motenet.ip.internal.wire.TcpSegment;
import io.motenet.link.MacAddress;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** 10,000 spoofed SYNs: the SYN queue stays bounded, SYN cookies answer, a real client gets in. */
class TcpSynFloodTest {

    @Test
    void floodLeavesMemoryBoundedWhileARealConnectSucceeds() {
        TcpPair p = new TcpPair(21);
        TcpListener l = p.b.stack.tcp().listen(null, 80, 16, null);
        int synQueue = p.b.stack.tcp().limits().synQueue();
        Ipv4Address spoofed = Ipv4Address.parse("10.1.0.66"); // nobody: SYN,ACKs go nowhere
        MacAddress attacker = MacAddress.of(new byte[] {2, 0, 0, 0, 0, 0x66});
        SplittableRandom r = new SplittableRandom(21);
        TcpOptions linuxSyn = new TcpOptions(1460, 7, true, true, 1, 0, List.of());
        TcpConnection real = null;
        int maxHalfOpen = 0;
        int maxConnections = 0;
        for (int batch = 0; batch < 20; batch++) {
            for (int i = 0; i < 500; i++) {
                int port = 1024 + batch * 500 + i;
                TcpSegment syn = new TcpSegment(port, 80, r.nextInt(), 0, TcpSegment.SYN, 64240, 0,
                        linuxSyn.withTimestamps(r.nextInt(), 0), java.nio.ByteBuffer.allocate(0));
                p.b.receive(TcpPair.frame(attacker, p.b.iface().mac(), spoofed, B, syn));
            }
            if (batch == 10) {
                real = p.a.stack.tcp().connect(B, 80, p.sim.now()); // in the middle of the flood
                p.a.kick();
            }
            p.run(0.001);
            maxHalfOpen = Math.max(maxHalfOpen, l.halfOpen());
            maxConnections = Math.max(maxConnections, p.b.stack.tcp().connections().size());
        }
        assertNotNull(real);
        TcpConnection client = real;
        assertTrue(p.runUntil(() -> client.state() == TcpState.ESTABLISHED, 5), "real client: " + client.state());
        TcpConnection server = null;
        for (TcpConnection c; (c = l.accept()) != null; ) {
            if (c.remotePort() == client.localPort()) {
                server = c;
            }
        }
        assertNotNull(server, "the real client was accepted");
        TcpPair.write(client, "through the flood");
        p.a.kick();
        p.run(0.05);
        assertEquals("through the flood", TcpPair.read(server));
        TcpPair.write(server, "and back");
        p.b.kick();
        p.run(0.05);
        assertEquals("and back", TcpPair.read(client));

        assertEquals(synQueue, maxHalfOpen, "half-open connections never exceed the SYN queue");
        assertTrue(maxConnections <= synQueue + 1, "connections " + maxConnections);
        long cookies = p.b.stack.counters().get("tcp.tx.syncookie");
        assertTrue(cookies >= 10_000 - synQueue, "answered statelessly: " + cookies);
        assertEquals(1, p.b.stack.counters().get("tcp.rx.syncookie_valid"), "the real client came in by cookie");
        assertTrue(server.stats().sendWindowScale() >= 0, "window scaling survived the cookie (timestamp bits)");
        assertTrue(server.stats().timestamps());
        // Only the established connection reserved buffer memory, and only it allocated any.
        assertEquals(2L * 256 * 1024, p.b.stack.tcp().reservedBytes());
    }
}
