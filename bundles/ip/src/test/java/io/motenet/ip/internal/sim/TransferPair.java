package io.motenet.ip.internal.sim;

import io.motenet.ip.internal.socket.tcp.TcpConfig;
import io.motenet.ip.internal.socket.tcp.TcpConnection;
import io.motenet.ip.internal.socket.tcp.TcpListener;

/**
 * A bulk exchange between two simulated hosts: b listens on port 5001, a connects, and each side's {@link Transfer}
 * is pumped after its host's polls; the server's exists once b accepted. {@code config} null: the defaults.
 */
final class TransferPair {
    static final int PORT = 5001;

    final Transfer client;
    private Transfer server;

    TransferPair(Sim sim, SimHost a, SimHost b, TcpConfig config, long clientBytes, long clientSeed, long serverBytes,
            long serverSeed) {
        TcpListener listener = b.stack.tcp().listen(null, PORT, 8, config);
        b.afterPoll = () -> {
            if (server == null) {
                TcpConnection c = listener.accept();
                if (c != null) {
                    server = new Transfer(c, serverBytes, serverSeed);
                }
            }
            if (server != null) {
                server.pump();
            }
        };
        TcpConnection c = a.stack.tcp().connect(null, 0, b.iface().address().address(), PORT, config, 0, sim.now());
        client = new Transfer(c, clientBytes, clientSeed);
        a.afterPoll = client::pump;
        a.kick();
    }

    /** The server's side, or null before b accepted the connection. */
    Transfer server() {
        return server;
    }
}
