package io.motenet.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import io.motenet.net.TcpInfo;
import org.junit.jupiter.api.Test;

class TcpTableTest {

    @Test
    void aConnectionAsSsPrintsIt() throws Exception {
        TcpInfo c = new TcpInfo("ESTABLISHED", new InetSocketAddress(InetAddress.ofLiteral("10.0.2.15"), 49152),
                new InetSocketAddress(InetAddress.ofLiteral("10.0.2.2"), 443), Duration.ofNanos(1_250_000),
                Duration.ofNanos(500_000), Duration.ofMillis(201), 14600, Integer.MAX_VALUE, 1460, 64240, 65535, 7, 7,
                true, "cubic", 5000, 1460, 3540, 200, 10, 8, 1, 0, 0, 1460, 0, 0);
        assertEquals("""
                STATE         RECV-Q  SEND-Q  LOCAL                 PEER
                ESTABLISHED        0       0  10.0.2.15:49152       10.0.2.2:443
                    cubic ts wscale:7,7 rto:201.000 rtt:1.250/0.500 mss:1460 cwnd:14600 bytes_sent:5000 \
                bytes_retrans:1460 bytes_acked:3540 bytes_received:200 segs_out:10 segs_in:8 retrans:1 timeouts:0 \
                snd_wnd:64240 rcv_wnd:65535 unacked:1460""", TcpTable.render(List.of(c)));
    }

    @Test
    void noneSaysSo() {
        assertEquals("no TCP connection", TcpTable.render(List.of()));
    }
}
