package io.motenet.dns.internal.transport;

import io.motenet.net.NetException;
import io.motenet.net.NetworkStack;
import io.motenet.net.TcpConnection;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * DNS over the stack's TCP (RFC 7766): one connection per query, the message with a two-byte
 * length in front each way. The timeout covers the handshake and then each read.
 */
public final class StackTcpTransport implements TcpTransport {
    private final NetworkStack stack;

    public StackTcpTransport(NetworkStack stack) {
        this.stack = stack;
    }

    @Override
    public byte[] exchange(InetSocketAddress server, byte[] query, Duration timeout) throws IOException {
        if (query.length > 0xffff) {
            throw new IllegalArgumentException("a DNS message over TCP is at most 65535 bytes");
        }
        try (TcpConnection c = stack.connect(server, timeout)) {
            c.setNoDelay(true); // one small write; do not wait for an ACK that will not come before the answer
            c.setReadTimeout(timeout);
            byte[] framed = new byte[query.length + 2];
            framed[0] = (byte) (query.length >>> 8);
            framed[1] = (byte) query.length;
            System.arraycopy(query, 0, framed, 2, query.length);
            OutputStream out = c.outputStream();
            out.write(framed);
            DataInputStream in = new DataInputStream(c.inputStream());
            int length = in.readUnsignedShort();
            byte[] answer = new byte[length];
            in.readFully(answer);
            return answer;
        } catch (EOFException e) {
            throw new IOException(server + " closed the TCP connection before the whole answer", e);
        } catch (SocketTimeoutException e) {
            throw new IOException(server + " did not answer over TCP within " + timeout.toMillis() + " ms", e);
        } catch (NetException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
