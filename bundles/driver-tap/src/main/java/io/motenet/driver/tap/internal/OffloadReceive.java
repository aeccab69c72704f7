package io.motenet.driver.tap.internal;

import static io.motenet.driver.tap.internal.VirtioNetHeader.LENGTH;

import java.nio.ByteBuffer;

import io.motenet.link.DropReason;
import io.motenet.link.NetworkDevice;

/**
 * What the reader does with one read from a TAP device opened with offload: check the virtio-net header
 * and the frame behind it, and complete a partial checksum in place.
 *
 * <p>Why complete it here and not leave it to the stack: with {@code TUN_F_CSUM} the kernel skips
 * computing checksums of the packets it sends us ({@code CHECKSUM_PARTIAL}: the field holds only the
 * pseudo-header sum). The link contract promises consumers frames whose checksums are valid, the same
 * as without offload, so a capture decorator records correct packets and the stack verifies as ever. It
 * costs one pass over the packet, which the stack's own verification would cost anyway.
 */
final class OffloadReceive {
    private OffloadReceive() {
    }

    /** The largest frame offload may deliver: an Ethernet header and the largest IPv4 packet. */
    static final int MAX_FRAME = NetworkDevice.ETHERNET_HEADER_LENGTH + 65_535;

    /**
     * Checks one read of {@code length} octets in {@code b} (the header at index 0, the frame after it) and
     * completes the frame's partial checksum when the header asks for it.
     *
     * @param maxFrameSize the device's largest frame without offload (MTU + 14): only TCP/IPv4 frames may be
     *     longer, up to {@link #MAX_FRAME}
     * @return null when the frame (octets {@code [LENGTH, length)}) is to be delivered; otherwise why it is
     *     dropped: {@code TOO_SHORT}, {@code TOO_LONG}, or {@code IO_ERROR} for a header that does not fit
     *     the frame (the kernel never writes one; the frame is unusable)
     */
    static DropReason prepare(ByteBuffer b, int length, int maxFrameSize) {
        if (length < LENGTH) {
            return DropReason.IO_ERROR;
        }
        int frame = length - LENGTH;
        if (frame < NetworkDevice.ETHERNET_HEADER_LENGTH) {
            return DropReason.TOO_SHORT;
        }
        if (frame > maxFrameSize && (frame > MAX_FRAME || !isTcpOverIpv4(b, LENGTH, frame))) {
            return DropReason.TOO_LONG;
        }
        int flags = VirtioNetHeader.flags(b, 0);
        if ((flags & VirtioNetHeader.F_NEEDS_CSUM) != 0) {
            int start = VirtioNetHeader.csumStart(b, 0);
            int offset = VirtioNetHeader.csumOffset(b, 0);
            if (start < NetworkDevice.ETHERNET_HEADER_LENGTH || start + offset + 2 > frame) {
                return DropReason.IO_ERROR;
            }
            // Linux sums from csum_start to the end of the packet it holds, which is the whole frame.
            InternetChecksum.complete(b, LENGTH + start, offset, length);
        } else if ((flags & VirtioNetHeader.F_DATA_VALID) == 0 && isTcpOverIpv4(b, LENGTH, frame)
                && !tcpChecksumHolds(b, LENGTH, frame)) {
            // Neither computed by the kernel's TCP nor validated by it (a packet routed in from elsewhere): the
            // contract lets consumers of an offloading device skip TCP checksums, so this device checks them.
            return DropReason.BAD_CHECKSUM;
        }
        return null;
    }

    /**
     * True unless the frame at {@code at} is a whole (unfragmented) TCP/IPv4 packet with a wrong TCP checksum.
     * A packet whose lengths do not add up is passed on: the stack's parser refuses it with the reason.
     */
    static boolean tcpChecksumHolds(ByteBuffer b, int at, int frameLength) {
        int ip = at + NetworkDevice.ETHERNET_HEADER_LENGTH;
        int ihl = (b.get(ip) & 0x0f) * 4;
        int total = b.getShort(ip + 2) & 0xffff;
        boolean fragment = (b.getShort(ip + 6) & 0x3fff) != 0; // more-fragments flag or an offset
        if (fragment || ihl < 20 || total < ihl + 20 || total > frameLength - NetworkDevice.ETHERNET_HEADER_LENGTH) {
            return true;
        }
        long sum = InternetChecksum.pseudoHeaderSum(b, ip, 6, total - ihl) + InternetChecksum.sum(b, ip + ihl, ip + total);
        return InternetChecksum.fold(sum) == 0xffff;
    }

    /** True when the frame at {@code at} carries TCP in IPv4 (the only kind offload makes long). */
    static boolean isTcpOverIpv4(ByteBuffer b, int at, int frameLength) {
        return frameLength >= NetworkDevice.ETHERNET_HEADER_LENGTH + 20
                && b.getShort(at + 12) == 0x0800
                && (b.get(at + 14) & 0xf0) == 0x40
                && b.get(at + 14 + 9) == 6;
    }
}
