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
}
