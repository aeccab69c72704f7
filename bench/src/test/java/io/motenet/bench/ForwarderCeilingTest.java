package io.motenet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ForwarderCeilingTest {

    /** Both streams of the ceiling run end to end through the forwarder (a small one: this is not the benchmark). */
    @org.junit.jupiter.params.ParameterizedTest(name = "offload {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void kernelStreamsThroughTwoTapDevicesAndTheForwarder(boolean offload) throws Exception {
        long bytes = 4L << 20;
        ForwarderCeiling.Result r = ForwarderCeiling.measure(bytes, offload);
        assertEquals(bytes, r.reader().bytes());
        assertEquals(bytes, r.writer().bytes(), "the writer mode checks every byte arrived");
        assertTrue(r.reader().seconds() > 0 && r.writer().seconds() > 0);
        assertTrue(r.reader().retransmits() >= 0 && r.writer().retransmits() >= 0);
        assertTrue(r.reader().kernelDrops() >= 0 && r.writer().kernelDrops() >= 0, "counters only rise");
        assertEquals(0, r.oversize(), "without offload the kernel never hands a TAP device more than the MTU, and with "
                + "it the forwarder passes coalesced frames on whole");
    }

    /** Captured from Linux 6.x ({@code cat /proc/net/snmp}, the Tcp lines). */
    @Test
    void retransmitsComeFromTheSnmpTcpLines() {
        String snmp = """
                Ip: Forwarding DefaultTTL
                Ip: 2 64
                Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens AttemptFails EstabResets CurrEstab InSegs OutSegs RetransSegs InErrs OutRsts InCsumErrors
                Tcp: 1 200 120000 -1 143 88 1 0 0 737968 737479 384 0 68 0
                Udp: InDatagrams NoPorts
                Udp: 5 0
                """;
        assertEquals(384, KernelDialer.retransSegs(snmp));
        assertThrows(IllegalStateException.class, () -> KernelDialer.retransSegs("Ip: Forwarding\nIp: 2\n"));
    }
}
