package io.motenet.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.motenet.net.EchoReply;
import io.motenet.net.InterfaceConfig;
import io.motenet.net.InterfaceInfo;
import io.motenet.net.LeaseInfo;
import io.motenet.net.NeighborInfo;
import io.motenet.net.RouteInfo;
import org.junit.jupiter.api.Test;

class NetTablesTest {

    @Test
    void interfaceLikeIpAddrWithLeaseAndMovedCountersOnly() {
        InterfaceInfo eth = new InterfaceInfo("tap0", InterfaceConfig.Mode.DHCP, "02:00:00:00:00:01", 1400, true,
                ip("10.0.2.15"), 24, ip("10.0.2.2"), List.of(ip("10.0.2.3")),
                new LeaseInfo("BOUND", ip("10.0.2.2"), Duration.ofSeconds(3600), Duration.ofSeconds(1800),
                        Duration.ofSeconds(3600), "mote"),
                Map.of("rx.frames", 12L, "rx.drop.checksum", 1L, "tx.frames", 9L, "tx.drop.no-route", 0L));
        assertEquals("""
                tap0: <UP> mtu 1400 mode dhcp
                    link/ether 02:00:00:00:00:01
                    inet 10.0.2.15/24 gateway 10.0.2.2
                    dns 10.0.2.3
                    dhcp bound from 10.0.2.2 lease 3600s renew in 1800s expires in 3600s hostname mote
                    rx.drop.checksum 1  rx.frames 12  tx.frames 9""", NetTables.interfaces(List.of(eth)));
    }

    @Test
    void anInterfaceWithoutAddressYet() {
        InterfaceInfo waiting = new InterfaceInfo("vs0", InterfaceConfig.Mode.DHCP, "02:00:00:00:00:02", 1500, false,
                null, 0, null, List.of(), null, Map.of());
        assertEquals("vs0: <DOWN> mtu 1500 mode dhcp\n    link/ether 02:00:00:00:00:02\n    inet (none yet)",
                NetTables.interfaces(List.of(waiting)));
    }

    @Test
    void routesAndNeighbours() {
        assertEquals("""
                10.0.2.0/24 dev tap0 proto link metric 0
                default via 10.0.2.2 dev tap0 proto dhcp metric 100""", NetTables.routes(List.of(
                new RouteInfo(ip("10.0.2.0"), 24, null, "tap0", 0, "link"),
                new RouteInfo(ip("0.0.0.0"), 0, ip("10.0.2.2"), "tap0", 100, "dhcp"))));
        assertEquals("""
                ADDRESS          MAC               INTERFACE
                10.0.2.2         52:55:0a:00:02:02 tap0
                10.0.2.9         (incomplete)      tap0""", NetTables.neighbors(List.of(
                new NeighborInfo("tap0", ip("10.0.2.2"), "52:55:0a:00:02:02"),
                new NeighborInfo("tap0", ip("10.0.2.9"), null))));
    }

    @Test
    void pingLinesAndSummaryAsPingPrintsThem() {
        EchoReply r1 = new EchoReply(ip("10.0.2.2"), 1, 64, 64, Duration.ofNanos(250_000));
        EchoReply r2 = new EchoReply(ip("10.0.2.2"), 3, 64, 64, Duration.ofNanos(750_000));
        assertEquals("64 bytes from 10.0.2.2: icmp_seq=1 ttl=64 time=0.25 ms", NetTables.echoLine(r1));
        assertEquals("""
                --- 10.0.2.2 ping statistics ---
                3 packets transmitted, 2 received, 33% packet loss
                rtt min/avg/max = 0.25/0.50/0.75 ms""", NetTables.pingSummary(ip("10.0.2.2"), 3, List.of(r1, r2)));
        assertEquals("--- 10.0.2.2 ping statistics ---\n2 packets transmitted, 0 received, 100% packet loss",
                NetTables.pingSummary(ip("10.0.2.2"), 2, List.of()));
    }

    private static Inet4Address ip(String literal) {
        return (Inet4Address) InetAddress.ofLiteral(literal);
    }
}
