package io.motenet.testing.lab;

import io.motenet.driver.tap.internal.TapDevice;
import io.motenet.link.MacAddress;

/**
 * How the lab is set up.
 *
 * @param ourMac the MAC our side of the TAP device uses
 * @param kernelAddress the kernel side's address with prefix, e.g. {@code 10.77.0.1/24}; our own
 *     address is never put on the kernel side
 * @param mtu MTU on both sides
 * @param ipv6 false (the default) switches IPv6 off on the kernel side, so that no router
 *     solicitations or MLD reports show up in captures
 * @param readBatch how many frames the TAP reader takes per wake-up (64 by default; 1 for benchmarks)
 * @param offload open the TAP device with TCP segmentation offload and receive coalescing (the virtio-net
 *     header); false by default, so frames are never longer than the MTU allows
 */
public record LabOptions(MacAddress ourMac, String kernelAddress, int mtu, boolean ipv6, int readBatch, boolean offload) {

    /** Without offload, as before offload existed. */
    public LabOptions(MacAddress ourMac, String kernelAddress, int mtu, boolean ipv6, int readBatch) {
        this(ourMac, kernelAddress, mtu, ipv6, readBatch, false);
    }

    public static LabOptions defaults() {
        return new LabOptions(MacAddress.parse("02:6d:6e:00:00:02"), "10.77.0.1/24", 1500, false, TapDevice.DEFAULT_READ_BATCH, false);
    }

    public LabOptions withOffload(boolean on) {
        return new LabOptions(ourMac, kernelAddress, mtu, ipv6, readBatch, on);
    }

    public LabOptions withReadBatch(int frames) {
        return new LabOptions(ourMac, kernelAddress, mtu, ipv6, frames, offload);
    }

    public LabOptions withKernelAddress(String cidr) {
        return new LabOptions(ourMac, cidr, mtu, ipv6, readBatch, offload);
    }

    public LabOptions withOurMac(MacAddress mac) {
        return new LabOptions(mac, kernelAddress, mtu, ipv6, readBatch, offload);
    }

    public LabOptions withMtu(int octets) {
        return new LabOptions(ourMac, kernelAddress, octets, ipv6, readBatch, offload);
    }

    public LabOptions withIpv6(boolean on) {
        return new LabOptions(ourMac, kernelAddress, mtu, on, readBatch, offload);
    }
}
