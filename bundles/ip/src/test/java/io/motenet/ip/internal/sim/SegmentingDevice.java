package io.motenet.ip.internal.sim;

import io.motenet.ip.internal.wire.Checksum;
import io.motenet.ip.internal.wire.Ipv4Address;
import io.motenet.ip.internal.wire.Ipv4Packet;
import io.motenet.link.NetworkDevice;
import java.nio.ByteBuffer;

/**
 * A device with TCP segmentation offload done in software, as a NIC (or Linux's GSO) does it: a long TCP/IPv4
 * segment is cut into packets of {@code segmentSize} payload octets with the same headers, consecutive sequence
 * numbers and IP identifications, FIN and PSH on the last only, checksums computed. For simulations of the
 * stack's offload path; the kernel does the real thing in the lab tests. Like every offloading device (link
 * contract) it verifies the TCP checksums of what it hands up, so the stack above skips them.
 */
final class SegmentingDevice extends WrappingDevice {
    int segmentedFrames;
    int packetsCut;
    int largestPacket;

    SegmentingDevice(NetworkDevice inner) {
        super(inner);
    }

    @Override
    public int maxOffloadPacket() {
        return 65535;
    }

    @Override
    public boolean transmitSegmented(ByteBuffer frame, int segmentSize) {
        segmentedFrames++;
        int base = frame.position();
        int ipStart = base + 14;
        int ihl = (frame.get(ipStart) & 0x0f) * 4;
        int total = frame.getShort(ipStart + 2) & 0xffff;
        int tcpStart = ipStart + ihl;
        int thl = ((frame.get(tcpStart + 12) >> 4) & 0x0f) * 4;
        int payload = total - ihl - thl;
        int headers = 14 + ihl + thl;
        int id = frame.getShort(ipStart + 4) & 0xffff;
        int seq = frame.getInt(tcpStart + 4);
        int flags = frame.get(tcpStart + 13) & 0xff;
        Ipv4Address src = new Ipv4Address(frame.getInt(ipStart + 12));
        Ipv4Address dst = new Ipv4Address(frame.getInt(ipStart + 16));
        boolean ok = true;
        for (int done = 0; done < payload || done == 0; done += segmentSize) {
            int n = Math.min(segmentSize, payload - done);
            boolean last = done + n >= payload;
            ByteBuffer p = ByteBuffer.allocate(headers + n);
            p.put(0, frame, base, headers).put(headers, frame, base + headers + done, n);
            int ipLen = ihl + thl + n;
            largestPacket = Math.max(largestPacket, ipLen);
            p.putShort(14 + 2, (short) ipLen).putShort(14 + 4, (short) (id + done / segmentSize));
            p.putShort(14 + 10, (short) 0).putShort(14 + 10, (short) Checksum.of(p, 14, ihl));
            int t = 14 + ihl;
            p.putInt(t + 4, seq + done);
            p.put(t + 13, (byte) (last ? flags : flags & ~0x09)); // FIN (0x01) and PSH (0x08) on the last only
            p.putShort(t + 16, (short) 0);
            p.putShort(t + 16, (short) Checksum.finish(Checksum.add(
                    Checksum.pseudoHeader(src, dst, Ipv4Packet.PROTO_TCP, thl + n), p, t, thl + n)));
            packetsCut++;
            ok &= inner.transmit(p);
            if (payload == 0) {
                break;
            }
        }
        return ok;
    }

    /** Frames dropped on receive for a bad TCP checksum (the contract's receive checksum offload). */
    int badChecksums;

    @Override
    protected boolean accept(ByteBuffer frame) {
        if (tcpChecksumHolds(frame)) {
            return true;
        }
        badChecksums++; // an offloading device verifies TCP checksums for its consumer
        return false;
    }

    private static boolean tcpChecksumHolds(ByteBuffer f) {
        int base = f.position();
        if (f.remaining() < 34 || f.getShort(base + 12) != 0x0800 || f.get(base + 23) != Ipv4Packet.PROTO_TCP) {
            return true;
        }
        int ip = base + 14;
        int ihl = (f.get(ip) & 0x0f) * 4;
        int total = f.getShort(ip + 2) & 0xffff;
        if ((f.getShort(ip + 6) & 0x3fff) != 0 || ihl < 20 || total < ihl + 20 || total > f.remaining() - 14) {
            return true; // fragments and broken lengths: the stack's to judge
        }
        Ipv4Address src = new Ipv4Address(f.getInt(ip + 12));
        Ipv4Address dst = new Ipv4Address(f.getInt(ip + 16));
        int sum = Checksum.add(Checksum.pseudoHeader(src, dst, Ipv4Packet.PROTO_TCP, total - ihl), f, ip + ihl, total - ihl);
        return Checksum.verifies(sum);
    }
}
