package io.motenet.net;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The userspace IPv4 stack: interfaces bound to {@code io.motenet.link} devices by name, and the
 * sockets applications use. Interfaces are configured through Config Admin (factory PID
 * {@code io.motenet.ip.interface}) or {@link #configure}.
 */
@ProviderType
public interface NetworkStack {

    /** Every interface now, in the order they were configured. */
    List<InterfaceInfo> interfaces();

    /** One interface by name (the device name it binds to). */
    Optional<InterfaceInfo> iface(String name);

    /** The routing table, most specific first. */
    List<RouteInfo> routes();

    /** The ARP cache of every interface, including neighbours still being resolved. */
    List<NeighborInfo> neighbors();

    /**
     * The DNS servers to use now: those of the interfaces in order (a DHCP lease's, or configured
     * ones), without repeats. Empty while none is known.
     */
    List<Inet4Address> dnsServers();

    /**
     * Configures (or re-configures) an interface; it binds to the device of the same name when
     * one is registered, now or later. Config Admin does the same through its factory PID.
     */
    void configure(InterfaceConfig config);

    /** Removes an interface: its address and routes go; its sockets see no more traffic. */
    void unconfigure(String name);

    /**
     * Adds a static route: {@code network/prefixLength} via {@code gateway} (null: on the link)
     * out of the interface {@code interfaceName}. It stays until removed or the interface is.
     *
     * @throws IllegalArgumentException when no interface has that name
     */
    void addRoute(Inet4Address network, int prefixLength, Inet4Address gateway, String interfaceName);

    /** Removes static routes to {@code network/prefixLength}; true when one was there. */
    boolean removeRoute(Inet4Address network, int prefixLength);

    /** Opens a UDP socket on {@code port} of every local address (0 picks a free ephemeral port). */
    UdpSocket openUdp(int port);

    /** Opens a UDP socket bound to one local address and port. */
    UdpSocket openUdp(InetSocketAddress local);

    /**
     * Sends one ICMP echo request and waits for the reply.
     *
     * @param size bytes of data in the request (0 to 65507)
     * @throws UnreachableException when an ICMP error came back or the next hop did not answer ARP
     * @throws NetException when no reply came within {@code timeout}
     */
    EchoReply ping(Inet4Address target, int size, Duration timeout);

    /** {@link #ping} without blocking: the future fails with the same exceptions. */
    CompletableFuture<EchoReply> pingAsync(Inet4Address target, int size, Duration timeout);

    /**
     * Registers a listener for interface and DNS server changes. Events come in order on one
     * thread of the stack's executor. Close the returned handle to stop them.
     */
    AutoCloseable addListener(NetworkListener listener);

    // ----- TCP (since 1.1)

    /**
     * Opens a TCP connection and waits until it is established.
     *
     * @param timeout how long the handshake may take (zero: as long as the SYN retries last)
     * @throws ConnectionException refused, timed out, or unreachable
     */
    TcpConnection connect(InetSocketAddress remote, Duration timeout);

    /** {@link #connect} without blocking: the future fails with the same exceptions. */
    CompletableFuture<TcpConnection> connectAsync(InetSocketAddress remote, Duration timeout);

    /** {@link #connect} with per-connection settings (keep-alive, user timeout, buffers, Nagle). */
    TcpConnection connect(InetSocketAddress remote, TcpSocketOptions options);

    /** {@link #connect(InetSocketAddress, TcpSocketOptions)} without blocking. */
    CompletableFuture<TcpConnection> connectAsync(InetSocketAddress remote, TcpSocketOptions options);

    /**
     * Listens on {@code local} (address 0.0.0.0 for every local address) with a backlog of
     * established connections not yet accepted.
     *
     * @throws NetException when the port is already listening
     */
    TcpServer listen(InetSocketAddress local, int backlog);

    /** {@link #listen} whose accepted connections get {@code options} (the connect timeout aside). */
    TcpServer listen(InetSocketAddress local, int backlog, TcpSocketOptions options);

    // ----- TCP interception (since 1.2)

    /**
     * Starts catch-all TCP listening: SYNs for any destination (not only the stack's own
     * addresses) on a configured interface wait for the application's decision; see
     * {@link TcpInterceptor}. Regular listeners on the stack's own addresses keep precedence.
     *
     * @param backlog attempts that may wait undecided at once (at most 256, the SYN queue bound);
     *        beyond it further SYNs are dropped unanswered, so their peers retry
     * @throws NetException when an interceptor already exists
     */
    TcpInterceptor interceptTcp(int backlog);

    /** {@link #interceptTcp(int)} whose admitted connections get {@code options} (the connect timeout aside). */
    TcpInterceptor interceptTcp(int backlog, TcpSocketOptions options);

    /** Every TCP connection of the stack, in every state, like {@code ss -tan}. */
    List<TcpInfo> tcpConnections();

    /**
     * Sockets that ride this stack, for ordinary Java libraries. Host names must be IP literals
     * (resolve them first with the DNS layer); binding to a local address is not supported.
     */
    javax.net.SocketFactory socketFactory();
}
