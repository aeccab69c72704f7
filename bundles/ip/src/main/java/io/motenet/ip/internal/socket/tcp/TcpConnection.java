package io.motenet.ip.internal.socket.tcp;

import io.motenet.ip.internal.wire.Ipv4Address;
import io.motenet.ip.internal.wire.Ipv4Packet;
import io.motenet.ip.internal.wire.TcpOptions;
import io.motenet.ip.internal.wire.TcpSegment;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * One TCP connection's control block and state machine (RFC 9293 3.10), sans I/O: segments come in
 * through {@link #input}, go out through {@link #output}, time is an argument, and
 * {@link #nextDeadline} tells when a timer is due. The application side ({@link #write},
 * {@link #read}, {@link #shutdownOutput}, {@link #close}, {@link #abort}) is called on the same
 * loop thread. Not thread-safe.
 */
public final class TcpConnection {
    static final long NONE = Long.MAX_VALUE;
    private static final long MS = 1_000_000L;
    private static final long PAWS_IDLE = 24L * 24 * 3600 * 1_000_000_000L; // RFC 7323 5.5

    /** Why a connection ended without both sides closing it. */
    public enum Failure {
        /** RST answered our SYN: nobody listens there. */
        REFUSED,
        /** The peer reset an established connection. */
        RESET,
        /** Retransmissions, the user timeout, keep-alive or the connect timeout ran out. */
        TIMED_OUT,
        /** This side aborted (RST sent). */
        ABORTED,
        /** No route or no memory for the connection. */
        UNREACHABLE
    }

    /** Where segments go: the layer builds and sends them. */
    interface Emitter {
        void emit(TcpConnection c, int seq, int ack, int flags, int window, TcpOptions options, ByteBuffer payload);

        /** A segment whose payload is {@code len} bytes of the send ring from {@code offset}. */
        default void emitData(TcpConnection c, int seq, int ack, int flags, int window, TcpOptions options,
                SendBuffer data, int offset, int len) {
            ByteBuffer payload = ByteBuffer.allocate(len);
            data.copy(offset, len, payload);
            emit(c, seq, ack, flags, window, options, payload.flip());
        }
    }

    final Ipv4Address localAddress;
    final int localPort;
    final Ipv4Address remoteAddress;
    final int remotePort;
    final TcpConfig config;
    final TcpListener listener; // null for active opens
    private final int tsOffset;
    private TcpState state;
    private Failure failure;

    // send sequence space (RFC 9293 3.3.1); sndMax is the highest sequence number ever sent
    private final int iss;
    private int sndUna;
    private int sndNxt;
    private int sndMax;
    private int sndWnd;
    private int sndWl1;
    private int sndWl2;
    private int maxSndWnd;
    private int sndShift;
    private int bufSeq; // sequence number of the send buffer's first byte
    private final SendBuffer sndBuf;
    private boolean finQueued;
    private int finSeq;
    private int lastSmallEnd; // end of the last segment shorter than the MSS (Minshall's Nagle)
    private boolean nagle;

    // receive sequence space
    private int irs;
    private int rcvNxt;
    private int rcvAdvRight; // right edge of the window we advertised; it never moves left
    private int rcvShift; // ours, once both sides agreed on window scaling; 0 otherwise
    private final ReceiveBuffer rcvBuf;
    private boolean peerFin;
    private int peerFinSeq;
    private boolean peerFinKnown;
    private boolean readClosed;

    // options
    private final int ourMss;
    private int sendMss;
    /** The largest packet the route's device cuts up itself (offload); 0 when it does not. */
    private int offloadPacket;
    private boolean wsEnabled;
    private boolean tsEnabled;
    private boolean sackPermitted;
    private int tsRecent;
    private long tsRecentAt;
    private int lastAckSent;

    // acknowledgments
    private boolean ackNow;
    private int dupAcksToSend; // one pure ACK per out-of-order segment, so the peer can count them
    private int bytesSinceAck;
    private long delAckAt = NONE;
    private boolean pendingRst;
    boolean held; // catch-all listen: no SYN-ACK until the application decides

    // retransmission and congestion
    private final RttEstimator rtt;
    private final CongestionControl cc;
    private long rtoAt = NONE;
    private long probeAt = NONE; // RFC 8985 7 tail loss probe timer (SACK connections only)
    private boolean probeOut; // a probe was sent and no ACK has advanced since
    private boolean probeNow;
    private long tailProbes;
    private int retries;
    private long unackedSince = NONE;
    private boolean timing;
    private int timedSeq;
    private long timedAt;
    private int dupAcks;
    private boolean inRecovery;
    private boolean sackRecovery; // inRecovery by RFC 6675 rather than RFC 6582
    private SackScoreboard scoreboard; // made at the first SACK block
    private int highRxt; // RFC 6675 HighRxt: the end of the highest retransmission in this recovery
    private SackReporter sackReporter; // made at the first out-of-order segment
    private final ReceiveWindowTuner tuner;
    private int recover;
    private boolean retransmitHead;
    private long persistAt = NONE;
    private int persistBackoff;
    private long lastReceivedAt;
    /** When we last answered a pure ACK that was out of the window (rate limit). */
    private long lastOutOfWindowAck = Long.MIN_VALUE / 2;
    private static final long OUT_OF_WINDOW_ACK_GAP = 500 * MS;
    private int keepProbes;
    private long closeAt = NONE; // TIME-WAIT end, FIN-WAIT-2 timeout or connect timeout
    private final long createdAt;

    // statistics
    private long bytesSent;
    private long bytesRetransmitted;
    private long bytesAcked;
    private long bytesReceived;
    private long segmentsOut;
    private long segmentsIn;
    private long applicationReads; // reads that took bytes, on the loop or (noted afterwards) on the reader's thread
    // loop-owned, the layer's: queued for its next output pass; the deadline it is filed under in the timer queue
    boolean queued;
    long filedAt = NONE;
    private long retransmits;
    private long fastRetransmits;
    private long timeouts;
    private long duplicateAcks;
    private long outOfOrder;
    private long pawsDrops;
    private long challengeAcks;
    private long zeroWindowProbes;
    private long keepAliveProbes;
    private final TcpLayer layer;

    TcpConnection(TcpLayer layer, Ipv4Address la, int lp, Ipv4Address ra, int rp, TcpConfig config, TcpListener listener,
            int iss, int tsOffset, int ourMss, long now) {
        this.layer = layer;
        this.localAddress = la;
        this.localPort = lp;
        this.remoteAddress = ra;
        this.remotePort = rp;
        this.config = config;
        this.listener = listener;
        this.iss = iss;
        this.tsOffset = tsOffset;
        this.ourMss = ourMss;
        this.sendMss = Math.min(536, ourMss);
        this.sndUna = iss;
        this.sndNxt = iss;
        this.sndMax = iss;
        this.bufSeq = iss + 1;
        this.lastSmallEnd = iss;
        this.recover = iss;
        this.sndBuf = new SendBuffer(config.sendBuffer(), layer.pool);
        // auto-tuning starts the buffer small and grows it with the bandwidth-delay product
        this.tuner = new ReceiveWindowTuner(ReceiveWindowTuner.INITIAL, config.receiveBuffer());
        this.rcvBuf = new ReceiveBuffer(tuner.target(), layer.pool);
        this.rtt = new RttEstimator(config.initialRto(), config.minRto(), config.maxRto());
        this.cc = CongestionControl.create(config.congestionControl(), sendMss);
        this.lastReceivedAt = now;
        this.createdAt = now;
        this.nagle = config.nagle();
    }

    /** TCP_NODELAY: true turns Nagle's algorithm off for this connection. */
    public void setNoDelay(boolean noDelay) {
        layer.touch(this);
        nagle = !noDelay;
    }

    /** Active open (RFC 9293 3.10.1): the SYN goes out on the next output. */
    void connect(long timeoutAt) {
        layer.touch(this);
        state = TcpState.SYN_SENT;
        closeAt = timeoutAt;
    }

    /** Passive open from a listener's SYN (RFC 9293 3.10.7.2). */
    void acceptSyn(TcpSegment syn, long now) {
        layer.touch(this);
        state = TcpState.SYN_RECEIVED;
        irs = syn.seq();
        rcvNxt = irs + 1;
        rcvAdvRight = rcvNxt;
        takeSynOptions(syn.options(), true, now);
        sndWnd = syn.window(); // never scaled in a SYN (RFC 7323 2.2)
        sndWl1 = syn.seq();
        sndWl2 = iss;
        maxSndWnd = sndWnd;
    }

    /**
     * A connection rebuilt from a valid SYN cookie: established at once, with what the cookie and
     * the echoed timestamp carried.
     */
    void acceptCookie(TcpSegment ack, int mss, int peerShift, boolean sack, long now) {
        layer.touch(this);
        state = TcpState.ESTABLISHED;
        irs = ack.seq() - 1;
        rcvNxt = ack.seq();
        rcvAdvRight = rcvNxt + Math.min(rcvBuf.window(), 65535);
        sndUna = iss + 1;
        sndNxt = sndUna;
        sndMax = sndUna;
        setSendMss(mss);
        wsEnabled = peerShift >= 0 && config.windowScaling();
        sndShift = wsEnabled ? peerShift : 0;
        rcvShift = wsEnabled ? config.windowShift() : 0;
        tsEnabled = ack.options().timestamps() && config.timestamps();
        if (tsEnabled) {
            tsRecent = ack.options().tsVal();
            tsRecentAt = now;
        }
        sackPermitted = sack && config.sack();
        sndWnd = ack.window() << sndShift;
        maxSndWnd = sndWnd;
        sndWl1 = ack.seq();
        sndWl2 = ack.ack();
        lastAckSent = rcvNxt;
    }

    private void takeSynOptions(TcpOptions o, boolean passive, long now) {
        setSendMss(o.mss() >= 0 ? o.mss() : 536); // RFC 9293 3.7.1: 536 when absent
        wsEnabled = config.windowScaling() && o.windowScale() >= 0;
        sndShift = wsEnabled ? o.windowScale() : 0;
        rcvShift = wsEnabled ? config.windowShift() : 0;
        tsEnabled = config.timestamps() && o.timestamps();
        if (tsEnabled) {
            tsRecent = o.tsVal();
            tsRecentAt = now;
        }
        sackPermitted = config.sack() && o.sackPermitted();
    }

    private void setSendMss(int peerMss) {
        int m = Math.min(peerMss, ourMss);
        sendMss = Math.max(64, m);
        cc.setMss(payloadMss());
        if (state == TcpState.SYN_SENT || state == TcpState.SYN_RECEIVED || bytesSent == 0) {
            cc.setCwnd(NewReno.initialWindow(payloadMss()));
        }
    }

    /**
     * Path MTU discovery (RFC 1191 6.4): the path takes segments of at most {@code mss} bytes.
     * Believed only when {@code seq} is in flight (RFC 5927 5.1); what was sent too large is
     * resent at the new size at once, without a congestion response, since nothing was congested.
     */
    boolean pathMtuLowered(int seq, int mss) {
        layer.touch(this);
        if (!Seq.le(sndUna, seq) || !Seq.lt(seq, sndMax) || mss >= sendMss) {
            return false;
        }
        int peerMss = sendMss;
        sendMss = Math.max(64, Math.min(peerMss, mss));
        cc.setMss(payloadMss());
        sndNxt = sndUna; // the segments that were too large are gone: send them again, smaller
        timing = false;
        retransmitHead = false;
        return true;
    }

    /** Payload bytes per full segment: the MSS less the options every segment carries. Congestion control counts in it. */
    private int payloadMss() {
        return sendMss - (tsEnabled ? 12 : 0);
    }

    /**
     * Payload bytes of a full segment sent now (RFC 6691): the MSS less the options this segment carries, which
     * while out-of-order data is held include SACK blocks (4 + 8 octets per block), so that the packet still fits
     * the path's MTU. Without this, every full segment sent beside SACK blocks had to be cut in two.
     */
    private int segmentPayload() {
        int p = payloadMss();
        if (sackPermitted && sackReporter != null && rcvBuf.hasOutOfOrder()) {
            p -= 4 + 8 * Math.min(rcvBuf.outOfOrderRanges(), tsEnabled ? 3 : 4);
        }
        return p;
    }

    /** The MSS we send with (the peer's, lowered by the path MTU); options come out of it. */
    int sendMss() {
        return sendMss;
    }

    /** The route's device cuts segments of up to {@code packet} octets itself (TCP segmentation offload). */
    void offload(int packet) {
        this.offloadPacket = packet;
    }

    /** True while this connection sends runs of segments for the device to cut up. */
    boolean makesRuns() {
        return runLimit(payloadMss()) > payloadMss();
    }

    /**
     * The most new data one segment may carry, in segments of {@code mss} payload bytes: one, or with offload as
     * many whole ones as fit in the device's largest packet (headers and the longest options counted), which the
     * device cuts into packets of one segment each.
     */
    private int runLimit(int mss) {
        int room = offloadPacket - Ipv4Packet.MIN_HEADER - TcpSegment.MIN_HEADER - TcpOptions.MAX_LENGTH;
        return room >= 2 * mss ? room / mss * mss : mss;
    }

    // ----- application side

    public TcpState state() {
        return state;
    }

    public Failure failure() {
        return failure;
    }

    public Ipv4Address localAddress() {
        return localAddress;
    }

    public int localPort() {
        return localPort;
    }

    public Ipv4Address remoteAddress() {
        return remoteAddress;
    }

    public int remotePort() {
        return remotePort;
    }

    /** Bytes the send buffer can take now. */
    public int writable() {
        return canWrite() ? sndBuf.free() : 0;
    }

    /** False once output is shut or the connection is gone: writes would fail. */
    public boolean canWrite() {
        return !finQueued && (state == TcpState.ESTABLISHED || state == TcpState.CLOSE_WAIT
                || state == TcpState.SYN_SENT || state == TcpState.SYN_RECEIVED);
    }

    /** Queues what fits of {@code src}; returns the count, -1 once output is shut or the connection gone. */
    public int write(ByteBuffer src) {
        layer.touch(this);
        if (!canWrite()) {
            return -1;
        }
        return sndBuf.write(src);
    }

    /**
     * The buffer of the application's next read, waiting (loop-owned; null when none waits): in-order bytes that
     * arrive while nothing is in the ring go straight into it, one copy fewer than through the ring. The handle
     * sets it when a read finds nothing to read and takes it back when the read completes or is withdrawn.
     */
    private ByteBuffer readTarget;

    /** The application's next read waits in {@code dst} ({@link #readTarget}); null takes it back. */
    public void readTarget(ByteBuffer dst) {
        readTarget = dst;
    }

    /** Moves what fits of in-order {@code d} into the waiting read's buffer, when the ring holds nothing. */
    private int placeDirectly(ByteBuffer d) {
        ByteBuffer t = readTarget;
        if (t == null || !t.hasRemaining() || rcvBuf.readable() > 0 || rcvBuf.hasOutOfOrder()) {
            return 0;
        }
        int n = Math.min(d.remaining(), t.remaining());
        t.put(t.position(), d, d.position(), n);
        t.position(t.position() + n);
        d.position(d.position() + n);
        layer.count("tcp.rx.direct");
        return n;
    }

    /** Bytes ready for {@link #read} or {@link #copyOut}; any thread. */
    public int readable() {
        return rcvBuf.readable();
    }

    /** Moves received bytes into {@code dst}: the count, 0 when none yet, -1 at the end of the stream. */
    public int read(ByteBuffer dst) {
        layer.touch(this);
        int n = rcvBuf.read(dst);
        if (n > 0) {
            applicationReads++;
            announceOpenedWindow();
            return n;
        }
        if (rcvBuf.readable() == 0 && (peerFin || state == TcpState.CLOSED)) {
            return -1;
        }
        return 0;
    }

    /**
     * Any thread: the application's thread copies up to {@code len} in-order bytes out itself, without a round
     * trip to the loop (0 when none are there). The loop must then run {@link #afterApplicationRead}.
     */
    public int copyOut(byte[] dst, int off, int len) {
        return rcvBuf.copyOut(dst, off, len);
    }

    /** On the loop, after {@link #copyOut}: an emptied ring back to the pool, and the opened window announced. */
    public void afterApplicationRead() {
        layer.touch(this);
        applicationReads++;
        layer.count("tcp.rx.copy_out");
        rcvBuf.releaseIfEmpty();
        announceOpenedWindow();
    }

    /**
     * Tells the peer of the opened window when it matters (RFC 9293 3.8.6.2.2): the advertised window fell
     * below half the buffer, and it can grow by a segment (or half the buffer, if that is less).
     */
    private void announceOpenedWindow() {
        int possibleRight = rcvNxt + rcvBuf.window();
        int threshold = Math.min(rcvBuf.capacity() / 2, ourMss);
        if (possibleRight - rcvAdvRight >= threshold && rcvAdvRight - rcvNxt < rcvBuf.capacity() / 2) {
            ackNow = true;
        }
    }

    /** True when the peer sent FIN and every byte before it was read (the stream ended). */
    public boolean atEof() {
        return (peerFin || state == TcpState.CLOSED) && rcvBuf.readable() == 0;
    }

    /** Sends FIN after the queued data (half-close); reading continues. Safe to call twice. */
    public void shutdownOutput() {
        layer.touch(this);
        if (finQueued) {
            return;
        }
        switch (state) {
            case SYN_SENT -> {
                finish(null);
                return;
            }
            case ESTABLISHED, SYN_RECEIVED -> state = state == TcpState.ESTABLISHED ? TcpState.FIN_WAIT_1 : state;
            case CLOSE_WAIT -> state = TcpState.LAST_ACK;
            default -> {
                return;
            }
        }
        finQueued = true;
        finSeq = bufSeq + sndBuf.length();
    }

    /**
     * Closes both directions. Unread received data makes it an abort (RST), as Linux does and
     * RFC 2525 2.17 recommends, so the peer learns its data was not consumed.
     */
    public void close() {
        layer.touch(this);
        if (state == TcpState.CLOSED || readClosed) {
            readClosed = true;
            return;
        }
        readClosed = true;
        if (rcvBuf.readable() > 0 || held) {
            abort();
            return;
        }
        shutdownOutput();
    }

    /** Abortive close: RST now (RFC 9293 3.10.5), buffers dropped. */
    public void abort() {
        layer.touch(this);
        if (state == TcpState.CLOSED) {
            return;
        }
        if (held) {
            held = false; // refused before the SYN was answered: RST,ACK as a closed port sends
            pendingRst = true;
            return;
        }
        if (state == TcpState.SYN_SENT || state == TcpState.TIME_WAIT) {
            finish(state == TcpState.SYN_SENT ? Failure.ABORTED : null);
            return;
        }
        pendingRst = true;
        failure = Failure.ABORTED;
    }

    /** Catch-all listen: the SYN waits for the application at most this long (then it is dropped). */
    static final long DECISION_TIMEOUT = 30_000_000_000L;

    void hold(long now) {
        layer.touch(this);
        held = true;
        closeAt = now + DECISION_TIMEOUT;
    }

    void admit() {
        layer.touch(this);
        held = false;
        closeAt = NONE;
    }

    /** The connection could not start: no route, or no memory left for it. */
    void failUnreachable() {
        finish(Failure.UNREACHABLE);
    }

    void failUnreachable(Failure f) {
        layer.touch(this);
        finish(f);
    }

    /** True when {@code seq} lies in SND.UNA..SND.MAX (an ICMP error may quote it). */
    boolean sentAndUnacknowledged(int seq) {
        return Seq.ge(seq, sndUna) && Seq.lt(seq, Seq.max(sndMax, sndUna + 1));
    }

    // ----- input (RFC 9293 3.10.7)

    void input(TcpSegment seg, long now) {
        layer.touch(this);
        segmentsIn++;
        if (held) {
            if (seg.has(TcpSegment.RST)) {
                finish(Failure.RESET);
            }
            return; // the application has not decided yet; retransmitted SYNs wait too
        }
        switch (state) {
            case CLOSED -> { }
            case SYN_SENT -> inputSynSent(seg, now);
            default -> inputSynchronized(seg, now);
        }
    }

    private void inputSynSent(TcpSegment seg, long now) {
        boolean ack = seg.has(TcpSegment.ACK);
        if (ack && (Seq.le(seg.ack(), iss) || Seq.gt(seg.ack(), sndMax))) {
            if (!seg.has(TcpSegment.RST)) {
                layer.sendReset(this, seg.ack(), 0, false);
            }
            return;
        }
        if (seg.has(TcpSegment.RST)) {
            if (ack) {
                finish(Failure.REFUSED);
            }
            return;
        }
        if (!seg.has(TcpSegment.SYN)) {
            return;
        }
        irs = seg.seq();
        rcvNxt = irs + 1;
        rcvAdvRight = rcvNxt;
        lastReceivedAt = now;
        takeSynOptions(seg.options(), false, now);
        if (ack) {
            ackAdvances(seg.ack(), seg, now);
            // RFC 7323 2.2: the window of a SYN,ACK is never scaled. Taking it scaled made a peer
            // with a 64 KiB buffer look like 8 MiB at shift 7: the segments beyond its window were
            // dropped, and the inflated largest window then held every partial segment back
            // (sender silly-window avoidance) while the peer's real window stayed below it.
            sndWnd = seg.window();
            maxSndWnd = sndWnd;
            sndWl1 = seg.seq();
            sndWl2 = seg.ack();
            state = TcpState.ESTABLISHED;
            closeAt = NONE;
            ackNow = true;
            if (finQueued) {
                state = TcpState.FIN_WAIT_1;
            }
            receiveText(seg, seg.seq() + 1, now);
        } else {
            // Simultaneous open (RFC 9293 3.5 figure 8): answer with SYN,ACK on the same ISN.
            state = TcpState.SYN_RECEIVED;
            sndWnd = seg.window();
            maxSndWnd = sndWnd;
            sndWl1 = seg.seq();
            sndNxt = iss; // the SYN goes out again, now with ACK
        }
    }

    private void inputSynchronized(TcpSegment seg, long now) {
        int seq = seg.seq();
        int flags = seg.flags();
        int len = seg.payload().remaining() + ((flags & TcpSegment.FIN) != 0 ? 1 : 0);
        if ((flags & TcpSegment.SYN) != 0 && seq == irs) {
            // A retransmitted SYN or SYN,ACK of this connection: its SYN is old news, ack it.
            flags &= ~TcpSegment.SYN;
            seq = irs + 1;
            ackNow = true;
            if (state == TcpState.SYN_RECEIVED && !seg.has(TcpSegment.ACK)) {
                sndNxt = iss; // our SYN,ACK was lost: send it again
                return;
            }
        }
        TcpOptions o = seg.options();
        boolean rst = (flags & TcpSegment.RST) != 0;
        // PAWS (RFC 7323 5.3): an older timestamp than the last one is an old duplicate.
        if (tsEnabled && o.timestamps() && !rst && Seq.lt(o.tsVal(), tsRecent) && now - tsRecentAt < PAWS_IDLE) {
            pawsDrops++;
            layer.count("tcp.drop.paws");
            ackNow = true;
            return;
        }
        int wnd = rcvAdvRight - rcvNxt;
        if (rst) {
            // RFC 5961 3.2: only an exact match resets; anything else in the window is challenged.
            if (state == TcpState.TIME_WAIT) {
                layer.count("tcp.drop.rst_in_time_wait"); // RFC 1337: no TIME-WAIT assassination
            } else if (seq == rcvNxt) {
                layer.count("tcp.rx.rst");
                finish(state == TcpState.SYN_RECEIVED && listener != null ? null : Failure.RESET);
            } else if (Seq.inRange(seq, rcvNxt, rcvNxt + Math.max(wnd, 1))) {
                challengeAck(now);
            } else {
                layer.count("tcp.drop.rst_out_of_window");
            }
            return;
        }
        if ((flags & TcpSegment.SYN) != 0) {
            challengeAck(now); // RFC 5961 4.2: a SYN in a synchronized state, whatever its number
            return;
        }
        boolean acceptable;
        if (len == 0) {
            acceptable = wnd == 0 ? seq == rcvNxt : Seq.inRange(seq, rcvNxt, rcvNxt + wnd);
        } else {
            acceptable = wnd != 0 && (Seq.inRange(seq, rcvNxt, rcvNxt + wnd)
                    || Seq.inRange(seq + len - 1, rcvNxt, rcvNxt + wnd));
        }
        boolean ackOnly = false;
        if (!acceptable && tsEnabled && o.timestamps() && Seq.le(seq + len, rcvNxt) && Seq.ge(o.tsVal(), tsRecent)
                && Seq.le(seq, lastAckSent) && Seq.ge(seq, rcvNxt - rcvBuf.capacity())
                && (flags & TcpSegment.ACK) != 0 && Seq.le(seg.ack(), sndMax)
                && Seq.ge(seg.ack(), sndUna - Math.max(maxSndWnd, 1))) {
            // An old duplicate, sent again because our ACK was lost: echo its timestamp, not the
            // original's, or the peer's RTT sample would include its whole timeout (RFC 7323 4.3).
            // Only one that is plausible (within a window behind, with an acceptable ACK): a
            // blind segment must not be able to move TS.Recent and make PAWS drop the real ones.
            tsRecent = o.tsVal();
            tsRecentAt = now;
        }
        if (!acceptable && state == TcpState.TIME_WAIT && (flags & TcpSegment.FIN) != 0 && peerFin
                && seq + seg.payload().remaining() == peerFinSeq) {
            enterTimeWait(now); // the peer's FIN again: our ACK was lost; ack it, restart 2MSL
        }
        if (!acceptable) {
            int reach = rcvBuf.capacity() + 65535;
            boolean far = !Seq.inRange(seq, rcvNxt - reach, rcvNxt + reach);
            if (len == 0 && far && (flags & (TcpSegment.FIN | TcpSegment.SYN)) == 0
                    && now - lastOutOfWindowAck < OUT_OF_WINDOW_ACK_GAP) {
                // A pure ACK far outside the window is answered at most twice a second (as Linux's
                // tcp_invalid_ratelimit does): blind ACKs must not make us an ACK cannon, nor two confused ends an
                // endless ACK war. One just past the edge (a sender after a timeout, its SND.MAX beyond a small
                // window) and data out of the window (a retransmission whose ACK was lost) are always answered.
                layer.count("tcp.drop.out_of_window_ack_limited");
                return;
            }
            if (len == 0 && far) {
                lastOutOfWindowAck = now;
            }
            ackNow = true; // RFC 9293: an unacceptable segment is answered with an ACK and dropped
            if (!(wnd == 0 && seq == rcvNxt)) {
                layer.count("tcp.drop.out_of_window");
                return;
            }
            ackOnly = true; // zero window: still take its ACK and window (RFC 9293 3.10.7.4)
        }
        lastReceivedAt = now;
        keepProbes = 0;
        if ((flags & TcpSegment.ACK) == 0) {
            return;
        }
        // RFC 7323 4.3: remember the timestamp of the segment that holds the edge we last acked.
        if (tsEnabled && o.timestamps() && Seq.ge(o.tsVal(), tsRecent) && Seq.le(seq, lastAckSent)) {
            tsRecent = o.tsVal();
            tsRecentAt = now;
        }
        int ack = seg.ack();
        if (state == TcpState.SYN_RECEIVED) {
            if (Seq.lt(sndUna, ack) && Seq.le(ack, sndMax)) {
                if (listener != null && !listener.roomFor(this)) {
                    layer.count("tcp.drop.backlog_full"); // stay half-open; the peer retries
                    return;
                }
                state = finQueued ? TcpState.FIN_WAIT_1 : TcpState.ESTABLISHED;
                sndWnd = seg.window() << sndShift;
                maxSndWnd = Math.max(maxSndWnd, sndWnd);
                sndWl1 = seq;
                sndWl2 = ack;
                if (listener != null) {
                    listener.established(this);
                }
            } else {
                layer.sendReset(this, ack, 0, false);
                return;
            }
        }
        if (!processAck(seg, seq, ack, now)) {
            return;
        }
        if (!ackOnly) {
            receiveText(seg, seq, now);
        }
    }

    /** The ACK field of an acceptable segment; false when the segment must be dropped. */
    private boolean processAck(TcpSegment seg, int seq, int ack, long now) {
        if (Seq.gt(ack, sndMax)) {
            ackNow = true; // acknowledges something never sent
            layer.count("tcp.drop.ack_unsent");
            return false;
        }
        if (Seq.lt(ack, sndUna - Math.max(maxSndWnd, 1))) {
            challengeAck(now); // RFC 5961 5.2: far too old to be genuine
            return false;
        }
        int window = seg.window() << sndShift;
        boolean duplicate = ack == sndUna && seg.payload().remaining() == 0 && !seg.has(TcpSegment.FIN)
                && window == sndWnd && sndMax != sndUna;
        if (sackPermitted) {
            java.util.List<TcpOptions.SackBlock> blocks = seg.options().sackBlocks();
            if (scoreboard == null && !blocks.isEmpty()) {
                scoreboard = new SackScoreboard();
            }
            if (scoreboard != null) {
                int newlySacked = scoreboard.update(Seq.gt(ack, sndUna) ? ack : sndUna, sndMax, blocks);
                // RFC 6675 2 and 5: with SACK, an ACK is a duplicate when it SACKs something new,
                // whether or not it also moves the cumulative point
                duplicate = newlySacked > 0;
            }
        }
        boolean advanced = Seq.gt(ack, sndUna);
        if (advanced) {
            ackAdvances(ack, seg, now);
        }
        if (duplicate && (!advanced || sackPermitted) && sndMax != sndUna) {
            duplicateAck();
        }
        if (Seq.lt(sndWl1, seq) || sndWl1 == seq && Seq.le(sndWl2, ack)) {
            sndWnd = window;
            sndWl1 = seq;
            sndWl2 = ack;
            maxSndWnd = Math.max(maxSndWnd, sndWnd);
            persistAt = NONE; // output re-arms it if the window still holds data back
        }
        boolean finAcked = finQueued && Seq.gt(sndUna, finSeq);
        switch (state) {
            case FIN_WAIT_1 -> {
                if (finAcked) {
                    state = TcpState.FIN_WAIT_2;
                    if (readClosed) {
                        closeAt = now + config.finWait2Timeout(); // orphaned: do not wait forever
                    }
                }
            }
            case CLOSING -> {
                if (finAcked) {
                    enterTimeWait(now);
                }
            }
            case LAST_ACK -> {
                if (finAcked) {
                    finish(null);
                    return false;
                }
            }
            case TIME_WAIT -> {
                ackNow = true;
                enterTimeWait(now); // a retransmitted FIN: ack it, restart 2MSL
            }
            default -> { }
        }
        return true;
    }

    private void ackAdvances(int ack, TcpSegment seg, long now) {
        int flightBefore = sndMax - sndUna;
        int acked = ack - sndUna;
        if (Seq.gt(ack, bufSeq)) {
            int n = Math.min(ack - bufSeq, sndBuf.length());
            sndBuf.drop(n);
            bufSeq += n;
            bytesAcked += n;
        }
        sndUna = ack;
        if (Seq.lt(sndNxt, sndUna)) {
            sndNxt = sndUna;
        }
        TcpOptions o = seg.options();
        long sample = -1;
        if (tsEnabled && o.timestamps() && o.tsEcr() != 0) {
            sample = ((tsClock(now) - o.tsEcr()) & 0xffffffffL) * MS;
            if (sample > config.maxRto() * 4) {
                sample = -1; // an echo we never sent
            }
        } else if (timing && Seq.gt(ack, timedSeq)) {
            sample = now - timedAt;
        }
        if (timing && Seq.gt(ack, timedSeq)) {
            timing = false;
        }
        if (sample >= 0) {
            rtt.sample(sample);
        }
        rtt.resetBackoff();
        retries = 0;
        if (inRecovery) {
            if (Seq.ge(ack, recover)) {
                cc.setCwnd(Math.min(cc.ssthresh(), (sndMax - sndUna) + payloadMss())); // RFC 6582 3.2 (3)
                inRecovery = false;
                sackRecovery = false;
                dupAcks = 0;
            } else if (sackRecovery) {
                // RFC 6675: a partial ACK changes nothing by itself; output sends by pipe and NextSeg.
            } else {
                // Partial ACK: the next hole is lost too; resend it and deflate (RFC 6582 3.2 (5)).
                retransmitHead = true;
                int c = cc.cwnd() - acked;
                cc.setCwnd(acked >= payloadMss() ? c + payloadMss() : c);
            }
        } else {
            dupAcks = 0;
            // RFC 7661: a sender that did not fill its window learns nothing about the path, so the
            // window grows only while the flight used at least half of it (as Linux's is_cwnd_limited)
            if ((state.isSynchronized() || state == TcpState.SYN_RECEIVED) && 2L * flightBefore >= cc.cwnd()) {
                cc.onAck(acked, flightBefore, sample, now);
            }
        }
        unackedSince = sndUna == sndMax ? NONE : now;
        rtoAt = sndUna == sndMax ? NONE : now + rtt.rto();
        probeOut = false;
        armProbe(now);
    }

    /**
     * RFC 8985 7, tail loss probe: when the last segments of a flight or their ACK are lost, no
     * duplicate ACK ever comes and only the RTO (at least 200 ms) would help. After two round
     * trips of silence one segment is sent instead (new data, or the last one again), so that the
     * peer's answer, with its SACK blocks, starts fast recovery. Needs SACK (RFC 8985 2).
     */
    private void armProbe(long now) {
        if (!sackPermitted || probeOut || inRecovery || sndUna == sndMax || !rtt.measured()
                || !state.isSynchronized() || rtoAt == NONE) {
            probeAt = NONE;
            return;
        }
        long pto = Math.max(2 * rtt.srtt(), 10 * MS);
        if (sndMax - sndUna <= payloadMss()) {
            pto += config.delayedAck(); // one segment: the peer may be delaying its ACK (RFC 8985 7.2)
        }
        probeAt = now + pto < rtoAt ? now + pto : NONE;
    }

    private void duplicateAck() {
        duplicateAcks++;
        dupAcks++;
        if (inRecovery) {
            if (!sackRecovery) {
                cc.setCwnd(cc.cwnd() + payloadMss()); // inflation for each segment that left the network
            } // with SACK, pipe tells what left the network
        } else if (sackPermitted && scoreboard != null && Seq.ge(sndUna, recover)
                && (dupAcks >= SackScoreboard.DUP_THRESH || scoreboard.isLost(sndUna, sndUna, payloadMss()))) {
            // RFC 6675 5 (4): loss recovery with the scoreboard; cwnd = ssthresh, no inflation.
            cc.onLoss(sndMax - sndUna, 0);
            cc.setCwnd(cc.ssthresh());
            recover = sndMax;
            highRxt = sndUna;
            inRecovery = true;
            sackRecovery = true;
            retransmitHead = true; // HighACK + 1 goes first, lost or not (RFC 6675 5 (4.3))
            fastRetransmits++;
            timing = false;
        } else if (dupAcks == 3 && Seq.ge(sndUna, recover)) {
            // Fast retransmit (RFC 5681 3.2, RFC 6582 3.2 (2)).
            int flight = sndMax - sndUna;
            cc.onLoss(flight, 0);
            cc.setCwnd(cc.ssthresh() + 3 * payloadMss());
            recover = sndMax;
            inRecovery = true;
            retransmitHead = true;
            fastRetransmits++;
            timing = false;
        }
    }

    /** Data and FIN of an acceptable segment whose text starts at {@code seq}. */
    private void receiveText(TcpSegment seg, int seq, long now) {
        ByteBuffer data = seg.payload();
        int len = data.remaining();
        boolean fin = seg.has(TcpSegment.FIN);
        if (fin && !peerFinKnown) {
            peerFinKnown = true;
            peerFinSeq = seq + len;
        }
        boolean textState = state == TcpState.ESTABLISHED || state == TcpState.FIN_WAIT_1
                || state == TcpState.FIN_WAIT_2;
        if (len > 0 && textState && !peerFin) {
            if (readClosed) {
                pendingRst = true; // data for a socket nobody reads: reset (RFC 2525 2.17)
                failure = Failure.ABORTED;
                return;
            }
            int skip = Math.max(0, rcvNxt - seq);
            if (skip < len) {
                ByteBuffer d = data.duplicate();
                d.position(d.position() + skip);
                int offset = seq + skip - rcvNxt;
                int placed = offset == 0 ? placeDirectly(d) : 0;
                int advanced = placed + (d.hasRemaining() ? rcvBuf.write(offset, d) : 0);
                if (advanced < 0) {
                    layer.count("tcp.drop.too_many_holes");
                    ackNow = true;
                } else if (offset > 0) {
                    outOfOrder++;
                    if (sackPermitted) {
                        if (sackReporter == null) {
                            sackReporter = new SackReporter();
                        }
                        sackReporter.received(seq + skip);
                    }
                    dupAcksToSend = Math.min(dupAcksToSend + 1, 16); // a gap: duplicate ACK at once (RFC 5681 4.2)
                } else {
                    rcvNxt += advanced;
                    int target = tuner.onReceived(advanced, now, rtt.measured() ? Math.max(rtt.srtt(), MS) : 0);
                    if (target > rcvBuf.capacity() && layer.mayGrow(target - rcvBuf.capacity())) {
                        rcvBuf.grow(target);
                    }
                    bytesReceived += advanced;
                    bytesSinceAck += advanced;
                    if (advanced > len - skip || rcvBuf.hasOutOfOrder() || d.remaining() > rcvBuf.window()) {
                        ackNow = true; // filled a hole, or still has one, or the window is full
                    } else if (bytesSinceAck >= 2 * payloadMss() || config.delayedAck() == 0) {
                        ackNow = true; // every second full segment (RFC 5681 4.2)
                    } else if (delAckAt == NONE) {
                        delAckAt = now + config.delayedAck();
                    }
                }
            } else {
                ackNow = true; // all old: a retransmission, ack it
            }
        }
        if (peerFinKnown && !peerFin && rcvNxt == peerFinSeq) {
            peerFin = true;
            rcvNxt++;
            ackNow = true;
            switch (state) {
                case SYN_RECEIVED, ESTABLISHED -> state = TcpState.CLOSE_WAIT;
                case FIN_WAIT_1 -> {
                    if (Seq.gt(sndUna, finSeq)) {
                        enterTimeWait(now);
                    } else {
                        state = TcpState.CLOSING; // simultaneous close
                    }
                }
                case FIN_WAIT_2 -> enterTimeWait(now);
                default -> { }
            }
        }
    }

    private void enterTimeWait(long now) {
        state = TcpState.TIME_WAIT;
        closeAt = now + config.timeWait();
        rtoAt = NONE;
        persistAt = NONE;
        sndBuf.release();
    }

    private void challengeAck(long now) {
        if (layer.takeChallengeAck(now)) {
            challengeAcks++;
            layer.count("tcp.tx.challenge_ack");
            ackNow = true;
        }
    }

    private void finish(Failure f) {
        if (f != null && failure == null) {
            failure = f;
        }
        state = TcpState.CLOSED;
        layer.closed(this); // the layer forgets it at the end of the poll
        rtoAt = NONE;
        persistAt = NONE;
        delAckAt = NONE;
        closeAt = NONE;
        sndBuf.release();
        if (readClosed || rcvBuf.readable() == 0 && f != null) {
            rcvBuf.release();
        }
    }

    // ----- output

    int tsClock(long now) {
        return (int) (now / MS) + tsOffset;
    }

    long nextDeadline() {
        if (state == TcpState.CLOSED) {
            return NONE;
        }
        long d = Math.min(Math.min(Math.min(rtoAt, probeAt), delAckAt), Math.min(persistAt, closeAt));
        if (config.userTimeout() > 0 && unackedSince != NONE) {
            d = Math.min(d, unackedSince + config.userTimeout());
        }
        if (config.keepAlive() && keepAliveApplies()) {
            d = Math.min(d, lastReceivedAt + config.keepIdle() + keepProbes * config.keepInterval());
        }
        return d;
    }

    private boolean keepAliveApplies() {
        return (state == TcpState.ESTABLISHED || state == TcpState.CLOSE_WAIT) && sndUna == sndMax;
    }

    /** True when output would send something now. */
    boolean wantsOutput() {
        if (state == TcpState.CLOSED || held) {
            return false;
        }
        return ackNow || pendingRst || retransmitHead || dupAcksToSend > 0 || sndNxt == iss
                || state.isSynchronized() && (bufSeq + sndBuf.length() != sndNxt || finQueued && !Seq.gt(sndMax, finSeq));
    }

    /** Fires due timers and emits every segment that may go now. */
    void output(long now, Emitter out) {
        if (held) {
            if (closeAt <= now) {
                finish(null); // the application never decided: forget the SYN, as if it were lost
            }
            return;
        }
        if (state == TcpState.CLOSED) {
            return;
        }
        timers(now, out);
        if (state == TcpState.CLOSED) {
            return;
        }
        if (pendingRst) {
            pendingRst = false;
            emit(out, sndMax, TcpSegment.RST | TcpSegment.ACK, null, now);
            layer.count("tcp.tx.rst");
            finish(Failure.ABORTED);
            return;
        }
        if (state == TcpState.SYN_SENT || state == TcpState.SYN_RECEIVED) {
            if (sndNxt == iss) {
                sendSyn(now, out);
            } else if (ackNow && state == TcpState.SYN_RECEIVED) {
                ackNow = false; // nothing to say before our SYN is acknowledged
            }
            return;
        }
        boolean sent = false;
        // Pure ACKs carry the highest sequence number sent: after a timeout SND.NXT went back,
        // and the peer, which may hold everything up to SND.MAX, would find it out of window.
        for (; dupAcksToSend > 0; dupAcksToSend--) {
            emit(out, sndMax, TcpSegment.ACK, null, now);
            sent = true;
        }
        if (retransmitHead) {
            retransmitHead = false;
            int len = Math.min(segmentPayload(), Math.max(0, bufSeq + sndBuf.length() - sndUna));
            sendData(out, sndUna, len, now);
            if (sackRecovery) {
                highRxt = Seq.max(highRxt, sndUna + len);
            }
            sent = true;
        }
        if (probeNow) {
            probeNow = false;
            sent |= sendProbe(now, out);
        }
        if (sackRecovery) {
            sent |= sackRecoverySend(now, out);
        } else {
            sent |= sendNewData(now, out, false);
        }
        if ((ackNow || delAckAt <= now) && !sent && state != TcpState.CLOSED) {
            emit(out, sndMax, TcpSegment.ACK, null, now);
        }
    }

    private void timers(long now, Emitter out) {
        if (closeAt <= now) {
            finish(state == TcpState.SYN_SENT ? Failure.TIMED_OUT : null);
            return;
        }
        if (config.userTimeout() > 0 && unackedSince != NONE && now - unackedSince >= config.userTimeout()) {
            layer.count("tcp.abort.user_timeout");
            abortTimedOut();
            return;
        }
        if (rtoAt <= now) {
            probeAt = NONE;
            probeOut = false;
            retransmissionTimeout(now);
            if (state == TcpState.CLOSED || pendingRst) {
                return;
            }
        }
        if (probeAt <= now) {
            probeAt = NONE;
            probeOut = true;
            probeNow = true;
            rtoAt = now + rtt.rto(); // RFC 8985 7.3: the RTO runs again from the probe
        }
        if (persistAt <= now) {
            zeroWindowProbes++;
            persistBackoff++;
            emit(out, sndUna - 1, TcpSegment.ACK, null, now); // old sequence number: the peer must answer
            persistAt = NONE;
        }
        if (config.keepAlive() && keepAliveApplies()
                && now >= lastReceivedAt + config.keepIdle() + keepProbes * config.keepInterval()) {
            if (keepProbes >= config.keepCount()) {
                layer.count("tcp.abort.keepalive");
                abortTimedOut();
                return;
            }
            keepProbes++;
            keepAliveProbes++;
            emit(out, sndUna - 1, TcpSegment.ACK, null, now);
        }
    }

    private void abortTimedOut() {
        failure = Failure.TIMED_OUT;
        if (state.isSynchronized() || state == TcpState.SYN_RECEIVED) {
            pendingRst = true;
        } else {
            finish(Failure.TIMED_OUT);
        }
    }

    private void retransmissionTimeout(long now) {
        timeouts++;
        layer.count("tcp.rto");
        timing = false;
        if (state == TcpState.SYN_SENT || state == TcpState.SYN_RECEIVED) {
            if (retries >= config.synRetries()) {
                finish(Failure.TIMED_OUT);
                return;
            }
            sndNxt = iss;
        } else {
            if (retries >= config.maxRetransmissions()) {
                layer.count("tcp.abort.retransmissions");
                abortTimedOut();
                return;
            }
            cc.onTimeout(sndMax - sndUna, now);
            inRecovery = false;
            sackRecovery = false;
            if (scoreboard != null && retries > 0) {
                // A second timeout for the same data: the peer may have reneged on its SACKs, so
                // forget them (RFC 2018 8). After the first, resending skips what it SACKed, as Linux does.
                scoreboard.clear();
            }
            dupAcks = 0;
            recover = sndMax; // no fast retransmit for what was sent before the timeout (RFC 6582 4)
            sndNxt = sndUna; // go back: resend from the first unacknowledged byte
            retransmitHead = false;
        }
        retries++;
        rtt.backOff();
        rtoAt = now + rtt.rto();
    }

    private void sendSyn(long now, Emitter out) {
        boolean synAck = state == TcpState.SYN_RECEIVED;
        if (sndMax != iss) {
            retransmits++;
        }
        boolean ws = synAck ? wsEnabled : config.windowScaling();
        boolean ts = synAck ? tsEnabled : config.timestamps();
        boolean sack = synAck ? sackPermitted : config.sack();
        TcpOptions o = new TcpOptions(ourMss, ws ? config.windowShift() : -1, sack, ts, ts ? tsClock(now) : 0,
                ts && synAck ? tsRecent : 0, List.of());
        int window = Math.min(rcvBuf.window(), 65535);
        rcvAdvRight = rcvNxt + window;
        segmentsOut++;
        lastAckSent = rcvNxt;
        out.emit(this, iss, synAck ? rcvNxt : 0, TcpSegment.SYN | (synAck ? TcpSegment.ACK : 0), window, o, null);
        ackNow = false;
        sndNxt = iss + 1;
        sndMax = Seq.max(sndMax, sndNxt);
        if (rtoAt == NONE) {
            rtoAt = now + rtt.rto();
        }
        if (!timing && retries == 0) {
            timing = true;
            timedSeq = iss;
            timedAt = now;
        }
    }

    /** The tail loss probe: one new segment if the windows allow, else the last one again. */
    private boolean sendProbe(long now, Emitter out) {
        tailProbes++;
        layer.count("tcp.tx.tail_probe");
        int before = sndMax;
        if (sendNewData(now, out, true) && sndMax != before) {
            return true;
        }
        int dataEnd = bufSeq + sndBuf.length();
        int end = Seq.lt(sndMax, dataEnd) ? sndMax : dataEnd;
        int len = Math.min(segmentPayload(), Math.max(0, end - sndUna));
        if (len > 0 || finQueued && Seq.gt(sndMax, finSeq)) {
            sendData(out, end - len, len, now);
            return true;
        }
        return false;
    }

    /**
     * RFC 6675 5 (C): while cwnd - pipe leaves room for a segment, send what NextSeg names: a lost
     * hole (rule 1), new data (rule 2), or any hole below the highest SACK (rule 3).
     */
    private boolean sackRecoverySend(long now, Emitter out) {
        boolean sent = false;
        int mss = payloadMss();
        for (int guard = 0; guard < 4096; guard++) {
            int pipe = scoreboard.pipe(sndUna, sndMax, highRxt, mss);
            if (cc.cwnd() - pipe < mss) {
                break;
            }
            long hole = scoreboard.nextHole(sndUna, highRxt, mss, false);
            if (hole == SackScoreboard.NO_HOLE) {
                int before = sndMax;
                if (sendNewData(now, out, true) && sndMax != before) {
                    sent = true;
                    continue;
                }
                hole = scoreboard.nextHole(sndUna, highRxt, mss, true);
                if (hole == SackScoreboard.NO_HOLE) {
                    break;
                }
            }
            int seq = SackScoreboard.holeSeq(hole);
            int len = Math.min(SackScoreboard.holeLength(hole), segmentPayload()); // in recovery SACK blocks ride along
            sendData(out, seq, len, now);
            highRxt = seq + len;
            sent = true;
        }
        return sent;
    }

    /**
     * New (or, after a timeout, resent) data from SND.NXT within the windows; true when sent.
     * {@code one}: a single segment, the congestion window already checked by the caller (pipe).
     */
    private boolean sendNewData(long now, Emitter out, boolean one) {
        boolean sent = false;
        int dataEnd = bufSeq + sndBuf.length();
        while (true) {
            int limit = dataEnd;
            int sacked = 0;
            if (scoreboard != null && !scoreboard.isEmpty() && Seq.lt(sndNxt, sndMax)) {
                // Going back after a timeout: what the peer SACKed is not sent again (nor counted in flight).
                int skipTo = scoreboard.sackedEnd(sndNxt);
                if (skipTo != sndNxt) {
                    sndNxt = skipTo;
                    continue;
                }
                limit = scoreboard.nextSackedStart(sndNxt, dataEnd);
                sacked = scoreboard.sackedBetween(sndUna, sndNxt);
            }
            int flight = sndNxt - sndUna - sacked;
            int avail = limit - sndNxt;
            if (avail <= 0) {
                if (finQueued && sndNxt == finSeq) {
                    sendData(out, sndNxt, 0, now); // FIN alone; it needs no window
                    sent = true;
                }
                break;
            }
            int mss = payloadMss();
            int seg = segmentPayload();
            int len = Math.min(avail, one ? seg : runLimit(seg));
            // Limited transmit (RFC 3042): the first two duplicate ACKs each let one new segment
            // out beyond cwnd, so that a small window still gathers three of them.
            int allowance = inRecovery ? 0 : Math.min(dupAcks, 2) * mss;
            if (len > mss) {
                // a run for the device to cut up: as many whole segments as the congestion and peer windows allow
                int fit = Math.min(len, Math.min(cc.cwnd() + allowance - flight, sndWnd - (sndNxt - sndUna)));
                len = fit >= len ? len : Math.min(avail, Math.max(seg, fit / seg * seg));
            }
            if (!one && cc.cwnd() + allowance - flight < len && flight > 0) {
                break; // the congestion window is full: wait for ACKs (never split a segment for it)
            }
            int room = sndWnd - (sndNxt - sndUna); // the peer's window counts from SND.UNA, SACKed or not
            if (room < len) {
                // Sender-side silly window avoidance (RFC 9293 3.8.6.2.1): a partial segment only
                // when it is at least half the largest window the peer ever offered.
                if (room > 0 && room >= maxSndWnd / 2) {
                    len = room;
                } else {
                    if (flight == 0 && persistAt == NONE && rtoAt == NONE) {
                        persistAt = now + Math.min(rtt.rto() << Math.min(persistBackoff, 20), config.maxRto());
                    }
                    break;
                }
            }
            if (len < seg && nagle && flight > 0 && Seq.gt(lastSmallEnd, sndUna)
                    && !(finQueued && sndNxt + len == finSeq)) {
                break; // Nagle (Minshall): one small segment in flight at a time
            }
            sendData(out, sndNxt, len, now);
            sent = true;
            if (one) {
                break;
            }
        }
        return sent;
    }

    /** Emits [seq, seq+len) with FIN when it ends where FIN belongs; advances SND.NXT if from it. */
    private void sendData(Emitter out, int seq, int len, long now) {
        int end = seq + len;
        boolean fin = finQueued && end == finSeq;
        boolean retransmission = Seq.lt(seq, sndMax);
        int flags = TcpSegment.ACK | (fin ? TcpSegment.FIN : 0)
                | (len > 0 && end == bufSeq + sndBuf.length() ? TcpSegment.PSH : 0);
        if (len > 0) {
            emitData(out, seq, flags, seq - bufSeq, len, now); // the payload goes from the ring into the frame
        } else {
            emit(out, seq, flags, null, now);
        }
        if (retransmission) {
            retransmits++;
            bytesRetransmitted += len;
            layer.count("tcp.tx.retransmit");
            timing = false; // Karn: a retransmitted segment gives no sample
        } else if (!timing && len > 0) {
            timing = true;
            timedSeq = seq;
            timedAt = now;
        }
        bytesSent += len;
        if (len > 0 && len % segmentPayload() != 0) {
            lastSmallEnd = end; // a run for the device to cut up ends in a small segment too
        }
        if (len > 0) {
            persistBackoff = 0; // the window opened
        }
        int next = end + (fin ? 1 : 0);
        if (seq == sndNxt || Seq.gt(next, sndNxt) && Seq.le(seq, sndNxt)) {
            sndNxt = next;
        }
        sndMax = Seq.max(sndMax, next);
        if (rtoAt == NONE) {
            rtoAt = now + rtt.rto();
        }
        if (!retransmission && !probeOut) {
            armProbe(now); // every new segment moves the probe back (RFC 8985 7.2)
        }
        if (unackedSince == NONE) {
            unackedSince = now;
        }
        persistAt = NONE;
    }

    /** Every segment but SYNs: ACK, window and timestamps filled in here. */
    private void emit(Emitter out, int seq, int flags, ByteBuffer payload, long now) {
        int field = windowField();
        TcpOptions o = segmentOptions(now);
        segmentsOut++;
        out.emit(this, seq, rcvNxt, flags, field, o, payload);
        acked();
    }

    private void emitData(Emitter out, int seq, int flags, int offset, int len, long now) {
        int field = windowField();
        TcpOptions o = segmentOptions(now);
        segmentsOut++;
        out.emitData(this, seq, rcvNxt, flags, field, o, sndBuf, offset, len);
        acked();
    }

    /** Our ACK went out: no delayed or pending ACK is owed any more. */
    private void acked() {
        lastAckSent = rcvNxt;
        ackNow = false;
        delAckAt = NONE;
        bytesSinceAck = 0;
    }

    private TcpOptions segmentOptions(long now) {
        TcpOptions o;
        if (sackPermitted && rcvBuf.hasOutOfOrder() && sackReporter != null) {
            // RFC 2018: what we hold beyond the hole; three blocks fit beside timestamps, four without
            o = new TcpOptions(-1, -1, false, tsEnabled, tsEnabled ? tsClock(now) : 0, tsEnabled ? tsRecent : 0,
                    sackReporter.blocks(rcvBuf, rcvNxt, tsEnabled ? 3 : 4));
            layer.count("tcp.tx.with_sack");
        } else {
            o = tsEnabled ? TcpOptions.NONE.withTimestamps(tsClock(now), tsRecent) : TcpOptions.NONE;
        }
        return o;
    }

    /**
     * The window field: the free space, but its right edge moves only by at least
     * min(half the buffer, one MSS) (receiver SWS avoidance, RFC 9293 3.8.6.2.2) and never left.
     */
    private int windowField() {
        int possibleRight = rcvNxt + ((rcvBuf.window() >> rcvShift) << rcvShift);
        if (Seq.gt(possibleRight, rcvAdvRight)
                && (possibleRight - rcvAdvRight >= Math.min(rcvBuf.capacity() / 2, ourMss)
                        || rcvAdvRight == rcvNxt && possibleRight - rcvNxt >= Math.min(rcvBuf.capacity() / 2, ourMss))) {
            rcvAdvRight = possibleRight;
        }
        if (Seq.lt(rcvAdvRight, rcvNxt)) {
            rcvAdvRight = rcvNxt;
        }
        return Math.min((rcvAdvRight - rcvNxt) >> rcvShift, 65535); // rounded down (RFC 7323 2.4)
    }

    /** An ss -ti line's worth of figures. */
    public TcpStats stats() {
        return new TcpStats(state, rtt.srtt(), rtt.rttvar(), rtt.rto(), rtt.backoffCount(), cc.cwnd(),
                cc.ssthresh(), payloadMss(), sndWnd, rcvAdvRight - rcvNxt, wsEnabled ? sndShift : -1,
                wsEnabled ? rcvShift : -1, tsEnabled, sackPermitted, cc.name(), bytesSent, bytesRetransmitted,
                bytesAcked, bytesReceived, segmentsOut, segmentsIn, retransmits, fastRetransmits, timeouts,
                duplicateAcks, outOfOrder, pawsDrops, challengeAcks, zeroWindowProbes, keepAliveProbes,
                sndMax - sndUna, sndBuf.length(), rcvBuf.readable());
    }

    /**
     * Grows whenever a segment comes in or goes out, or the application reads: with {@link #state()}, what tells
     * the application's handle that nothing it mirrors (bytes readable, the state) can have changed since it looked.
     */
    public long changeStamp() {
        return segmentsIn + segmentsOut + applicationReads;
    }

    /** Bytes of buffer this connection holds now. */
    long memory() {
        return sndBuf.held() + rcvBuf.held();
    }

    long createdAt() {
        return createdAt;
    }

    @Override
    public String toString() {
        return localAddress + ":" + localPort + " " + remoteAddress + ":" + remotePort + " " + state;
    }
}
