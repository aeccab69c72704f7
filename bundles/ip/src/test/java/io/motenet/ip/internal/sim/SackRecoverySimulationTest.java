package io.motenet.ip.internal.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.motenet.ip.internal.socket.tcp.TcpConfig;
import io.motenet.ip.internal.socket.tcp.TcpConnection;
import io.motenet.ip.internal.socket.tcp.TcpStats;
import io.motenet.link.internal.fault.FaultPlan;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SACK with RFC 6675 recovery against NewReno without SACK, on the same seeds and faults: one
 * bulk stream from a to b over a path with 10 ms one-way delay and random loss in both directions.
 * Both figures are printed; SACK must retransmit fewer bytes and finish sooner.
 */
class SackRecoverySimulationTest {
    static final long BYTES = 4 << 20;

    @ParameterizedTest(name = "loss {0}")
    @CsvSource({"0.01, 201", "0.03, 202", "0.05, 203", "0.10, 204"})
    void sackRetransmitsLessAndFinishesSooner(double loss, long seed) {
        FaultPlan faults = FaultPlan.NONE.withLoss(loss).withDelay(Duration.ofMillis(10), Duration.ZERO);
        TcpConfig base = TcpConfig.defaults().withBuffers(256 * 1024, 256 * 1024);
        Run reno = stream(seed, faults, base.withCongestionControl("newreno").withSack(false), BYTES);
        Run sack = stream(seed, faults, base.withCongestionControl("newreno").withSack(true), BYTES);
        System.out.printf("loss %.2f: NewReno %.2f s, %d bytes retransmitted, %d timeouts; "
                + "SACK %.2f s, %d bytes retransmitted, %d timeouts%n", loss, reno.seconds, reno.sender.bytesRetransmitted(),
                reno.sender.timeouts(), sack.seconds, sack.sender.bytesRetransmitted(), sack.sender.timeouts());
        assertTrue(sack.sender.sackPermitted() && !reno.sender.sackPermitted());
        assertTrue(sack.sender.bytesRetransmitted() < reno.sender.bytesRetransmitted(), "SACK retransmits fewer bytes");
        assertTrue(sack.seconds < reno.seconds, "SACK finishes sooner");
    }

    /**
     * At 20 % loss one seed says little (a single backed-off RTO can dominate), so twelve seeds of
     * 1 MiB each with the fault mix (2 % reordering, 1 % duplication, 0.5 % corruption)
     * are added up, on a LAN without delay.
     */
    @Test
    void atTwentyPercentLossSackStillFinishesSoonerOverTwelveSeeds() {
        FaultPlan faults = FaultPlan.NONE.withLoss(0.20).withReordering(0.02, Duration.ofMillis(1))
                .withDuplication(0.01).withCorruption(0.005, 1);
        double reno = 0;
        double sack = 0;
        for (long seed = 1; seed <= 12; seed++) {
            reno += stream(seed, faults, TcpConfig.defaults().withCongestionControl("newreno").withSack(false), 1 << 20).seconds;
            sack += stream(seed, faults, TcpConfig.defaults().withCongestionControl("newreno").withSack(true), 1 << 20).seconds;
        }
        System.out.printf("loss 0.20, 12 seeds of 1 MiB: NewReno %.0f s, SACK %.0f s in all%n", reno, sack);
        assertTrue(sack < reno, "SACK finishes sooner in all");
    }

    record Run(double seconds, TcpStats sender) {
    }

    /** {@code bytes} from a to b with {@code config} on both ends; the seconds until b read them all. */
    static Run stream(long seed, FaultPlan faults, TcpConfig config, long bytes) {
        Sim sim = new Sim(seed);
        SimHost a = sim.host("a", "10.1.0.2/24", faults);
        SimHost b = sim.host("b", "10.1.0.3/24");
        TransferPair pair = new TransferPair(sim, a, b, config, bytes, seed, 0, 1);
        TcpConnection c = pair.client.c;
        long start = sim.now();
        while (!(pair.server() != null && pair.server().read == bytes) && sim.now() - start < 7200 * Sim.SECOND) {
            sim.run(0.01);
        }
        assertEquals(bytes, pair.server() == null ? 0 : pair.server().read, "all arrived");
        return new Run((sim.now() - start) / 1e9, c.stats());
    }
}
