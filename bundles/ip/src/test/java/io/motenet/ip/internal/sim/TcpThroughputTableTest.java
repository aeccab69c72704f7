package io.motenet.ip.internal.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.motenet.ip.internal.socket.tcp.TcpConfig;
import io.motenet.link.internal.fault.FaultPlan;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Throughput by buffer size and loss rate in simulated time, after smoltcp's netsim test: one
 * stream from a to b for {@link #SECONDS} simulated seconds ({@link #LOSSY_SECONDS} with loss, where
 * timeouts make short runs noisy) over a path with 10 ms one-way delay
 * and random loss in both directions (CUBIC and SACK, the defaults; send and receive buffers of
 * the size in the row). The table is compared with the snapshot in
 * {@code src/test/resources/io/motenet/ip/internal/sim/tcp-throughput.txt}; a cell below
 * {@link #TOLERANCE} of its snapshot figure, or a total below 90 %, fails the build. The test
 * never rewrites the snapshot by itself: after a deliberate change, regenerate it with
 * {@code ./mvnw -pl bundles/ip -am verify -Dtest=TcpThroughputTableTest -Dsurefire.failIfNoSpecifiedTests=false -Dmotenet.snapshot.update=true}
 * and commit the new file with the change that explains it.
 */
class TcpThroughputTableTest {
    static final int[] BUFFERS = {1024, 4096, 16384, 65536, 262144};
    static final double[] LOSSES = {0, 0.01, 0.05, 0.10, 0.20};
    static final double SECONDS = 2;
    static final double LOSSY_SECONDS = 10;
    static final double TOLERANCE = 0.8;
    static final String SNAPSHOT = "tcp-throughput.txt";

    @Test
    void throughputByBufferAndLossMatchesTheSnapshot() throws IOException {
        long[][] table = new long[BUFFERS.length][LOSSES.length];
        for (int b = 0; b < BUFFERS.length; b++) {
            for (int l = 0; l < LOSSES.length; l++) {
                table[b][l] = bytesPerSecond(BUFFERS[b], LOSSES[l], 301 + 10L * b + l);
            }
        }
        String rendered = render(table);
        System.out.print(rendered);
        if (Boolean.getBoolean("motenet.snapshot.update")) {
            Path p = Path.of("src/test/resources/io/motenet/ip/internal/sim", SNAPSHOT);
            Files.writeString(p, rendered);
            System.out.println("snapshot written to " + p.toAbsolutePath());
            return;
        }
        long[][] snapshot = parse(read());
        assertEquals(BUFFERS.length, snapshot.length, "snapshot rows");
        List<String> worse = new ArrayList<>();
        List<String> better = new ArrayList<>();
        long total = 0;
        long snapshotTotal = 0;
        for (int b = 0; b < BUFFERS.length; b++) {
            for (int l = 0; l < LOSSES.length; l++) {
                long now = table[b][l];
                long then = snapshot[b][l];
                total += now;
                snapshotTotal += then;
                String cell = String.format("buffer %d loss %.0f%%: %d B/s, snapshot %d B/s", BUFFERS[b],
                        LOSSES[l] * 100, now, then);
                if (now < then * TOLERANCE) {
                    worse.add(cell);
                } else if (now > then / TOLERANCE) {
                    better.add(cell);
                }
            }
        }
        if (!better.isEmpty()) {
            System.out.println("better than the snapshot (regenerate it if the change is meant): " + better);
        }
        if (!worse.isEmpty()) {
            fail("throughput regressed below " + (int) (TOLERANCE * 100) + " % of the snapshot: " + worse);
        }
        assertTrue(total >= snapshotTotal * 0.9, "total " + total + " B/s against the snapshot's " + snapshotTotal);
    }

    /** Bytes per second b reads from a during {@link #SECONDS} after the connection is up. */
    static long bytesPerSecond(int buffer, double loss, long seed) {
        FaultPlan faults = FaultPlan.NONE.withLoss(loss).withDelay(Duration.ofMillis(10), Duration.ZERO);
        TcpConfig config = TcpConfig.defaults().withBuffers(buffer, buffer);
        Sim sim = new Sim(seed);
        SimHost a = sim.host("a", "10.1.0.2/24", faults);
        SimHost b = sim.host("b", "10.1.0.3/24");
        TransferPair pair = new TransferPair(sim, a, b, config, Long.MAX_VALUE, seed, 0, 1);
        while (pair.server() == null && sim.now() < 60 * Sim.SECOND) {
            sim.run(0.01);
        }
        if (pair.server() == null) {
            throw new AssertionError("no connection at buffer " + buffer + " loss " + loss);
        }
        long start = pair.server().read;
        double seconds = loss > 0 ? LOSSY_SECONDS : SECONDS;
        sim.run(seconds);
        return Math.round((pair.server().read - start) / seconds);
    }

    static String render(long[][] table) {
        StringBuilder out = new StringBuilder("# TCP throughput in bytes per simulated second: one stream, 10 ms each way,\n"
                + "# loss both ways, CUBIC + SACK, send and receive buffer of the row's size ("
                + SECONDS + " s per cell without loss, " + LOSSY_SECONDS + " s with).\n# buffer");
        for (double l : LOSSES) {
            out.append(String.format(" %10s", String.format("%.0f%%", l * 100)));
        }
        out.append('\n');
        for (int b = 0; b < BUFFERS.length; b++) {
            out.append(String.format("%8d", BUFFERS[b]));
            for (int l = 0; l < LOSSES.length; l++) {
                out.append(String.format(" %10d", table[b][l]));
            }
            out.append('\n');
        }
        return out.toString();
    }

    static long[][] parse(String text) {
        List<long[]> rows = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.trim().split("\\s+");
            long[] row = new long[f.length - 1];
            for (int i = 1; i < f.length; i++) {
                row[i - 1] = Long.parseLong(f[i]);
            }
            rows.add(row);
        }
        return rows.toArray(long[][]::new);
    }

    private static String read() throws IOException {
        try (InputStream in = TcpThroughputTableTest.class.getResourceAsStream(SNAPSHOT)) {
            if (in == null) {
                throw new AssertionError("no snapshot " + SNAPSHOT + " beside the test: generate it with -Dmotenet.snapshot.update=true");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
