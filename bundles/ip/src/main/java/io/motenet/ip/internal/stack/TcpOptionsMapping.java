package io.motenet.ip.internal.stack;

import io.motenet.ip.internal.socket.tcp.TcpConfig;
import io.motenet.net.TcpSocketOptions;

/** The API's per-connection options applied to the stack's TCP defaults. */
final class TcpOptionsMapping {
    private TcpOptionsMapping() {
    }

    static TcpConfig config(TcpConfig defaults, TcpSocketOptions o) {
        TcpConfig c = defaults.withNagle(!o.noDelay());
        if (!o.keepAliveIdle().isZero()) {
            // RFC 9293 3.8.4 leaves interval and count open; Linux's 75 s and 9 probes, shortened
            // with the idle time so a short idle also notices a dead peer soon
            long idle = o.keepAliveIdle().toNanos();
            c = c.withKeepAlive(idle, Math.min(c.keepInterval(), Math.max(idle / 3, 1_000_000_000L)), c.keepCount());
        }
        if (!o.userTimeout().isZero()) {
            c = c.withUserTimeout(o.userTimeout().toNanos());
        }
        if (o.receiveBuffer() > 0 || o.sendBuffer() > 0) {
            c = c.withBuffers(o.receiveBuffer() > 0 ? o.receiveBuffer() : c.receiveBuffer(),
                    o.sendBuffer() > 0 ? o.sendBuffer() : c.sendBuffer());
        }
        return c;
    }
}
