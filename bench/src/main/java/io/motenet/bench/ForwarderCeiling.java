package io.motenet.bench;

import java.net.InetAddress;
import java.util.List;

import io.motenet.testing.lab.Lab;
import io.motenet.testing.lab.LabOptions;

/**
 * The tcp-tap benchmark's like-for-like ceiling: the kernel's own TCP through the same kind of TAP
 * path, with a userspace side that costs as little as possible. Two lab namespaces A and B, one
 * subnet ({@value #A_IP}/24 and {@value #B_IP}/24), their TAP devices bridged in this JVM by a
 * {@link FrameForwarder} (ARP included), and the same {@link BulkStream} as the tcp-tap modes with
 * the kernel's TCP in A (a socket on a thread inside A) as the side under test and socat in B as
 * the peer: kernel ⇄ TAP ⇄ forwarder ⇄ TAP ⇄ kernel. The path crosses TAP twice, ours once.
 */
final class ForwarderCeiling {
    private ForwarderCeiling() {
    }

    static final String A_IP = "10.78.0.1";
    static final String B_IP = "10.78.0.2";

    /** Both modes' results; frames the forwarder could not pass on, and frames the two devices dropped. */
    record Result(BulkStream.Result reader, BulkStream.Result writer, long oversize, long deviceDrops) {
    }

    /** {@code offload}: both TAP devices offload and the forwarder passes coalesced frames on whole. */
    static Result measure(long bytes, boolean offload) throws Exception {
        try (Lab a = Lab.start(labOptions(A_IP, offload)); Lab b = Lab.start(labOptions(B_IP, offload));
                FrameForwarder forwarder = FrameForwarder.between(a.device(), b.device(), offload)) {
            KernelDialer dialer = new KernelDialer(InetAddress.getByName(B_IP), List.of(a, b));
            BulkStream stream = new BulkStream(b, dialer, List.of(a, b));
            BulkStream.Result reader = a.callInside(() -> stream.reader(bytes));
            BulkStream.Result writer = a.callInside(() -> stream.writer(bytes));
            long dropped = a.device().counters().totalDrops() + b.device().counters().totalDrops();
            return new Result(reader, writer, forwarder.oversize(), dropped);
        }
    }

    private static LabOptions labOptions(String ip, boolean offload) {
        return LabOptions.defaults().withKernelAddress(ip + "/24").withOffload(offload);
    }
}
