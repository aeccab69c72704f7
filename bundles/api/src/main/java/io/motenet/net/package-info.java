/**
 * The IP layer's contract: one {@link io.motenet.net.NetworkStack} service per runtime, with its
 * interfaces (static or DHCP configuration), routes, ARP neighbours, UDP sockets, ICMP echo and
 * the DNS servers that configuration or DHCP gives, with change events.
 *
 * <p>Threads: every method may be called from any thread. Blocking methods wait without pinning
 * a virtual thread; the {@code ...Async} forms return a {@link java.util.concurrent.CompletableFuture}
 * that is completed on a thread of the stack's own executor, never on its protocol loop.
 *
 * <p>Errors are {@link io.motenet.net.NetException}s (unchecked), with a subclass for what an
 * ICMP error or the neighbour cache reported: {@link io.motenet.net.UnreachableException}.
 *
 * <p>TCP (since 1.1): {@code connect}/{@code listen} give {@link io.motenet.net.TcpConnection}s
 * with blocking streams and asynchronous reads and writes, {@link io.motenet.net.TcpInfo} figures
 * per connection, and a {@code javax.net.SocketFactory} whose sockets ride the stack. A TCP
 * failure is a {@link io.motenet.net.ConnectionException}.
 *
 * <p>TCP interception (since 1.2): {@code interceptTcp} gives a
 * {@link io.motenet.net.TcpInterceptor} that holds connection attempts for any destination
 * until the application admits or refuses each one (a user-mode gateway's side of a connection).
 */
@org.osgi.annotation.versioning.Version("1.2.0")
@org.osgi.annotation.bundle.Export
package io.motenet.net;
