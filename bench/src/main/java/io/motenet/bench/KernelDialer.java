package io.motenet.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;

import io.motenet.testing.lab.Lab;

/**
 * The kernel's TCP as the side under test of a {@link BulkStream}: a blocking {@link Socket}
 * opened by the calling thread, so inside whatever network namespace that thread is in (run it
 * through {@link Lab#callInside}). The kernel keeps no per-socket retransmit count we can read
 * from Java, so {@link BulkStream.Connection#retransmits()} is the rise of {@code RetransSegs}
 * ({@code /proc/net/snmp}) in the given labs since the dial: both ends' kernels, whichever sends.
 */
final class KernelDialer implements BulkStream.Dialer {

    private final InetAddress peer;
    private final List<Lab> counted;

    KernelDialer(InetAddress peer, List<Lab> counted) {
        this.peer = peer;
        this.counted = List.copyOf(counted);
    }

    @Override
    public BulkStream.Connection dial(int port) throws IOException {
        long before = retransmitted();
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(peer, port), 5000);
        } catch (ConnectException refused) {
            socket.close();
            return null;
        }
        return new BulkStream.Connection() {
            @Override
            public InputStream input() throws IOException {
                return socket.getInputStream();
            }

            @Override
            public OutputStream output() throws IOException {
                return socket.getOutputStream();
            }

            @Override
            public void finishSending() throws IOException {
                socket.shutdownOutput(); // closing the stream would close the socket
            }

            @Override
            public long retransmits() {
                return retransmitted() - before;
            }

            @Override
            public void close() throws IOException {
                socket.close();
            }
        };
    }

    private long retransmitted() {
        long sum = 0;
        for (Lab lab : counted) {
            sum += retransSegs(lab.exec("cat", "/proc/net/snmp"));
        }
        return sum;
    }

    /** {@code RetransSegs} from the text of {@code /proc/net/snmp} (a "Tcp:" line of names, then one of values). */
    static long retransSegs(String snmp) {
        List<String> tcp = snmp.lines().filter(l -> l.startsWith("Tcp:")).toList();
        if (tcp.size() == 2) {
            List<String> names = List.of(tcp.get(0).split("\\s+"));
            String[] values = tcp.get(1).split("\\s+");
            int i = names.indexOf("RetransSegs");
            if (i > 0 && i < values.length) {
                return Long.parseLong(values[i]);
            }
        }
        throw new IllegalStateException("no Tcp RetransSegs in /proc/net/snmp:\n" + snmp);
    }
}
