package io.motenet.ip.internal.socket.tcp;

import io.motenet.ip.internal.wire.Checksum;
import io.motenet.ip.internal.wire.Ipv4Address;
import io.motenet.ip.internal.wire.Ipv4Packet;
import io.motenet.ip.internal.wire.TcpOptions;
import io.motenet.ip.internal.wire.TcpSegment;
import io.motenet.ip.internal.wire.WireException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * TCP inside the stack: finds the connection or listener for each received segment, answers
 * strays with RST (RFC 9293 3.10.7.1), runs the output and timers of the connections with work on
 * {@link #poll} (a work queue and a timer queue: idle connections are not visited), and keeps the
 * bounds — a SYN queue per listener beyond which SYN cookies answer (RFC 4987), a connection
 * count, and a memory budget for buffers. Loop thread only.
 */
public final class TcpLayer {
    /** How the layer reaches IP: send a segment, and learn the source address and MTU towards a host. */
    public interface Output {
        /** Sends the segment bytes in an IPv4 datagram; false when there is no route. */
        boolean send(Ipv4Address src, Ipv4Address dst, ByteBuffer segment, long now);

        /**
         * A frame with Ethernet and IPv4 headers written, positioned for a segment of
         * {@code segmentLength} bytes, when the way to {@code dst} is fully known; else null.
         * {@code segmented}: a segment longer than the MTU, which the device cuts into packets (TCP
         * segmentation offload); null when the way to {@code dst} has no such device.
         */
        default ByteBuffer startFrame(Ipv4Address src, Ipv4Address dst, int segmentLength, boolean segmented,
                long now) {
            return null;
        }

        /**
         * Sends a frame from {@link #startFrame} once the segment is written into it; {@code segmentSize} is 0,
         * or for a segmented frame the TCP payload per packet.
         */
        default void finishFrame(ByteBuffer frame, int segmentSize) {
            throw new UnsupportedOperationException();
        }

        /**
         * The source address, MTU (the path MTU where one was learnt) and offload packet size of the route to
         * {@code dst}, or null.
         */
        Route route(Ipv4Address dst, long now);
    }

    /**
     * The way to a host. {@code offloadPacket}: the largest IPv4 packet the device takes as one TCP segment and
     * cuts up itself; the MTU when it cannot.
     */
    public record Route(Ipv4Address source, int mtu, int offloadPacket) {
        public Route(Ipv4Address source, int mtu) {
            this(source, mtu, mtu);
        }
    }

    /**
     * @param synQueue       half-open connections per listener; SYN cookies answer beyond it
     * @param connections    connections of all states together
     * @param memory         bytes of send and receive buffers all connections may hold: each reserves its
     *                       starting sizes when it opens, and grows (auto-tuning) only while the rings
     *                       in use stay below this
     * @param challengeAcksPerSecond RFC 5961 7 rate limit of challenge ACKs
     */
    public record Limits(int synQueue, int connections, long memory, int challengeAcksPerSecond) {
        public static Limits defaults() {
            return new Limits(256, 65536, 512L << 20, 1000);
        }
    }

    record Key(Ipv4Address local, int localPort, Ipv4Address remote, int remotePort) {
    }

    private final Output output;
    private final Consumer<String> counter;
    private final Secrets secrets;
    private final RandomGenerator random;
    private Limits limits = Limits.defaults();
    private TcpConfig defaults = TcpConfig.defaults();
    private final Map<Key, TcpConnection> connections = new LinkedHashMap<>();
    private final List<TcpListener> listeners = new ArrayList<>();
    private final Map<TcpConnection, Long> reserved = new java.util.IdentityHashMap<>();
    private long reservedBytes;
    private boolean busy;
    /** A segment to one of our own addresses that arrived while the layer was sending. */
    private record Deferred(Ipv4Address src, Ipv4Address dst, ByteBuffer segment, boolean unicast) {
    }

    private final ArrayDeque<Deferred> deferred = new ArrayDeque<>();
    private long challengeTokens;
    private long challengeAt;
    private int nextEphemeral;
    private final TcpConnection.Emitter emitter = new TcpConnection.Emitter() {
        @Override
        public void emit(TcpConnection c, int seq, int ack, int flags, int window, TcpOptions options,
                ByteBuffer payload) {
            TcpLayer.this.emit(c, seq, ack, flags, window, options, payload);
        }

        @Override
        public void emitData(TcpConnection c, int seq, int ack, int flags, int window, TcpOptions options,
                SendBuffer data, int offset, int len) {
            TcpLayer.this.emitData(c, seq, ack, flags, window, options, data, offset, len);
        }
    };
    /** Rings for the connections' buffers; at most 8 MiB wait for reuse. */
    final BufferPool pool = new BufferPool(8 << 20);

    public TcpLayer(Output output, Consumer<String> counter, RandomGenerator random) {
        this.output = output;
        this.counter = counter;
        this.random = random;
        this.secrets = new Secrets(random);
        this.nextEphemeral = random.nextInt(16384);
        this.challengeTokens = limits.challengeAcksPerSecond();
    }

    public void setLimits(Limits l) {
        this.limits = l;
    }

    public Limits limits() {
        return limits;
    }

    public void setDefaults(TcpConfig c) {
        this.defaults = c;
    }

    public TcpConfig defaults() {
        return defaults;
    }

    void count(String name) {
        counter.accept(name);
    }

    // ----- application side

    /**
     * Opens a connection (the SYN leaves on the next poll). {@code local} null or unspecified picks
     * the route's source address, port 0 an ephemeral port. {@code timeout} 0 waits for the SYN
     * retries only. A connection that cannot start (no route, no memory) comes back CLOSED with
     * {@link TcpConnection.Failure#UNREACHABLE}.
     */
    public TcpConnection connect(Ipv4Address local, int localPort, Ipv4Address remote, int remotePort,
            TcpConfig config, long timeout, long now) {
        TcpConfig cfg = config == null ? defaults : config;
        Route r = output.route(remote, now);
        Ipv4Address src = local != null && !local.isUnspecified() ? local : r != null ? r.source() : Ipv4Address.UNSPECIFIED;
        int port = localPort != 0 ? localPort : ephemeralPort(src, remote, remotePort);
        Key k = new Key(src, port, remote, remotePort);
        if (connections.containsKey(k)) {
            throw new IllegalStateException("TCP connection " + k + " exists");
        }
        int mss = r == null ? 536 : r.mtu() - 40;
        TcpConnection c = new TcpConnection(this, src, port, remote, remotePort, cfg, null,
                secrets.isn(src, port, remote, remotePort, now), secrets.timestampOffset(src, port, remote, remotePort),
                mss, now);
        if (r != null) {
            c.offload(r.offloadPacket());
        }
        c.connect(timeout > 0 ? now + timeout : TcpConnection.NONE);
        if (r == null || connections.size() >= limits.connections() || !reserve(c)) {
            count(r == null ? "tcp.connect.no_route" : "tcp.connect.no_memory");
            c.failUnreachable();
            return c;
        }
        connections.put(k, c);
        count("tcp.connect");
        return c;
    }

    public TcpConnection connect(Ipv4Address remote, int remotePort, long now) {
        return connect(null, 0, remote, remotePort, null, 0, now);
    }

    /** Listens on {@code port} (on every address when {@code local} is null or unspecified). */
    public TcpListener listen(Ipv4Address local, int port, int backlog, TcpConfig config) {
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("TCP port " + port);
        }
        Ipv4Address a = local == null ? Ipv4Address.UNSPECIFIED : local;
        for (TcpListener l : listeners) {
            if (!l.catchAll && l.port == port && (l.localAddress.isUnspecified() || a.isUnspecified()
                    || l.localAddress.equals(a))) {
                throw new IllegalStateException("TCP port " + port + " is already listening");
            }
        }
        TcpListener l = new TcpListener(this, a, port, false, backlog, config == null ? defaults : config);
        listeners.add(l);
        return l;
    }

    /** The catch-all listener: SYNs to any port wait for {@link TcpListener#admit} or {@link TcpListener#refuse}. */
    public TcpListener listenAll(int backlog, TcpConfig config) {
        if (listeners.stream().anyMatch(l -> l.catchAll)) {
            throw new IllegalStateException("a catch-all TCP listener exists");
        }
        TcpListener l = new TcpListener(this, Ipv4Address.UNSPECIFIED, 0, true, backlog,
                config == null ? defaults : config);
        listeners.add(l);
        return l;
    }

    void removeListener(TcpListener l) {
        listeners.remove(l);
    }

    /** Every connection the layer tracks, for net:connections. */
    public List<TcpConnection> connections() {
        return List.copyOf(connections.values());
    }

    public List<TcpListener> listeners() {
        return List.copyOf(listeners);
    }

    /** Bytes of buffer reserved by established connections, against {@link Limits#memory()}. */
    public long reservedBytes() {
        return reservedBytes;
    }

    private int ephemeralPort(Ipv4Address src, Ipv4Address remote, int remotePort) {
        for (int n = 0; n < 16384; n++) {
            int p = 49152 + (nextEphemeral++ & 0x3fff);
            if (!connections.containsKey(new Key(src, p, remote, remotePort))
                    && listeners.stream().noneMatch(l -> l.port == p)) {
                return p;
            }
        }
        throw new IllegalStateException("no free ephemeral TCP port towards " + remote + ":" + remotePort);
    }

    boolean reserve(TcpConnection c) {
        if (reserved.containsKey(c)) {
            return true;
        }
        long need = (long) Math.min(c.config.receiveBuffer(), ReceiveWindowTuner.INITIAL)
                + Math.min(c.config.sendBuffer(), SendBuffer.INITIAL);
        if (reservedBytes + need > limits.memory()) {
            count("tcp.drop.memory");
            return false;
        }
        reserved.put(c, need);
        reservedBytes += need;
        return true;
    }

    // ----- receive

    /**
     * A TCP segment in an IPv4 datagram for one of our addresses ({@code unicast} false for
     * broadcasts, which TCP never answers). {@code checksumVerified}: the device verified the TCP checksum
     * already (receive offload).
     */
    public void receive(Ipv4Address src, Ipv4Address dst, ByteBuffer payload, boolean unicast, boolean checksumVerified,
            long now) {
        currentPoll = now;
        if (busy) {
            ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload.duplicate()).flip();
            deferred.addLast(new Deferred(src, dst, copy, unicast));
            return;
        }
        TcpSegment seg;
        try {
            seg = TcpSegment.parse(payload, src, dst, !checksumVerified);
        } catch (WireException e) {
            count("tcp.drop." + e.reason().name().toLowerCase(Locale.ROOT));
            return;
        }
        count("tcp.rx");
        if (!unicast || src.isBroadcast() || src.isMulticast() || src.isUnspecified()) {
            count("tcp.drop.not_unicast");
            return;
        }
        TcpConnection c = connections.get(new Key(dst, seg.dstPort(), src, seg.srcPort()));
        if (c != null && c.state() != TcpState.CLOSED) {
            c.input(seg, now);
            return;
        }
        TcpListener l = listener(dst, seg.dstPort());
        int f = seg.flags();
        if (l != null && (f & (TcpSegment.SYN | TcpSegment.ACK | TcpSegment.RST)) == TcpSegment.SYN) {
            synArrived(l, seg, src, dst, now);
        } else if (l != null && !l.catchAll
                && (f & (TcpSegment.SYN | TcpSegment.ACK | TcpSegment.RST)) == TcpSegment.ACK
                && cookieAck(l, seg, src, dst, now)) {
            return;
        } else if ((f & TcpSegment.RST) == 0) {
            count("tcp.tx.rst.no_socket");
            // RFC 9293 3.10.7.1: the reset takes its sequence number from the ACK field, if any.
            if ((f & TcpSegment.ACK) != 0) {
                sendRaw(dst, seg.dstPort(), src, seg.srcPort(), seg.ack(), 0, TcpSegment.RST, 0, TcpOptions.NONE, now);
            } else {
                sendRaw(dst, seg.dstPort(), src, seg.srcPort(), 0, seg.seq() + seg.sequenceLength(),
                        TcpSegment.RST | TcpSegment.ACK, 0, TcpOptions.NONE, now);
            }
        }
    }

    private TcpListener listener(Ipv4Address dst, int port) {
        TcpListener any = null;
        for (TcpListener l : listeners) {
            if (l.accepts(dst, port)) {
                if (!l.catchAll) {
                    return l;
                }
                any = l;
            }
        }
        return any;
    }

    private void synArrived(TcpListener l, TcpSegment syn, Ipv4Address src, Ipv4Address dst, long now) {
        count("tcp.rx.syn");
        Route r = output.route(src, now);
        if (r == null) {
            count("tcp.drop.syn_no_route");
            return;
        }
        if (l.halfOpen() >= limits.synQueue() || connections.size() >= limits.connections()) {
            if (l.catchAll) {
                count("tcp.drop.syn_queue_full"); // the decision needs state; the peer retries its SYN
            } else {
                sendCookie(l, syn, src, dst, r, now);
            }
            return;
        }
        TcpConnection c = new TcpConnection(this, dst, syn.dstPort(), src, syn.srcPort(), l.config, l,
                secrets.isn(dst, syn.dstPort(), src, syn.srcPort(), now),
                secrets.timestampOffset(dst, syn.dstPort(), src, syn.srcPort()), r.mtu() - 40, now);
        c.offload(r.offloadPacket());
        c.acceptSyn(syn, now);
        if (l.catchAll) {
            c.hold(now);
        }
        connections.put(new Key(dst, syn.dstPort(), src, syn.srcPort()), c);
        l.addHalfOpen(c);
    }

    /** A stateless SYN,ACK whose ISN is a cookie; window scale and SACK ride in the timestamp. */
    private void sendCookie(TcpListener l, TcpSegment syn, Ipv4Address src, Ipv4Address dst, Route r, long now) {
        count("tcp.tx.syncookie");
        TcpOptions o = syn.options();
        int mssIndex = Secrets.cookieMssIndex(o.mss() >= 0 ? o.mss() : 536);
        int cookie = secrets.cookie(dst, syn.dstPort(), src, syn.srcPort(), syn.seq(), mssIndex, now);
        boolean ts = o.timestamps() && l.config.timestamps();
        boolean ws = ts && o.windowScale() >= 0 && l.config.windowScaling(); // without timestamps it cannot be remembered
        TcpOptions answer = TcpOptions.NONE;
        if (ts) {
            int clock = (int) (now / 1_000_000L) + secrets.timestampOffset(dst, syn.dstPort(), src, syn.srcPort());
            int bits = (ws ? o.windowScale() : 0xf) | (o.sackPermitted() ? 0x10 : 0);
            answer = TcpOptions.NONE.withTimestamps(((clock - 32) & ~0x1f) | bits, o.tsVal());
        }
        answer = new TcpOptions(Math.min(r.mtu() - 40, 65495), ws ? l.config.windowShift() : -1,
                ts && o.sackPermitted() && l.config.sack(),
                answer.timestamps(), answer.tsVal(), answer.tsEcr(), List.of());
        sendRaw(dst, syn.dstPort(), src, syn.srcPort(), cookie, syn.seq() + 1, TcpSegment.SYN | TcpSegment.ACK,
                Math.min(l.config.receiveBuffer(), 65535), answer, now);
    }

    private boolean cookieAck(TcpListener l, TcpSegment ack, Ipv4Address src, Ipv4Address dst, long now) {
        int mssIndex = secrets.checkCookie(dst, ack.dstPort(), src, ack.srcPort(), ack.seq() - 1, ack.ack() - 1, now);
        if (mssIndex < 0) {
            count("tcp.drop.bad_cookie");
            return false;
        }
        Route r = output.route(src, now);
        if (r == null || connections.size() >= limits.connections()) {
            return true;
        }
        TcpOptions o = ack.options();
        int peerShift = -1;
        boolean sack = false;
        if (o.timestamps() && l.config.timestamps()) {
            int bits = o.tsEcr() & 0x1f;
            peerShift = (bits & 0xf) == 0xf ? -1 : bits & 0xf;
            sack = (bits & 0x10) != 0;
        }
        TcpConnection c = new TcpConnection(this, dst, ack.dstPort(), src, ack.srcPort(), l.config, l, ack.ack() - 1,
                secrets.timestampOffset(dst, ack.dstPort(), src, ack.srcPort()), r.mtu() - 40, now);
        c.offload(r.offloadPacket());
        if (!l.roomFor(c)) {
            count("tcp.drop.backlog_full");
            return true;
        }
        count("tcp.rx.syncookie_valid");
        c.acceptCookie(ack, Math.min(Secrets.cookieMss(mssIndex), r.mtu() - 40), peerShift, sack, now);
        connections.put(new Key(dst, ack.dstPort(), src, ack.srcPort()), c);
        l.established(c);
        if (ack.payload().hasRemaining() || ack.has(TcpSegment.FIN)) {
            c.input(ack, now);
        }
        return true;
    }

    /**
     * An ICMP error (or a failed ARP resolution) about a segment we sent. During the handshake it
     * ends the connection at once, as Linux does (port or protocol unreachable: refused; other
     * unreachables: unreachable); afterwards it is soft (RFC 1122 4.2.3.9) and only counted.
     * Fragmentation-needed is left to path MTU discovery (not yet). RFC 5927 5.1: the quoted
     * sequence number must be one we have sent and not had acknowledged.
     */
    public void unreachable(Ipv4Address local, int localPort, Ipv4Address remote, int remotePort, int seq,
            io.motenet.ip.internal.socket.SocketError.Kind kind) {
        TcpConnection c = connections.get(new Key(local, localPort, remote, remotePort));
        if (c == null || c.state() == TcpState.CLOSED) {
            count("tcp.icmp.no_connection");
            return;
        }
        if (!c.sentAndUnacknowledged(seq)) {
            count("tcp.icmp.bad_seq");
            return;
        }
        switch (kind) {
            case FRAGMENTATION_NEEDED, TIME_EXCEEDED -> count("tcp.icmp.soft");
            default -> {
                if (c.state() == TcpState.SYN_SENT) {
                    count("tcp.icmp.connect_failed");
                    c.failUnreachable(kind == io.motenet.ip.internal.socket.SocketError.Kind.PORT_UNREACHABLE
                            || kind == io.motenet.ip.internal.socket.SocketError.Kind.PROTOCOL_UNREACHABLE
                                    ? TcpConnection.Failure.REFUSED : TcpConnection.Failure.UNREACHABLE);
                } else {
                    count("tcp.icmp.soft");
                }
            }
        }
    }

    /** True when a buffer may grow by {@code extra} bytes within the memory limit. */
    boolean mayGrow(long extra) {
        return pool.inUse() + extra <= limits.memory();
    }

    boolean takeChallengeAck(long now) {
        int rate = limits.challengeAcksPerSecond();
        long refill = (now - challengeAt) * rate / 1_000_000_000L;
        if (refill > 0) {
            challengeTokens = Math.min(rate, challengeTokens + refill);
            challengeAt = now;
        }
        if (challengeTokens <= 0) {
            count("tcp.challenge_ack.rate_limited");
            return false;
        }
        challengeTokens--;
        return true;
    }

    // ----- send

    /** A RST for a connection's peer (bad ACK in SYN-SENT or SYN-RECEIVED). */
    void sendReset(TcpConnection c, int seq, int ack, boolean withAck) {
        count("tcp.tx.rst");
        sendRaw(c.localAddress, c.localPort, c.remoteAddress, c.remotePort, seq, ack,
                TcpSegment.RST | (withAck ? TcpSegment.ACK : 0), 0, TcpOptions.NONE, currentPoll);
    }

    private void emit(TcpConnection c, int seq, int ack, int flags, int window, TcpOptions options, ByteBuffer payload) {
        sendRaw(c.localAddress, c.localPort, c.remoteAddress, c.remotePort, seq, ack, flags, window, options,
                currentPoll, payload);
    }

    private long currentPoll;

    /**
     * A data segment straight from the send ring into the frame: header, the ring's bytes and the
     * checksum written in place, one allocation per segment. When the frame cannot be made at once
     * (neighbour unknown, a segment to ourselves) the general path copies the payload out first.
     */
    private void emitData(TcpConnection c, int seq, int ack, int flags, int window, TcpOptions options,
            SendBuffer data, int offset, int len) {
        int segmentLength = TcpSegment.MIN_HEADER + options.length() + len;
        // payload per packet on the wire: the MSS less this segment's options (SACK blocks make them longer)
        int segmentSize = c.sendMss() - options.length();
        boolean segmented = len > segmentSize;
        ByteBuffer frame = output.startFrame(c.localAddress, c.remoteAddress, segmentLength, segmented, currentPoll);
        if (frame == null && segmented) {
            if (c.makesRuns()) {
                // No fast path for the run now: the neighbour's entry expired (ARP asks again), or the device under
                // the route was swapped for one without offload. Take the route's offload afresh, so a swap ends
                // the runs and an expired neighbour does not.
                takeRouteOffload(c, currentPoll);
                count("tcp.tx.run_cut");
            } else {
                count("tcp.tx.cut_for_options"); // never since RFC 6691 sizing; counted to show it stays so
            }
            // Cut into segments here; without runs this is a full segment that SACK blocks pushed past the MTU.
            for (int done = 0; done < len; done += segmentSize) {
                int n = Math.min(segmentSize, len - done);
                int f = done + n < len ? flags & ~(TcpSegment.FIN | TcpSegment.PSH) : flags;
                emitData(c, seq + done, ack, f, window, options, data, offset + done, n);
            }
            return;
        }
        if (frame == null) {
            ByteBuffer payload = ByteBuffer.allocate(len);
            data.copy(offset, len, payload);
            emit(c, seq, ack, flags, window, options, payload.flip());
            return;
        }
        int p = frame.position();
        TcpSegment.emitHeader(frame, c.localPort, c.remotePort, seq, ack, flags, window, options);
        data.copy(offset, len, frame);
        if (segmented) {
            frame.putShort(p + 16, (short) 0); // the device computes each packet's checksum (link contract)
            count("tcp.tx.offload");
        } else {
            frame.putShort(p + 16, (short) Checksum.finish(Checksum.add(
                    Checksum.pseudoHeader(c.localAddress, c.remoteAddress, Ipv4Packet.PROTO_TCP, segmentLength), frame,
                    p, segmentLength)));
        }
        count("tcp.tx");
        output.finishFrame(frame, segmented ? segmentSize : 0);
    }

    private void sendRaw(Ipv4Address src, int sport, Ipv4Address dst, int dport, int seq, int ack, int flags,
            int window, TcpOptions options, long now) {
        sendRaw(src, sport, dst, dport, seq, ack, flags, window, options, now, null);
    }

    private void sendRaw(Ipv4Address src, int sport, Ipv4Address dst, int dport, int seq, int ack, int flags,
            int window, TcpOptions options, long now, ByteBuffer payload) {
        TcpSegment s = new TcpSegment(sport, dport, seq, ack, flags, window, 0, options,
                payload == null ? ByteBuffer.allocate(0) : payload);
        ByteBuffer b = ByteBuffer.allocate(s.length());
        s.emit(b, src, dst);
        count("tcp.tx");
        if (!output.send(src, dst, b.flip(), now)) {
            count("tcp.tx.no_route");
        }
    }

    /**
     * ICMP fragmentation-needed quoted our segment from {@code local:lport} to {@code remote:rport}
     * with sequence number {@code seq}: the path carries {@code pathMtu} bytes. Only a connection
     * that has that sequence number in flight believes it (RFC 5927 5.1), so a blind attacker
     * must guess it. Returns true when a connection took it.
     */
    public boolean pathMtuLowered(Ipv4Address local, int lport, Ipv4Address remote, int rport, int seq, int pathMtu,
            long now) {
        TcpConnection c = connections.get(new Key(local, lport, remote, rport));
        if (c == null || !c.pathMtuLowered(seq, pathMtu - 40)) {
            count("tcp.drop.icmp_pmtu");
            return false;
        }
        count("tcp.pmtu.lowered");
        return true;
    }

    // ----- the loop

    /**
     * Runs the output (and so the due timers) of every connection that has work — something came in, the
     * application called, or a timer fell due — then forgets closed ones; returns the earliest timer left. Idle
     * connections are not visited at all: a queue of connections with work and a timer queue stand in for a walk
     * over every connection, which with thousands of idle ones cost a busy one most of its speed.
     */
    public long poll(long now) {
        TimerEntry t;
        while ((t = timers.peek()) != null && t.at() <= now) {
            timers.poll();
            if (t.connection().filedAt == t.at()) {
                t.connection().filedAt = TcpConnection.NONE;
                touch(t.connection());
            }
        }
        for (int round = 0; round < 8; round++) {
            busy = true;
            currentPoll = now;
            try {
                // the connections touched while these run (a segment to ourselves) wait for the next round
                for (int n = work.size(); n > 0; n--) {
                    TcpConnection c = work.poll();
                    c.queued = false;
                    c.output(now, emitter);
                    file(c);
                }
            } finally {
                busy = false;
            }
            removeClosed();
            if (deferred.isEmpty()) {
                return earliestTimer();
            }
            // Segments to our own addresses came back while we sent: take them in now.
            Deferred d;
            while ((d = deferred.pollFirst()) != null) {
                receive(d.src(), d.dst(), d.segment(), d.unicast(), false, now); // our own segments: verified as ever
            }
        }
        return now; // segments to ourselves still waiting: the next poll takes them at once
    }

    private record TimerEntry(long at, TcpConnection connection) {
    }

    // loop-owned: connections with work for the next output pass, and every connection's next deadline (an entry
    // whose time is no longer the connection's filedAt is stale and skipped)
    private final ArrayDeque<TcpConnection> work = new ArrayDeque<>();
    private final PriorityQueue<TimerEntry> timers = new PriorityQueue<>(Comparator.comparingLong(TimerEntry::at));

    /** The connection has work for the next output pass (something came in, the application called). */
    void touch(TcpConnection c) {
        if (!c.queued) {
            c.queued = true;
            work.add(c);
        }
    }

    /** Files the connection's next deadline in the timer queue, unless it is filed there already. */
    private void file(TcpConnection c) {
        long d = c.nextDeadline();
        if (d != c.filedAt) {
            c.filedAt = d;
            if (d != TcpConnection.NONE) {
                timers.add(new TimerEntry(d, c));
            }
        }
    }

    private long earliestTimer() {
        TimerEntry t;
        while ((t = timers.peek()) != null && t.connection().filedAt != t.at()) {
            timers.poll(); // stale: the connection's deadline moved
        }
        return t == null ? Long.MAX_VALUE : t.at();
    }

    // loop-owned: connections that went CLOSED since the last poll, which forgets them
    private final List<TcpConnection> closedSince = new ArrayList<>();

    /** The connection went CLOSED: the poll forgets it (without a walk over every connection). */
    void closed(TcpConnection c) {
        closedSince.add(c);
    }

    private void removeClosed() {
        for (TcpConnection c : closedSince) {
            // only if the map holds this very connection: one that never got in (refused at once) is not there,
            // and a new connection may hold its addresses and ports by now
            if (connections.remove(new Key(c.localAddress, c.localPort, c.remoteAddress, c.remotePort), c)) {
                if (c.listener != null) {
                    c.listener.removed(c);
                }
                Long r = reserved.remove(c);
                if (r != null) {
                    reservedBytes -= r;
                }
            }
        }
        closedSince.clear();
    }

    /**
     * An interface's device changed what it offloads (another device took it over): every connection takes its
     * route's offload afresh, so one that began without offload sends runs from now on, and one that sent runs
     * stops before its next run has to be cut.
     */
    public void refreshOffload(long now) {
        for (TcpConnection c : connections.values()) {
            takeRouteOffload(c, now);
        }
    }

    /** The connection takes the offload of its route as it is now (none without a route). */
    private void takeRouteOffload(TcpConnection c, long now) {
        Route r = output.route(c.remoteAddress, now);
        c.offload(r == null ? 0 : r.offloadPacket());
    }

    /** True when some connection has something to send at once (after an application call). */
    public boolean hasPendingSends() {
        return !deferred.isEmpty() || !work.isEmpty(); // touched since the last poll, or segments to ourselves wait
    }
}
