package io.motenet.ip.internal.lab;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.motenet.ip.internal.stack.StackService;
import io.motenet.testing.lab.LabOptions;
import java.util.Map;

/**
 * {@link TcpLabTest} with the TAP device's segmentation offload on (virtio-net header): our runs of segments go to
 * the kernel in one frame each and the kernel cuts or takes them whole; the kernel's TSO frames reach us
 * coalesced. The same 64 MiB each way with SHA-256 compared, and the faults test through a decorator (which hides
 * the offload from the stack, while the device below still hands up coalesced frames).
 */
class TcpOffloadLabTest extends TcpLabTest {

    @Override
    LabOptions labOptions() {
        return super.labOptions().withOffload(true);
    }

    @Override
    void afterCleanExchange(StackService s, String ifname) {
        Map<String, Long> counters = s.iface(ifname).orElseThrow().counters();
        long sentRuns = counters.getOrDefault("tx.offload_frames", 0L);
        long coalesced = counters.getOrDefault("rx.offload_frames", 0L);
        System.out.println("offload: " + sentRuns + " runs sent for the kernel to cut up, " + coalesced
                + " coalesced frames received");
        assertTrue(sentRuns > 100, "runs of segments went to the device: " + counters);
        assertTrue(coalesced > 100, "the kernel's TSO frames arrived coalesced: " + counters);
    }
}
