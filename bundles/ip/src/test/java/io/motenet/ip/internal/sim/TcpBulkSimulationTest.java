package io.motenet.ip.internal.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.motenet.ip.internal.socket.tcp.TcpConnection;
import io.motenet.ip.internal.socket.tcp.TcpStats;
import io.motenet.link.internal.fault.FaultPlan;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * 16 MiB each way between two stacks on the vswitch, in simulated time, with seeded faults on one
 * host's port (both directions): loss, 2 % reordering, 1 % duplication, 0.5 % corruption.
 */
class TcpBulkSimulationTest {
    static final long MIB = 1 << 20;

    @ParameterizedTest(name = "loss {0} seed {1}")
    @CsvSource({"0.00, 101", "0.01, 102", "0.05, 103", "0.10, 104", "0.20, 105"})
    void sixteenMibEachWayArriveIntactUnderFaults(double loss, long seed) {
        FaultPlan faults = FaultPlan.NONE.withLoss(loss).withReordering(0.02, Duration.ofMillis(1))
                .withDuplication(0.01).withCorruption(0.005, 1);
        Result r = exchange(seed, faults, 16 * MIB);
        assertEquals(r.clientSent, r.serverReceived, "client to server SHA-256");
        assertEquals(r.serverSent, r.clientReceived, "server to client SHA-256");
        long checksumDrops = r.checksumDrops;
        assertTrue(checksumDrops > 0, "corrupted segments were dropped by checksum: " + checksumDrops);
        assertTrue(r.client.retransmits() + r.server.retransmits() > 0, "retransmissions " + r);
        // RFC 6691: segments sent while SACK blocks ride along carry less payload, so none outgrows the MTU
        assertTrue(r.sackBlocksSent > 0, "data went both ways beside out-of-order data: SACK blocks sent");
        assertEquals(0, r.cutForOptions, "segments TCP had to cut because their options did not fit");
        System.out.printf("loss %.2f: %.1f s simulated, retransmits %d/%d, timeouts %d/%d, fast %d/%d, checksum drops %d%n",
                loss, r.seconds, r.client.retransmits(), r.server.retransmits(), r.client.timeouts(),
                r.server.timeouts(), r.client.fastRetransmits(), r.server.fastRetransmits(), checksumDrops);
    }

    /** Many seeds, smaller transfers: a bug that only some interleaving shows should not hide behind five seeds. */
    @org.junit.jupiter.api.Test
    void twentySeedsOfOneMibEachWayAllArriveIntact() {
        for (long seed = 1000; seed < 1020; seed++) {
            double loss = new double[] {0, 0.01, 0.05, 0.1, 0.2}[(int) (seed % 5)];
            FaultPlan faults = FaultPlan.NONE.withLoss(loss).withReordering(0.02, Duration.ofMillis(1))
                    .withDuplication(0.01).withCorruption(0.005, 1);
            Result r = exchange(seed, faults, MIB);
            assertEquals(r.clientSent, r.serverReceived, "seed " + seed);
            assertEquals(r.serverSent, r.clientReceived, "seed " + seed);
        }
    }

    record Result(String clientSent, String clientReceived, String serverSent, String serverReceived,
            TcpStats client, TcpStats server, long checksumDrops, double seconds, long sackBlocksSent, long cutForOptions) {
    }

    static Result exchange(long seed, FaultPlan faults, long bytes) {
        return exchange(seed, faults, bytes, d -> d);
    }

    /** As above, each host's device wrapped by {@code wrap} (an offloading device, say). */
    static Result exchange(long seed, FaultPlan faults, long bytes,
            java.util.function.UnaryOperator<io.motenet.link.NetworkDevice> wrap) {
        Sim sim = new Sim(seed);
        SimHost a = sim.host("a", "10.1.0.2/24", faults, wrap);
        SimHost b = sim.host("b", "10.1.0.3/24", FaultPlan.NONE, wrap);
        TransferPair pair = new TransferPair(sim, a, b, null, bytes, seed * 7 + 1, bytes, seed * 7 + 2);
        Transfer client = pair.client;
        TcpConnection cc = client.c;
        long start = sim.now();
        while (!(client.done() && pair.server() != null && pair.server().done()) && sim.now() - start < 4 * 3600 * Sim.SECOND) {
            sim.run(10);
        }
        assertNotNull(pair.server(), "accepted");
        assertTrue(client.done() && pair.server().done(), "finished: client " + client.written + "/" + client.read
                + " server " + pair.server().written + "/" + pair.server().read + "\nclient " + cc.stats() + "\nserver "
                + pair.server().c.stats() + "\na " + a.stack.counters().snapshot() + "\nb " + b.stack.counters().snapshot());
        long drops = a.stack.counters().get("tcp.drop.bad_checksum") + b.stack.counters().get("tcp.drop.bad_checksum")
                + a.iface().counters().get("rx.drop.bad_checksum") + b.iface().counters().get("rx.drop.bad_checksum");
        return new Result(client.sentHash(), client.receivedHash(), pair.server().sentHash(), pair.server().receivedHash(),
                cc.stats(), pair.server().c.stats(), drops, (sim.now() - start) / 1e9,
                a.stack.counters().get("tcp.tx.with_sack") + b.stack.counters().get("tcp.tx.with_sack"),
                a.stack.counters().get("tcp.tx.cut_for_options") + b.stack.counters().get("tcp.tx.cut_for_options"));
    }
}
