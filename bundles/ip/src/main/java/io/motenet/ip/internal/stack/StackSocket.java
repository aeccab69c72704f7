package io.motenet.ip.internal.stack;

import io.motenet.net.NetException;
import io.motenet.net.NetworkStack;
import io.motenet.net.TcpConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketImpl;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A {@code java.net.Socket} over a motenet {@link TcpConnection}, for libraries that only speak
 * sockets. It has no file descriptor: every method a client uses is overridden; binding to a
 * local address is refused. Stack failures become the {@code IOException}s the JDK would throw.
 */
final class StackSocket extends Socket {
    private final NetworkStack stack;
    private volatile TcpConnection conn;
    private volatile boolean closed;
    private volatile boolean inputShut;
    private volatile boolean outputShut;
    private volatile int soTimeout;
    private volatile boolean noDelay;
    private volatile boolean keepAlive;

    StackSocket(NetworkStack stack) throws SocketException {
        super((SocketImpl) null);
        this.stack = stack;
    }

    @Override
    public void connect(SocketAddress endpoint) throws IOException {
        connect(endpoint, 0);
    }

    @Override
    public void connect(SocketAddress endpoint, int timeoutMillis) throws IOException {
        if (closed) {
            throw new SocketException("Socket is closed");
        }
        if (conn != null) {
            throw new SocketException("already connected");
        }
        if (!(endpoint instanceof InetSocketAddress a) || a.isUnresolved()) {
            throw new java.net.UnknownHostException("motenet sockets need a resolved IPv4 address: " + endpoint);
        }
        try {
            io.motenet.net.TcpSocketOptions o = io.motenet.net.TcpSocketOptions.defaults()
                    .withConnectTimeout(Duration.ofMillis(timeoutMillis)).withNoDelay(noDelay);
            if (keepAlive) {
                o = o.withKeepAlive(Duration.ofHours(2)); // SO_KEEPALIVE's usual idle time (Linux tcp_keepalive_time)
            }
            TcpConnection c = stack.connect(a, o);
            c.setReadTimeout(Duration.ofMillis(soTimeout));
            conn = c;
        } catch (io.motenet.net.ConnectionException e) {
            throw switch (e.reason()) {
                case TIMED_OUT -> new SocketTimeoutException(e.getMessage());
                case REFUSED -> new ConnectException(e.getMessage());
                default -> new SocketException(e.getMessage(), e);
            };
        } catch (NetException e) {
            throw new SocketException(e.getMessage(), e);
        }
    }

    @Override
    public void bind(SocketAddress bindpoint) throws IOException {
        if (bindpoint != null) {
            throw new SocketException("motenet sockets pick their local address and port themselves");
        }
    }

    private TcpConnection require() throws SocketException {
        if (closed) {
            throw new SocketException("Socket is closed");
        }
        TcpConnection c = conn;
        if (c == null) {
            throw new SocketException("Socket is not connected");
        }
        return c;
    }

    @Override
    public InputStream getInputStream() throws IOException {
        InputStream in = require().inputStream();
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] b = new byte[1];
                return read(b, 0, 1) < 0 ? -1 : b[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (inputShut) {
                    return -1;
                }
                try {
                    return in.read(b, off, len);
                } catch (NetException e) {
                    throw new SocketException(e.getMessage(), e);
                }
            }

            @Override
            public int available() throws IOException {
                return in.available();
            }

            @Override
            public void close() throws IOException {
                StackSocket.this.close(); // as a JDK socket's stream does
            }
        };
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        OutputStream out = require().outputStream();
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (outputShut) {
                    throw new SocketException("Socket output is shutdown");
                }
                try {
                    out.write(b, off, len);
                } catch (NetException e) {
                    throw new SocketException(e.getMessage(), e);
                }
            }

            @Override
            public void close() throws IOException {
                StackSocket.this.close();
            }
        };
    }

    @Override
    public void shutdownOutput() throws IOException {
        require().shutdownOutput();
        outputShut = true;
    }

    @Override
    public void shutdownInput() throws IOException {
        require();
        inputShut = true;
    }

    @Override
    public boolean isInputShutdown() {
        return inputShut;
    }

    @Override
    public boolean isOutputShutdown() {
        return outputShut;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        TcpConnection c = conn;
        if (c != null) {
            c.close();
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean isConnected() {
        return conn != null;
    }

    @Override
    public boolean isBound() {
        return conn != null;
    }

    @Override
    public InetAddress getInetAddress() {
        TcpConnection c = conn;
        return c == null ? null : c.remoteAddress().getAddress();
    }

    @Override
    public int getPort() {
        TcpConnection c = conn;
        return c == null ? 0 : c.remoteAddress().getPort();
    }

    @Override
    public InetAddress getLocalAddress() {
        TcpConnection c = conn;
        return c == null ? null : c.localAddress().getAddress();
    }

    @Override
    public int getLocalPort() {
        TcpConnection c = conn;
        return c == null ? -1 : c.localAddress().getPort();
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        TcpConnection c = conn;
        return c == null ? null : c.remoteAddress();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        TcpConnection c = conn;
        return c == null ? null : c.localAddress();
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        if (timeout < 0) {
            throw new IllegalArgumentException("timeout < 0");
        }
        soTimeout = timeout;
        TcpConnection c = conn;
        if (c != null) {
            c.setReadTimeout(Duration.ofMillis(timeout));
        }
    }

    @Override
    public int getSoTimeout() {
        return soTimeout;
    }

    @Override
    public void setTcpNoDelay(boolean on) {
        noDelay = on;
        TcpConnection c = conn;
        if (c != null) {
            c.setNoDelay(on);
        }
    }

    @Override
    public boolean getTcpNoDelay() {
        return noDelay;
    }

    @Override
    public void setKeepAlive(boolean on) throws SocketException {
        if (conn != null && on != keepAlive) {
            throw new SocketException("motenet sockets take SO_KEEPALIVE before connect only");
        }
        keepAlive = on;
    }

    @Override
    public boolean getKeepAlive() {
        return keepAlive;
    }

    @Override
    public void setSoLinger(boolean on, int linger) {
        // close() never blocks; a linger of zero would be abort(): not offered through Socket
    }

    @Override
    public int getSoLinger() {
        return -1;
    }

    @Override
    public int getReceiveBufferSize() {
        return 256 * 1024;
    }

    @Override
    public int getSendBufferSize() {
        return 256 * 1024;
    }

    @Override
    public void setReceiveBufferSize(int size) {
        // fixed per stack in this version
    }

    @Override
    public void setSendBufferSize(int size) {
        // fixed per stack in this version
    }

    @Override
    public String toString() {
        TcpConnection c = conn;
        return c == null ? "StackSocket[unconnected]" : "StackSocket[" + c.localAddress() + " -> " + c.remoteAddress() + "]";
    }
}
