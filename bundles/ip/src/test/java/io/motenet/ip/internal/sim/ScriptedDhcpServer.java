package io.motenet.ip.internal.sim;

import io.motenet.ip.internal.iface.Stack;
import io.motenet.ip.internal.socket.UdpSocket;
import io.motenet.ip.internal.wire.DhcpMessage;
import io.motenet.ip.internal.wire.Ipv4Address;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A DHCP server for simulations, running on a motenet stack's UDP socket (port 67): it offers one
 * address and answers per its script — answer, stay silent, or NAK — separately for broadcast and
 * unicast requests, so that a test can walk a client through renew, rebind, expiry and NAK.
 * Replies are broadcast (as for a client that set the broadcast flag).
 */
public final class ScriptedDhcpServer {
    /** What to do with a REQUEST. */
    public enum Answer { ACK, NAK, SILENT }

    public final Ipv4Address serverAddress;
    public Ipv4Address offered;
    public long leaseSeconds = 120;
    public long t1 = -1;
    public long t2 = -1;
    public int mtu = 1400;
    public Ipv4Address router;
    public List<Ipv4Address> dns = List.of();
    public boolean offers = true;
    public Answer unicastRequests = Answer.ACK;
    public Answer broadcastRequests = Answer.ACK;
    /** Every message received, in order, with the time it was read. */
    public final List<Received> log = new ArrayList<>();

    public record Received(long at, DhcpMessage message, Ipv4Address from) {
    }

    private final UdpSocket socket;

    public ScriptedDhcpServer(Stack stack, Ipv4Address serverAddress, Ipv4Address offered) {
        this.serverAddress = serverAddress;
        this.offered = offered;
        this.router = serverAddress;
        this.socket = stack.bindUdp(null, DhcpMessage.SERVER_PORT);
    }

    /** Reads what arrived and queues the answers; call between polls of the server's stack. */
    public void serve(long now) {
        UdpSocket.Datagram d;
        while ((d = socket.receive()) != null) {
            DhcpMessage m = DhcpMessage.parse(ByteBuffer.wrap(d.data()));
            log.add(new Received(now, m, d.remote()));
            boolean unicast = !d.local().isBroadcast(); // RENEWING is unicast, REBINDING broadcast
            switch (m.messageType()) {
                case DhcpMessage.DISCOVER -> {
                    if (offers) {
                        reply(m, DhcpMessage.OFFER);
                    }
                }
                case DhcpMessage.REQUEST -> {
                    Answer a = unicast ? unicastRequests : broadcastRequests;
                    Ipv4Address wanted = m.requestedIp() != null ? m.requestedIp() : m.ciaddr();
                    if (a == Answer.ACK && !wanted.equals(offered)) {
                        a = Answer.NAK; // the client asks for an address that is not its own
                    }
                    switch (a) {
                        case ACK -> reply(m, DhcpMessage.ACK);
                        case NAK -> reply(m, DhcpMessage.NAK);
                        case SILENT -> { }
                    }
                }
                case DhcpMessage.DECLINE -> // someone else has it: offer the next address from now on
                        offered = new Ipv4Address(offered.bits() + 1);
                default -> { }
            }
        }
    }

    private void reply(DhcpMessage request, int type) {
        DhcpMessage.Builder b = new DhcpMessage.Builder(DhcpMessage.BOOTREPLY, request.xid(), request.chaddr())
                .messageType(type).serverId(serverAddress);
        if (type != DhcpMessage.NAK) {
            b.yiaddr(offered).subnetMask(Ipv4Address.parse("255.255.255.0")).leaseTime(t1, t2, leaseSeconds)
                    .dnsServers(dns).mtu(mtu).hostname("mote-sim");
            if (router != null) {
                b.routers(List.of(router));
            }
        } else {
            b.message("address not yours");
        }
        DhcpMessage reply = b.build();
        ByteBuffer out = ByteBuffer.allocate(reply.maxLength());
        reply.emit(out);
        byte[] bytes = new byte[out.position()];
        out.flip().get(bytes);
        socket.send(Ipv4Address.BROADCAST, DhcpMessage.CLIENT_PORT, bytes);
    }

    public List<DhcpMessage> requests() {
        return log.stream().map(Received::message).filter(m -> m.messageType() == DhcpMessage.REQUEST).toList();
    }
}
