package io.motenet.ip.internal.iface;

import io.motenet.ip.internal.wire.Ipv4Address;
import io.motenet.ip.internal.wire.Ipv4Packet;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts IPv4 fragments back together (RFC 791, RFC 815) within fixed bounds: at most
 * {@code maxDatagrams} datagrams in progress and {@code maxBytes} of buffered fragment data in
 * all; each datagram is given up after {@code timeoutNanos}. When a new fragment would exceed a
 * bound, the oldest datagrams in progress are evicted, so a flood of fragments that never
 * complete cannot take more memory and cannot lock out new datagrams for long.
 *
 * <p>Overlapping fragments drop the whole datagram, as Linux does since FragmentSmack: an
 * overlap has no legitimate use and is the tool of evasion attacks. An exact duplicate (a
 * retransmitted or duplicated fragment) is harmless and ignored.
 */
public final class Reassembler {
    /** The largest IPv4 payload: 65535 minus a 20-byte header. */
    static final int MAX_PAYLOAD = 65535 - Ipv4Packet.MIN_HEADER;
    static final int MAX_FRAGMENTS = 64;

    private record Key(Ipv4Address src, Ipv4Address dst, int protocol, int id) {
    }

    private record Piece(int offset, byte[] data) {
        int end() {
            return offset + data.length;
        }
    }

    private static final class Pending {
        final long started;
        final List<Piece> pieces = new ArrayList<>();
        Ipv4Packet first; // the fragment at offset 0 gives the header of the result
        int totalLength = -1; // known once the last fragment (MF clear) arrived
        int bytes;

        Pending(long started) {
            this.started = started;
        }
    }

    private final int maxDatagrams;
    private final int maxBytes;
    private final long timeoutNanos;
    // Insertion order is age order: the first entry is the oldest.
    private final Map<Key, Pending> pending = new LinkedHashMap<>();
    private int bufferedBytes;

    long reassembled;
    long overlaps;
    long invalid;
    long timedOut;
    long evicted;
    private final Counters counters;

    public Reassembler(int maxDatagrams, int maxBytes, long timeoutNanos) {
        this(maxDatagrams, maxBytes, timeoutNanos, new Counters());
    }

    /** Counts its drops also as {@code ip.reassembly.<what>} in {@code counters}. */
    public Reassembler(int maxDatagrams, int maxBytes, long timeoutNanos, Counters counters) {
        this.counters = counters;
        this.maxDatagrams = maxDatagrams;
        this.maxBytes = maxBytes;
        this.timeoutNanos = timeoutNanos;
    }

    /**
     * Takes one fragment. Returns the whole datagram once its last missing piece arrived, else
     * null (kept, ignored duplicate, or dropped and counted).
     */
    public Ipv4Packet add(Ipv4Packet fragment, long now) {
        int offset = fragment.fragmentOffset();
        int length = fragment.payload().remaining();
        Key key = new Key(fragment.src(), fragment.dst(), fragment.protocol(), fragment.identification());
        if (offset + length > MAX_PAYLOAD || (fragment.moreFragments() && (length == 0 || length % 8 != 0))) {
            invalid++; // "ping of death" sizes, or a middle fragment that the next cannot follow
            counters.inc("ip.reassembly.invalid");
            discard(key);
            return null;
        }
        Pending p = pending.get(key);
        if (p == null) {
            makeRoom(length);
            p = new Pending(now);
            pending.put(key, p);
        } else if (bufferedBytes + length > maxBytes) {
            makeRoom(length);
            if (!pending.containsKey(key)) {
                return null; // this datagram was the oldest and had to go
            }
        }
        if (!fragment.moreFragments()) {
            if (p.totalLength >= 0 && p.totalLength != offset + length) {
                invalid++; // two different ends
                counters.inc("ip.reassembly.invalid");
                discard(key);
                return null;
            }
            p.totalLength = offset + length;
        }
        byte[] data = new byte[length];
        fragment.payload().get(fragment.payload().position(), data);
        Piece piece = new Piece(offset, data);
        int at = 0;
        for (Piece q : p.pieces) {
            if (q.offset == offset && java.util.Arrays.equals(q.data, data)) {
                return null; // exact duplicate
            }
            if (q.offset < piece.end() && offset < q.end()) {
                overlaps++;
                counters.inc("ip.reassembly.overlap");
                discard(key);
                return null;
            }
            if (q.offset < offset) {
                at++;
            }
        }
        if ((p.totalLength >= 0 && piece.end() > p.totalLength) || p.pieces.size() >= MAX_FRAGMENTS) {
            invalid++;
            counters.inc("ip.reassembly.invalid");
            discard(key);
            return null;
        }
        p.pieces.add(at, piece);
        p.bytes += length;
        bufferedBytes += length;
        if (offset == 0) {
            p.first = fragment;
        }
        return complete(key, p);
    }

    private Ipv4Packet complete(Key key, Pending p) {
        if (p.totalLength < 0 || p.first == null) {
            return null;
        }
        int expected = 0;
        for (Piece q : p.pieces) {
            if (q.offset != expected) {
                return null; // a hole remains
            }
            expected = q.end();
        }
        if (expected != p.totalLength) {
            return null;
        }
        ByteBuffer whole = ByteBuffer.allocate(p.totalLength);
        p.pieces.forEach(q -> whole.put(q.data));
        whole.flip();
        discard(key);
        reassembled++;
        Ipv4Packet f = p.first;
        return new Ipv4Packet(f.tos(), f.identification(), f.dontFragment(), false, 0, f.ttl(), f.protocol(),
                f.src(), f.dst(), whole);
    }

    private void makeRoom(int length) {
        Iterator<Map.Entry<Key, Pending>> it = pending.entrySet().iterator();
        while (it.hasNext() && (pending.size() >= maxDatagrams || bufferedBytes + length > maxBytes)) {
            Pending oldest = it.next().getValue();
            bufferedBytes -= oldest.bytes;
            it.remove();
            evicted++;
            counters.inc("ip.reassembly.evicted");
        }
    }

    private void discard(Key key) {
        Pending p = pending.remove(key);
        if (p != null) {
            bufferedBytes -= p.bytes;
        }
    }

    /** Gives up datagrams older than the timeout. */
    public void expire(long now) {
        Iterator<Pending> it = pending.values().iterator();
        while (it.hasNext()) {
            Pending p = it.next();
            if (now - p.started < timeoutNanos) {
                break; // age order: the rest are younger
            }
            bufferedBytes -= p.bytes;
            it.remove();
            timedOut++;
            counters.inc("ip.reassembly.timeout");
        }
    }

    /** When {@link #expire} next has work, or {@code Long.MAX_VALUE}. */
    public long nextDeadline() {
        return pending.isEmpty() ? Long.MAX_VALUE : pending.values().iterator().next().started + timeoutNanos;
    }

    public int datagramsInProgress() {
        return pending.size();
    }

    public int bufferedBytes() {
        return bufferedBytes;
    }
}
