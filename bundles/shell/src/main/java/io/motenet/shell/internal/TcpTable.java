package io.motenet.shell.internal;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import io.motenet.net.TcpInfo;

/** {@code net:connections}: one line per connection as {@code ss -tan} prints it, its statistics beneath as {@code ss -i}. */
final class TcpTable {

    private TcpTable() {}

    static String render(List<TcpInfo> connections) {
        if (connections.isEmpty()) {
            return "no TCP connection";
        }
        String format = "%-12s %7s %7s  %-21s %s%n";
        StringBuilder out = new StringBuilder(String.format(format, "STATE", "RECV-Q", "SEND-Q", "LOCAL", "PEER"));
        for (TcpInfo c : connections) {
            out.append(String.format(format, c.state(), c.receiveQueue(), c.sendQueue(), endpoint(c.local()),
                    endpoint(c.remote())));
            out.append("    ").append(c.congestionControl())
                    .append(c.timestamps() ? " ts" : "")
                    .append(" wscale:").append(c.sendWindowScale()).append(',').append(c.receiveWindowScale())
                    .append(" rto:").append(millis(c.rto()))
                    .append(" rtt:").append(millis(c.srtt())).append('/').append(millis(c.rttvar()))
                    .append(" mss:").append(c.mss())
                    .append(" cwnd:").append(c.cwnd())
                    .append(c.ssthresh() == Integer.MAX_VALUE ? "" : " ssthresh:" + c.ssthresh())
                    .append(" bytes_sent:").append(c.bytesSent())
                    .append(" bytes_retrans:").append(c.bytesRetransmitted())
                    .append(" bytes_acked:").append(c.bytesAcked())
                    .append(" bytes_received:").append(c.bytesReceived())
                    .append(" segs_out:").append(c.segmentsOut())
                    .append(" segs_in:").append(c.segmentsIn())
                    .append(" retrans:").append(c.retransmits())
                    .append(" timeouts:").append(c.timeouts())
                    .append(" snd_wnd:").append(c.sendWindow())
                    .append(" rcv_wnd:").append(c.receiveWindow())
                    .append(" unacked:").append(c.unacked())
                    .append('\n');
        }
        return out.toString().stripTrailing();
    }

    private static String endpoint(InetSocketAddress a) {
        if (a == null) {
            return "*:*";
        }
        String host = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
        return host + ":" + a.getPort();
    }

    /** Milliseconds with three decimals, as ss prints rtt. */
    private static String millis(Duration d) {
        return d == null ? "-" : String.format("%.3f", d.toNanos() / 1e6);
    }
}
