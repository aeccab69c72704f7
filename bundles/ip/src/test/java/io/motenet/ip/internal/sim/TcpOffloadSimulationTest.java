package io.motenet.ip.internal.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.motenet.link.internal.fault.FaultPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * TCP segmentation offload in simulated time: both hosts' devices cut long segments up in software (as a NIC or
 * Linux's GSO does), the stacks send runs of whole segments in one frame, and 16 MiB each way still arrive intact
 * under faults, in far fewer frames than segments, with every packet on the wire within the MTU.
 */
class TcpOffloadSimulationTest {
    static final long MIB = 1 << 20;

    @ParameterizedTest(name = "loss {0} seed {1}")
    @CsvSource({"0.00, 201", "0.02, 202", "0.10, 203"})
    void runsOfSegmentsCutByTheDeviceArriveIntact(double loss, long seed) {
        FaultPlan faults = FaultPlan.NONE.withLoss(loss).withReordering(0.02, Duration.ofMillis(1))
                .withDuplication(0.01).withCorruption(0.005, 1);
        List<SegmentingDevice> devices = new ArrayList<>();
        TcpBulkSimulationTest.Result r = TcpBulkSimulationTest.exchange(seed, faults, 16 * MIB, d -> {
            SegmentingDevice s = new SegmentingDevice(d);
            devices.add(s);
            return s;
        });
        assertEquals(r.clientSent(), r.serverReceived(), "client to server SHA-256");
        assertEquals(r.serverSent(), r.clientReceived(), "server to client SHA-256");
        for (SegmentingDevice d : devices) {
            assertTrue(d.segmentedFrames > 0, "runs went to the device to cut up");
            assertTrue(d.largestPacket <= 1500, "every packet within the MTU: " + d.largestPacket);
        }
        assertTrue(devices.stream().mapToInt(d -> d.badChecksums).sum() > 0,
                "corrupted segments were dropped by the device, which verifies for the stack");
        long fullSegments = 16 * MIB / 1448; // what each side sends, in full segments of 1448 octets
        for (SegmentingDevice d : devices) {
            assertTrue(d.packetsCut >= fullSegments / 2, "most data left in runs the device cut up: " + d.packetsCut
                    + " packets from " + d.segmentedFrames + " frames, " + fullSegments + " segments' worth sent");
        }
        System.out.printf("offload, loss %.2f: %.1f s simulated, retransmits %d/%d, runs %d/%d cut into %d/%d packets%n",
                loss, r.seconds(), r.client().retransmits(), r.server().retransmits(), devices.get(0).segmentedFrames,
                devices.get(1).segmentedFrames, devices.get(0).packetsCut, devices.get(1).packetsCut);
    }

    /**
     * A neighbour's entry expires after 60 s and ARP asks again: the run that finds it missing is cut into segments
     * by TCP, and the runs come back once the neighbour is known again (an earlier version stopped them for the
     * rest of the connection).
     */
    @org.junit.jupiter.api.Test
    void runsComeBackAfterTheNeighbourIsLearntAgain() {
        Sim sim = new Sim(204);
        List<SegmentingDevice> devices = new ArrayList<>();
        java.util.function.UnaryOperator<io.motenet.link.NetworkDevice> wrap = d -> {
            SegmentingDevice sd = new SegmentingDevice(d);
            devices.add(sd);
            return sd;
        };
        SimHost a = sim.host("a", "10.1.0.2/24", FaultPlan.NONE, wrap);
        SimHost b = sim.host("b", "10.1.0.3/24", FaultPlan.NONE, wrap);
        long[] received = new long[1];
        io.motenet.ip.internal.socket.tcp.TcpConnection c = openStream(sim, a, b, 5002, received);
        long sent = 0;
        int[] runsBefore = new int[2];
        for (int burst = 0; burst < 30; burst++) { // 256 KiB every 5 s for 150 s: the neighbour expires twice
            if (burst == 24) {
                runsBefore[0] = devices.get(0).segmentedFrames;
                runsBefore[1] = a.stack.counters().get("tcp.tx.run_cut") > 0 ? 1 : 0;
            }
            sent += send(sim, a, c, 256 << 10);
            sim.run(5);
        }
        assertEquals(sent, received[0], "every byte arrived");
        assertEquals(1, runsBefore[1], "a run found the neighbour expired and was cut by TCP");
        assertTrue(devices.get(0).segmentedFrames > runsBefore[0],
                "runs went on after the neighbour was learnt again: " + runsBefore[0] + " then " + devices.get(0).segmentedFrames);
    }

    /**
     * A connection that began on a device without offload sends runs once an offloading device takes the
     * interface over (an earlier version kept the offload it saw at the connect for the connection's life).
     */
    @org.junit.jupiter.api.Test
    void aConnectionTakesUpOffloadWhenAnOffloadingDeviceReplacesThePlainOne() {
        Sim sim = new Sim(205);
        io.motenet.link.NetworkDevice[] port = new io.motenet.link.NetworkDevice[1];
        SimHost a = sim.host("a", "10.1.0.2/24", FaultPlan.NONE, d -> port[0] = d);
        SimHost b = sim.host("b", "10.1.0.3/24", FaultPlan.NONE);
        long[] received = new long[1];
        io.motenet.ip.internal.socket.tcp.TcpConnection c = openStream(sim, a, b, 5003, received);
        long sent = send(sim, a, c, 256 << 10);
        a.unplug();
        SegmentingDevice offloading = new SegmentingDevice(port[0]);
        a.plug(offloading);
        sim.run(0.1);
        sent += send(sim, a, c, 4 << 20);
        sim.run(2);
        assertEquals(sent, received[0], "every byte arrived");
        assertTrue(offloading.segmentedFrames > 0, "runs went to the offloading device");
        assertTrue(offloading.largestPacket <= 1500, "every packet within the MTU: " + offloading.largestPacket);
    }

    /** A connection from a to b's {@code port}; b reads everything as it comes, counting it in {@code received[0]}. */
    private static io.motenet.ip.internal.socket.tcp.TcpConnection openStream(Sim sim, SimHost a, SimHost b, int port,
            long[] received) {
        io.motenet.ip.internal.socket.tcp.TcpListener l = b.stack.tcp().listen(null, port, 4, null);
        io.motenet.ip.internal.socket.tcp.TcpConnection c = a.stack.tcp().connect(b.iface().address().address(), port,
                sim.now());
        a.kick();
        io.motenet.ip.internal.socket.tcp.TcpConnection[] server = new io.motenet.ip.internal.socket.tcp.TcpConnection[1];
        java.nio.ByteBuffer sink = java.nio.ByteBuffer.allocate(1 << 20);
        b.afterPoll = () -> {
            if (server[0] == null) {
                server[0] = l.accept();
            }
            if (server[0] != null) {
                int n;
                while ((n = server[0].read(sink.clear())) > 0) {
                    received[0] += n;
                }
            }
        };
        sim.run(0.1);
        return c;
    }

    /** Writes {@code bytes} on {@code c} as room appears, running the simulation meanwhile; returns the count. */
    private static long send(Sim sim, SimHost host, io.motenet.ip.internal.socket.tcp.TcpConnection c, int bytes) {
        java.nio.ByteBuffer chunk = java.nio.ByteBuffer.allocate(bytes);
        while (chunk.hasRemaining()) {
            int n = c.write(chunk);
            host.kick();
            sim.run(0.01);
            if (n == 0) {
                sim.run(0.05);
            }
        }
        return bytes;
    }
}
