package io.motenet.ip.internal.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.motenet.ip.internal.iface.Route;
import io.motenet.ip.internal.socket.DhcpClient;
import io.motenet.ip.internal.socket.DhcpLease;
import io.motenet.ip.internal.socket.IcmpEchoSocket;
import io.motenet.ip.internal.sim.ScriptedDhcpServer.Answer;
import io.motenet.ip.internal.wire.DhcpMessage;
import io.motenet.ip.internal.wire.Ipv4Address;
import io.motenet.link.NetworkDevice;
import io.motenet.link.internal.fault.FaultPlan;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A DHCP client on the vswitch against a scripted server, in simulated time (RFC 2131). */
class DhcpSimulationTest {
    static final Ipv4Address SERVER = Sim.ip("10.9.0.1");
    static final Ipv4Address OFFERED = Sim.ip("10.9.0.77");

    final List<DhcpLease> events = new ArrayList<>();
    Sim sim;
    SimHost server;
    ScriptedDhcpServer dhcpd;
    SimHost client;
    DhcpClient dhcp;

    void setUp(long seed, FaultPlan clientFaults) {
        sim = new Sim(seed);
        server = sim.host("server", "10.9.0.1/24");
        dhcpd = new ScriptedDhcpServer(server.stack, SERVER, OFFERED);
        dhcpd.dns = List.of(Sim.ip("10.9.0.53"), Sim.ip("10.9.0.54"));
        server.afterPoll = () -> dhcpd.serve(sim.now());
        client = sim.host("client", null, clientFaults);
        client.stack.addListener(i -> events.add(i.dhcp() == null ? null : i.dhcp().lease()));
        dhcp = client.stack.enableDhcp("eth0", "mote", sim.now());
        client.kick();
    }

    void setUp(long seed) {
        setUp(seed, FaultPlan.NONE);
    }

    long seconds() {
        return sim.now() / Sim.SECOND;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void discoverOfferRequestAckConfiguresTheInterface(long seed) {
        setUp(seed);
        sim.run(1);
        assertEquals(DhcpClient.State.BOUND, dhcp.state());
        DhcpLease l = dhcp.lease();
        assertEquals(OFFERED, l.address());
        assertEquals(24, l.prefixLength());
        assertEquals(List.of(SERVER), l.routers());
        assertEquals(List.of(Sim.ip("10.9.0.53"), Sim.ip("10.9.0.54")), l.dnsServers());
        assertEquals(1400, l.mtu());
        assertEquals("mote-sim", l.hostname());
        assertEquals(OFFERED, client.iface().address().address());
        assertEquals(1400, client.iface().mtu());
        assertEquals(l.dnsServers(), client.iface().dnsServers());
        assertTrue(client.stack.routes().snapshot().stream().anyMatch(r -> r.prefixLength() == 0
                && SERVER.equals(r.gateway()) && r.source() == Route.Source.DHCP));
        List<Integer> types = dhcpd.log.stream().map(r -> r.message().messageType()).toList();
        assertEquals(List.of(DhcpMessage.DISCOVER, DhcpMessage.REQUEST), types);
        assertEquals("mote", dhcpd.log.get(0).message().hostname());
        assertEquals(OFFERED, dhcpd.log.get(1).message().requestedIp());
        assertEquals(SERVER, dhcpd.log.get(1).message().serverId());
        // the leased address works: the server pings the client
        IcmpEchoSocket ping = server.stack.openEcho();
        ping.send(OFFERED, 1, new byte[4]);
        server.kick();
        sim.run(1);
        assertNotNull(ping.receive());
    }

    @Test
    void declinesAnAddressThatAnotherHostAnswersFor() {
        sim = new Sim(10);
        server = sim.host("server", "10.9.0.1/24");
        dhcpd = new ScriptedDhcpServer(server.stack, SERVER, OFFERED);
        server.afterPoll = () -> dhcpd.serve(sim.now());
        SimHost squatter = sim.host("squatter", "10.9.0.77/24"); // already uses the address the server offers
        client = sim.host("client", null);
        dhcp = client.stack.enableDhcp("eth0", "mote", sim.now());
        client.kick();
        sim.run(0.2);
        assertEquals(1, dhcp.declines());
        assertEquals(1, squatter.iface().counters().get("arp.tx.reply")); // it answered our probe
        DhcpMessage decline = dhcpd.log.get(dhcpd.log.size() - 1).message();
        assertEquals(DhcpMessage.DECLINE, decline.messageType());
        assertEquals(OFFERED, decline.requestedIp());
        assertEquals(SERVER, decline.serverId());
        assertNull(client.iface().address()); // never used
        sim.run(9); // RFC 2131: ten seconds before trying again
        assertNull(client.iface().address());
        sim.run(3);
        assertEquals(Sim.ip("10.9.0.78"), client.iface().address().address());
        assertEquals(1, client.iface().counters().get("dhcp.conflict"));
    }

    @Test
    void probesTheOfferedAddressBeforeUsingIt() {
        setUp(11);
        sim.run(0.1);
        assertEquals(DhcpClient.State.CHECKING, dhcp.state());
        assertNull(client.iface().address());
        assertEquals(1, client.iface().counters().get("dhcp.tx.probe"));
        sim.run(1);
        assertEquals(DhcpClient.State.BOUND, dhcp.state());
    }

    /** RFC 2131 4.4.6 and table 5: DHCPRELEASE unicast to the server, ciaddr and server identifier only. */
    @Test
    void releaseGivesTheLeaseBackToTheServer() {
        setUp(12);
        sim.run(1);
        assertEquals(DhcpClient.State.BOUND, dhcp.state());
        assertTrue(client.stack.releaseDhcp("eth0", sim.now()));
        client.kick();
        sim.run(1);
        ScriptedDhcpServer.Received release = dhcpd.log.get(dhcpd.log.size() - 1);
        assertEquals(DhcpMessage.RELEASE, release.message().messageType());
        assertEquals(OFFERED, release.from(), "from the leased address");
        assertEquals(OFFERED, release.message().ciaddr());
        assertEquals(SERVER, release.message().serverId());
        assertNull(release.message().requestedIp(), "no requested address (MUST NOT)");
        assertNull(release.message().hostname(), "nothing beyond the message (table 5: all others MUST NOT)");
        assertEquals(DhcpClient.State.STOPPED, dhcp.state());
        assertNull(client.iface().address(), "the address went with the lease");
        assertEquals(1, client.iface().counters().get("dhcp.tx.release"));
        int logged = dhcpd.log.size();
        sim.run(300);
        assertEquals(logged, dhcpd.log.size(), "a stopped client sends nothing more");
        assertTrue(!client.stack.releaseDhcp("eth0", sim.now()), "nothing left to release");
    }

    @Test
    void renewsByUnicastAtT1() {
        setUp(3);
        sim.run(1);
        long bound = sim.now();
        sim.run(59); // T1 is 60 s after the request
        assertEquals(1, dhcpd.requests().size());
        sim.run(1.5);
        assertEquals(2, dhcpd.requests().size());
        ScriptedDhcpServer.Received renew = dhcpd.log.get(dhcpd.log.size() - 1);
        assertEquals(OFFERED, renew.message().ciaddr());
        assertNull(renew.message().requestedIp()); // RENEWING: ciaddr only (RFC 2131 table 5)
        assertEquals(OFFERED, renew.from());
        assertTrue(renew.at() - bound >= 59 * Sim.SECOND && renew.at() - bound <= 61 * Sim.SECOND);
        assertEquals(DhcpClient.State.BOUND, dhcp.state());
        assertTrue(dhcp.lease().expiresAt() > bound + 120 * Sim.SECOND);
        assertEquals(OFFERED, client.iface().address().address());
    }

    @Test
    void rebindsByBroadcastAtT2WhenTheServerIgnoresRenewals() {
        setUp(4);
        sim.run(1);
        dhcpd.unicastRequests = Answer.SILENT;
        sim.run(100); // T1 = 60, T2 = 105: renewals go unanswered
        assertEquals(DhcpClient.State.RENEWING, dhcp.state());
        long renewals = dhcpd.requests().size() - 1;
        assertTrue(renewals >= 1, "renewal requests: " + renewals);
        sim.run(6); // past T2
        assertEquals(DhcpClient.State.BOUND, dhcp.state());
        ScriptedDhcpServer.Received rebind = dhcpd.log.get(dhcpd.log.size() - 1);
        assertEquals(OFFERED, rebind.message().ciaddr());
        assertTrue(rebind.at() >= 105 * Sim.SECOND, "rebind at " + rebind.at());
        assertEquals(OFFERED, client.iface().address().address());
    }

    @Test
    void expiryRemovesTheAddressAndStartsOver() {
        setUp(5);
        sim.run(1);
        dhcpd.unicastRequests = Answer.SILENT;
        dhcpd.broadcastRequests = Answer.SILENT;
        dhcpd.offers = false;
        sim.run(119);
        assertEquals(DhcpClient.State.REBINDING, dhcp.state());
        assertEquals(OFFERED, client.iface().address().address());
        sim.run(1.5); // lease of 120 s counted from the request
        assertNull(client.iface().address());
        assertNull(dhcp.lease());
        assertEquals(DhcpClient.State.SELECTING, dhcp.state());
        assertTrue(client.iface().dnsServers().isEmpty());
        assertTrue(client.stack.routes().snapshot().isEmpty());
        assertNull(events.get(events.size() - 1));
        dhcpd.offers = true;
        dhcpd.broadcastRequests = Answer.ACK;
        sim.run(70); // retransmitted discovers find the server again
        assertNotNull(dhcp.lease());
        assertEquals(OFFERED, client.iface().address().address());
    }

    @Test
    void nakOnRenewalDropsTheLease() {
        setUp(6);
        sim.run(1);
        dhcpd.unicastRequests = Answer.NAK;
        dhcpd.offered = Sim.ip("10.9.0.78"); // the server moved the client elsewhere
        sim.run(61);
        assertEquals(1, dhcp.naks());
        sim.run(2);
        assertEquals(DhcpClient.State.BOUND, dhcp.state());
        assertEquals(Sim.ip("10.9.0.78"), client.iface().address().address());
        assertTrue(events.contains(null)); // the old lease was withdrawn before the new one came
    }

    @Test
    void linkDownKeepsTheLeaseAndLinkUpVerifiesIt() {
        setUp(7);
        sim.run(1);
        NetworkDevice port = sim.lan.ports().get(1);
        client.unplug();
        sim.run(10);
        assertEquals(DhcpClient.State.LINK_DOWN, dhcp.state());
        assertEquals(OFFERED, client.iface().address().address()); // kept while down
        int before = dhcpd.log.size();
        client.plug(port); // the device of the same name returns
        sim.run(1);
        assertEquals(DhcpClient.State.BOUND, dhcp.state());
        DhcpMessage reboot = dhcpd.log.get(before).message();
        assertEquals(DhcpMessage.REQUEST, reboot.messageType());
        assertEquals(OFFERED, reboot.requestedIp()); // INIT-REBOOT: requested address, no server id
        assertNull(reboot.serverId());
        // now the network changed while unplugged: the server NAKs, the client starts over
        client.unplug();
        dhcpd.offered = Sim.ip("10.9.0.99");
        client.plug(port);
        sim.run(2);
        assertEquals(Sim.ip("10.9.0.99"), client.iface().address().address());
        assertEquals(1, dhcp.naks());
    }

    @Test
    void rebootWithoutAnswerKeepsUsingTheUnexpiredLease() {
        setUp(8);
        sim.run(1);
        NetworkDevice port = sim.lan.ports().get(1);
        client.unplug();
        dhcpd.broadcastRequests = Answer.SILENT;
        client.plug(port);
        sim.run(30);
        assertEquals(DhcpClient.State.BOUND, dhcp.state());
        assertEquals(OFFERED, client.iface().address().address());
        assertEquals(DhcpClient.MAX_REBOOT_REQUESTS, dhcpd.requests().size() - 1);
    }

    @Test
    void retransmitsWithGrowingBackoffWhenNobodyAnswers() {
        setUp(9);
        dhcpd.offers = false;
        sim.run(130);
        List<Long> at = dhcpd.log.stream().map(ScriptedDhcpServer.Received::at).toList();
        assertTrue(at.size() >= 4 && at.size() <= 6, "discovers: " + at.size());
        for (int i = 2; i < at.size(); i++) {
            long gap = at.get(i) - at.get(i - 1);
            long previous = at.get(i - 1) - at.get(i - 2);
            assertTrue(gap > previous, "back-off grows: " + at);
            assertTrue(gap <= 65 * Sim.SECOND);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {21, 22, 23, 24, 25, 26})
    void getsALeaseThroughALossyLink(long seed) {
        // 30% loss each way on the client's port: a whole exchange (4 messages) gets through
        // about one time in four, so it takes retransmissions
        setUp(seed, FaultPlan.NONE.withLoss(0.3));
        sim.run(300);
        assertTrue(events.stream().anyMatch(l -> l != null && l.address().equals(OFFERED)), "seed " + seed);
    }
}
