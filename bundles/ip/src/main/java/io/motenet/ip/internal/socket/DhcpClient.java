package io.motenet.ip.internal.socket;

import io.motenet.ip.internal.wire.DhcpMessage;
import io.motenet.ip.internal.wire.Ipv4Address;
import io.motenet.link.MacAddress;
import java.util.random.RandomGenerator;

/**
 * The DHCPv4 client state machine of RFC 2131 (section 4.4, figure 5), without I/O and without a
 * clock: the loop passes messages in with {@link #receive}, takes messages out with
 * {@link #poll}, and calls again at {@link #nextDeadline()}.
 *
 * <p>Timers follow the RFC: retransmission with exponential back-off from 4 s to 64 s and one
 * second of random jitter (4.1); renewal at T1 by unicast to the server, rebinding at T2 by
 * broadcast, each retransmitted at half the time remaining and at least 60 s apart (4.4.5); the
 * lease dropped at expiry. When the link comes back with an unexpired lease the client asks to
 * keep it (INIT-REBOOT, 3.2); when nobody answers, it goes on using it until its timers say
 * otherwise, as 3.2 allows.
 */
public final class DhcpClient {
    public enum State { INIT, SELECTING, REQUESTING, CHECKING, BOUND, RENEWING, REBINDING, REBOOTING, LINK_DOWN, STOPPED }

    /** Told when a lease is gained, changed, renewed with the same data, or lost (then {@code now} is null). */
    public interface Listener {
        void leaseChanged(DhcpLease old, DhcpLease now);
    }

    /**
     * What to send: a DHCP message from {@code src} (0.0.0.0 before a lease) to {@code dst}, or,
     * when {@code probe} is set, an ARP probe for that address (RFC 5227: sender address 0.0.0.0).
     */
    public record Outgoing(DhcpMessage message, Ipv4Address src, Ipv4Address dst, Ipv4Address probe) {
        Outgoing(DhcpMessage message, Ipv4Address src, Ipv4Address dst) {
            this(message, src, dst, null);
        }
    }

    /** How long to listen for another owner of an offered address after the probe (RFC 2131 4.4.1). */
    public static final long CHECK_NANOS = 500_000_000L;
    /** RFC 2131 3.1 item 5: wait at least ten seconds after a DECLINE before starting over. */
    static final long DECLINE_BACKOFF = 10_000_000_000L;

    static final long SECOND = 1_000_000_000L;
    static final int MAX_REQUESTS = 4;
    public static final int MAX_REBOOT_REQUESTS = 3;
    private static final byte[] PARAMETERS = {1, 3, 6, 12, 26, 51, 54, 58, 59};

    private final java.util.function.Supplier<MacAddress> mac; // the device may change under the interface
    private final String hostname;
    private final RandomGenerator random;
    private final Listener listener;

    private State state = State.STOPPED;
    private int xid;
    private int attempts;
    private long nextSendAt = Long.MAX_VALUE;
    private long startedAt;
    private long requestSentAt;
    private DhcpMessage offer;
    private DhcpMessage pendingAck;
    private long checkUntil;
    private long declines;
    private DhcpLease lease;
    private long naks;
    private long ignored;

    public DhcpClient(java.util.function.Supplier<MacAddress> mac, String hostname, RandomGenerator random, Listener listener) {
        this.mac = mac;
        this.hostname = hostname;
        this.random = random;
        this.listener = listener;
    }

    public State state() {
        return state;
    }

    public DhcpLease lease() {
        return lease;
    }

    public long naks() {
        return naks;
    }

    /** Offered addresses declined because another host answered for them. */
    public long declines() {
        return declines;
    }

    /** The address being checked for another owner before use, or null. */
    public Ipv4Address probing() {
        return state == State.CHECKING ? pendingAck.yiaddr() : null;
    }

    /**
     * Someone else uses the address under check (an ARP packet from it, or another host's probe
     * for it): decline it to the server and start over after ten seconds.
     */
    public Outgoing conflict(long now) {
        if (state != State.CHECKING) {
            return null;
        }
        declines++;
        DhcpMessage ack = pendingAck;
        pendingAck = null;
        state = State.INIT;
        nextSendAt = now + DECLINE_BACKOFF;
        DhcpMessage decline = new DhcpMessage.Builder(DhcpMessage.BOOTREQUEST, xid, mac.get())
                .messageType(DhcpMessage.DECLINE).requestedIp(ack.yiaddr()).serverId(ack.serverId())
                .message("address in use").build();
        return broadcast(decline);
    }

    /** Messages ignored: other transaction, missing fields, a reply that does not fit the state. */
    public long ignored() {
        return ignored;
    }

    /** Starts discovery now (with the link up). */
    public void start(long now) {
        enterInit(now);
    }

    /**
     * The DHCPRELEASE that gives the lease back (RFC 2131 4.4.6), or null when no lease is held: unicast from the
     * leased address to the server that granted it, with the address in ciaddr, the server identifier and a
     * message, nothing else (table 5). Send it, then {@link #stop()}: the address must still be configured while
     * the release leaves.
     */
    public Outgoing release() {
        DhcpLease l = lease;
        if (l == null || !(state == State.BOUND || state == State.RENEWING || state == State.REBINDING)) {
            return null;
        }
        DhcpMessage m = new DhcpMessage.Builder(DhcpMessage.BOOTREQUEST, random.nextInt(), mac.get())
                .messageType(DhcpMessage.RELEASE).ciaddr(l.address()).serverId(l.server())
                .message("the interface stops").build();
        return new Outgoing(m, l.address(), l.server());
    }

    /** Forgets everything and sends nothing more (the configuration switched to static). */
    public void stop() {
        state = State.STOPPED;
        nextSendAt = Long.MAX_VALUE;
        setLease(null);
    }

    public void linkDown(long now) {
        if (state != State.STOPPED) {
            state = State.LINK_DOWN;
            nextSendAt = Long.MAX_VALUE;
        }
    }

    public void linkUp(long now) {
        if (state != State.LINK_DOWN) {
            return;
        }
        if (lease != null && now < lease.expiresAt()) {
            state = State.REBOOTING;
            xid = random.nextInt();
            attempts = 0;
            nextSendAt = now;
        } else {
            enterInit(now);
        }
    }

    public long nextDeadline() {
        long d = nextSendAt;
        if (lease != null && state != State.STOPPED) {
            d = Math.min(d, lease.expiresAt());
        }
        return d;
    }

    /** The message due now, if any; call until it returns null. */
    public Outgoing poll(long now) {
        if (lease != null && now >= lease.expiresAt() && state != State.STOPPED) {
            setLease(null); // expired: the address must not be used a moment longer
            enterInit(now);
        }
        if (now < nextSendAt) {
            return null;
        }
        return switch (state) {
            case INIT -> {
                state = State.SELECTING;
                xid = random.nextInt();
                attempts = 0;
                startedAt = now;
                yield discover(now);
            }
            case SELECTING -> discover(now);
            case REQUESTING -> {
                if (attempts >= MAX_REQUESTS) {
                    enterInit(now);
                    yield poll(now);
                }
                yield request(now);
            }
            case CHECKING -> {
                if (now >= checkUntil) { // nobody answered for the address: it is ours
                    DhcpMessage ack = pendingAck;
                    pendingAck = null;
                    bind(ack, now);
                    yield null;
                }
                nextSendAt = checkUntil;
                yield new Outgoing(null, Ipv4Address.UNSPECIFIED, Ipv4Address.BROADCAST, pendingAck.yiaddr());
            }
            case BOUND -> { // T1 reached
                state = State.RENEWING;
                xid = random.nextInt();
                yield renew(now);
            }
            case RENEWING -> now >= lease.rebindAt() ? rebindNow(now) : renew(now);
            case REBINDING -> rebind(now);
            case REBOOTING -> {
                if (attempts >= MAX_REBOOT_REQUESTS) {
                    resumeLease(now); // nobody answered: keep using the unexpired lease (RFC 2131 3.2)
                    yield poll(now);
                }
                yield reboot(now);
            }
            case LINK_DOWN, STOPPED -> {
                nextSendAt = Long.MAX_VALUE;
                yield null;
            }
        };
    }

    public void receive(DhcpMessage m, long now) {
        if (m.op() != DhcpMessage.BOOTREPLY || m.xid() != xid || !mac.get().equals(m.chaddr())) {
            ignored++;
            return;
        }
        switch (state) {
            case SELECTING -> {
                if (m.messageType() == DhcpMessage.OFFER && usableUnicast(m.yiaddr()) && m.serverId() != null) {
                    offer = m;
                    state = State.REQUESTING;
                    attempts = 0;
                    nextSendAt = now;
                } else {
                    ignored++;
                }
            }
            case REQUESTING, RENEWING, REBINDING, REBOOTING -> {
                if (m.messageType() == DhcpMessage.ACK && state == State.REQUESTING && usableUnicast(m.yiaddr())
                        && m.leaseTime() >= 0) {
                    state = State.CHECKING; // a new address: make sure nobody has it (RFC 2131 4.4.1)
                    pendingAck = m;
                    checkUntil = now + CHECK_NANOS;
                    nextSendAt = now;
                } else if (m.messageType() == DhcpMessage.ACK) {
                    bind(m, now);
                } else if (m.messageType() == DhcpMessage.NAK) {
                    naks++;
                    setLease(null);
                    enterInit(now);
                } else {
                    ignored++;
                }
            }
            default -> ignored++;
        }
    }

    private void bind(DhcpMessage ack, long now) {
        if (!usableUnicast(ack.yiaddr()) || ack.leaseTime() < 0) {
            ignored++; // an ACK without a usable address or a lease time is not a lease
            return;
        }
        Ipv4Address server = ack.serverId() != null ? ack.serverId()
                : lease != null ? lease.server() : offer != null ? offer.serverId() : Ipv4Address.UNSPECIFIED;
        long leaseSec = ack.leaseTime();
        boolean infinite = leaseSec == 0xffffffffL;
        long t1 = ack.renewalTime() >= 0 ? ack.renewalTime() : leaseSec / 2;
        long t2 = ack.rebindingTime() >= 0 ? ack.rebindingTime() : leaseSec * 7 / 8;
        // Times count from when the request went out (RFC 2131 4.4.1), not from the ACK.
        long base = requestSentAt;
        int prefix = ack.subnetMask() != null ? ack.subnetMask().prefixLengthOfMask() : classfulPrefix(ack.yiaddr());
        if (prefix < 0) {
            prefix = classfulPrefix(ack.yiaddr());
        }
        DhcpLease l = new DhcpLease(ack.yiaddr(), prefix, ack.routers(), ack.dnsServers(), server, leaseSec,
                ack.mtu(), ack.hostname(), now,
                infinite ? Long.MAX_VALUE : base + Math.min(t1, t2) * SECOND,
                infinite ? Long.MAX_VALUE : base + Math.min(t2, leaseSec) * SECOND,
                infinite ? Long.MAX_VALUE : base + leaseSec * SECOND);
        state = State.BOUND;
        offer = null;
        nextSendAt = l.renewAt();
        setLease(l);
    }

    /** A server may not hand out 0.0.0.0, broadcast, multicast, loopback or class E addresses. */
    static boolean usableUnicast(Ipv4Address a) {
        int first = a.bits() >>> 24;
        return !a.isUnspecified() && !a.isLoopback() && first != 0 && first < 224;
    }

    private static int classfulPrefix(Ipv4Address a) {
        int first = a.bits() >>> 24;
        return first < 128 ? 8 : first < 192 ? 16 : 24;
    }

    private void resumeLease(long now) {
        if (now >= lease.rebindAt()) {
            state = State.REBINDING;
        } else if (now >= lease.renewAt()) {
            state = State.RENEWING;
        } else {
            state = State.BOUND;
        }
        nextSendAt = state == State.BOUND ? lease.renewAt() : now;
    }

    private void enterInit(long now) {
        state = State.INIT;
        offer = null;
        nextSendAt = now;
    }

    private void setLease(DhcpLease l) {
        DhcpLease old = lease;
        lease = l;
        if (old != null || l != null) {
            listener.leaseChanged(old, l);
        }
    }

    private long backoff() {
        long base = Math.min(64, 4L << Math.min(attempts, 4)) * SECOND;
        return base + random.nextLong(-SECOND, SECOND + 1); // RFC 2131 4.1: +/- 1 s of jitter
    }

    private DhcpMessage.Builder message(int type, long now) {
        long secs = Math.min(0xffff, Math.max(0, (now - startedAt) / SECOND));
        DhcpMessage.Builder b = new DhcpMessage.Builder(DhcpMessage.BOOTREQUEST, xid, mac.get()).messageType(type)
                .secs((int) secs).parameterRequestList(PARAMETERS);
        if (hostname != null && !hostname.isEmpty()) {
            b.hostname(hostname);
        }
        return b;
    }

    private Outgoing discover(long now) {
        nextSendAt = now + backoff();
        attempts++;
        return broadcast(message(DhcpMessage.DISCOVER, now).build());
    }

    private Outgoing request(long now) {
        requestSentAt = now;
        nextSendAt = now + backoff();
        attempts++;
        return broadcast(message(DhcpMessage.REQUEST, now).requestedIp(offer.yiaddr()).serverId(offer.serverId())
                .build());
    }

    private Outgoing reboot(long now) {
        requestSentAt = now;
        nextSendAt = now + backoff();
        attempts++;
        return broadcast(message(DhcpMessage.REQUEST, now).requestedIp(lease.address()).build());
    }

    private Outgoing renew(long now) {
        requestSentAt = now;
        nextSendAt = Math.min(lease.rebindAt(), now + Math.max(60 * SECOND, (lease.rebindAt() - now) / 2));
        DhcpMessage m = message(DhcpMessage.REQUEST, now).ciaddr(lease.address()).build();
        return new Outgoing(m, lease.address(), lease.server());
    }

    private Outgoing rebindNow(long now) {
        state = State.REBINDING;
        xid = random.nextInt();
        return rebind(now);
    }

    private Outgoing rebind(long now) {
        requestSentAt = now;
        nextSendAt = Math.min(lease.expiresAt(), now + Math.max(60 * SECOND, (lease.expiresAt() - now) / 2));
        DhcpMessage m = message(DhcpMessage.REQUEST, now).ciaddr(lease.address()).build();
        return new Outgoing(m, lease.address(), Ipv4Address.BROADCAST);
    }

    private static Outgoing broadcast(DhcpMessage m) {
        return new Outgoing(m, Ipv4Address.UNSPECIFIED, Ipv4Address.BROADCAST);
    }
}
