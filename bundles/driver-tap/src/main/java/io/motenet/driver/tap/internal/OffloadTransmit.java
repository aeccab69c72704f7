package io.motenet.driver.tap.internal;

import static io.motenet.driver.tap.internal.VirtioNetHeader.LENGTH;

import java.nio.ByteBuffer;

import io.motenet.link.NetworkDevice;

/**
 * Builds what the driver writes for {@link NetworkDevice#transmitSegmented}: a virtio-net header that asks
 * the kernel to cut the TCP/IPv4 packet into segments and to compute their checksums, then a copy of the
 * frame whose TCP checksum field holds the pseudo-header sum, as Linux expects of a partial checksum.
 */
final class OffloadTransmit {
    private OffloadTransmit() {
    }

    private static final int ETHERNET = NetworkDevice.ETHERNET_HEADER_LENGTH;
    private static final int TCP = 6;
    /** Where the checksum field is in a TCP header (RFC 9293). */
    static final int TCP_CHECKSUM_OFFSET = 16;
    /** The shortest frame that can hold TCP in IPv4: Ethernet, IPv4 and TCP headers without options. */
    static final int MIN_FRAME = ETHERNET + 20 + 20;

    /**
     * Writes header and frame into {@code out} from index 0; {@code frame}'s position and limit do not change,
     * nor do its octets.
     *
     * @param frame a frame of at least {@link #MIN_FRAME} octets (the caller checks and counts the length)
     * @param segmentSize TCP payload octets per segment
     * @param mtu the device's MTU: a segment with its headers must fit it
     * @return how many octets of {@code out} to write
     * @throws IllegalArgumentException when the frame is not TCP over IPv4 with consistent lengths, or the
     *     segment size does not fit the MTU: the caller broke the contract, which no counter would show
     */
    static int prepare(ByteBuffer frame, ByteBuffer out, int segmentSize, int mtu) {
        int p = frame.position();
        int length = frame.remaining();
        if (frame.getShort(p + 12) != 0x0800) {
            throw new IllegalArgumentException("segmentation offload takes IPv4 frames only, got EtherType 0x"
                    + Integer.toHexString(frame.getShort(p + 12) & 0xffff));
        }
        int versionIhl = frame.get(p + ETHERNET) & 0xff;
        int ipHeader = (versionIhl & 0x0f) * 4;
        if (versionIhl >>> 4 != 4 || ipHeader < 20) {
            throw new IllegalArgumentException("not an IPv4 header: version/IHL octet 0x" + Integer.toHexString(versionIhl));
        }
        int protocol = frame.get(p + ETHERNET + 9) & 0xff;
        if (protocol != TCP) {
            throw new IllegalArgumentException("segmentation offload takes TCP only, got IP protocol " + protocol);
        }
        int totalLength = frame.getShort(p + ETHERNET + 2) & 0xffff;
        if (totalLength != length - ETHERNET) {
            throw new IllegalArgumentException("IPv4 total length " + totalLength + " does not match the frame's "
                    + (length - ETHERNET) + " octets after the Ethernet header");
        }
        int tcp = ETHERNET + ipHeader;
        if (tcp + 20 > length) {
            throw new IllegalArgumentException("frame of " + length + " octets ends inside the TCP header");
        }
        int tcpHeader = ((frame.get(p + tcp + 12) & 0xf0) >>> 4) * 4;
        if (tcpHeader < 20 || tcp + tcpHeader > length) {
            throw new IllegalArgumentException("TCP data offset " + tcpHeader + " does not fit a frame of " + length + " octets");
        }
        if (segmentSize <= 0 || segmentSize > mtu - ipHeader - tcpHeader) {
            throw new IllegalArgumentException("segment size " + segmentSize + " must be positive and, with "
                    + (ipHeader + tcpHeader) + " octets of IPv4 and TCP headers, fit the MTU of " + mtu);
        }
        int headers = tcp + tcpHeader;
        boolean segment = length - headers > segmentSize;
        VirtioNetHeader.write(out, 0, VirtioNetHeader.F_NEEDS_CSUM,
                segment ? VirtioNetHeader.GSO_TCPV4 : VirtioNetHeader.GSO_NONE, headers,
                segment ? segmentSize : 0, tcp, TCP_CHECKSUM_OFFSET);
        out.put(LENGTH, frame, p, length);
        // The kernel adjusts this sum to each segment's length when it cuts the packet (tcp_gso_segment),
        // or completes it as is when the packet stays whole (delivered locally).
        int pseudo = InternetChecksum.pseudoHeaderSum(out, LENGTH + ETHERNET, TCP, length - tcp);
        out.putShort(LENGTH + tcp + TCP_CHECKSUM_OFFSET, (short) pseudo);
        return LENGTH + length;
    }
}
