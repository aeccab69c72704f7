package io.motenet.ip.internal.stack;

import io.motenet.ip.internal.socket.tcp.TcpConfig;
import io.motenet.ip.internal.iface.Interface;
import io.motenet.ip.internal.iface.InterfaceAddress;
import io.motenet.ip.internal.iface.NeighborCache;
import io.motenet.ip.internal.iface.Route;
import io.motenet.ip.internal.iface.Stack;
import io.motenet.ip.internal.socket.DhcpClient;
import io.motenet.ip.internal.socket.DhcpLease;
import io.motenet.ip.internal.wire.Ipv4Address;
import io.motenet.link.FrameConsumer;
import io.motenet.link.LinkAttachment;
import io.motenet.link.LinkState;
import io.motenet.link.MacAddress;
import io.motenet.link.NetworkDevice;
import io.motenet.net.EchoReply;
import io.motenet.net.InterfaceConfig;
import io.motenet.net.InterfaceInfo;
import io.motenet.net.LeaseInfo;
import io.motenet.net.NeighborInfo;
import io.motenet.net.NetException;
import io.motenet.net.NetworkEvent;
import io.motenet.net.NetworkListener;
import io.motenet.net.NetworkStack;
import io.motenet.net.RouteInfo;
import io.motenet.net.UdpSocket;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * The {@link NetworkStack} service: the sans-I/O {@link Stack} on its own loop thread, bound to
 * {@link NetworkDevice} services by name. When a device goes away the interface goes link-down
 * and keeps its state; the highest-ranked device of that name (a decorator, or the device coming
 * back) takes its place.
 */
@Component(service = {NetworkStack.class, StackService.class}, configurationPid = StackService.PID)
@Designate(ocd = StackService.Config.class)
public final class StackService implements NetworkStack {
    static final String PID = "io.motenet.ip.stack";

    @ObjectClassDefinition(name = "motenet IP stack", description = "The userspace IPv4 stack's loop")
    public @interface Config {
        @AttributeDefinition(description = "Received frames queued for the loop at most; more are dropped and counted")
        int rx_queue_frames() default 4096;

        @AttributeDefinition(description = "TCP congestion control of new connections: cubic (RFC 9438) or newreno (RFC 5681/6582)",
                options = {@Option(label = "CUBIC", value = "cubic"), @Option(label = "NewReno", value = "newreno")})
        String tcp_congestion_control() default "cubic";

        @AttributeDefinition(description = "Offer and use TCP selective acknowledgments (RFC 2018, RFC 6675 recovery)")
        boolean tcp_sack() default true;

        @AttributeDefinition(description = "Microseconds the loop stays awake for more work after a busy round before it "
                + "sleeps (0: sleep at once). Saves a sleep and a wake-up per burst at the cost of that much CPU.",
                min = "0", max = "1000")
        int loop_spin_micros() default StackLoop.DEFAULT_SPIN_MICROS;
    }

    private record Candidate(NetworkDevice device, int ranking, long serviceId) {
    }

    private record Bound(NetworkDevice device, LinkAttachment attachment) {
    }

    private final Stack stack;
    private final StackLoop loop;
    private final Pinger pinger;
    private final ExecutorService completions = Executors.newVirtualThreadPerTaskExecutor();
    private final ExecutorService events = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("motenet-ip-events").daemon().factory());
    private final Map<String, List<Candidate>> candidates = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<NetworkListener> listeners = new CopyOnWriteArrayList<>();
    // loop-owned:
    private final Map<String, InterfaceConfig> configs = new LinkedHashMap<>();
    private final Map<String, Bound> bound = new LinkedHashMap<>();
    private List<Inet4Address> lastDns = List.of();

    @Activate
    public StackService(Config config) {
        this(config.rx_queue_frames(), new SecureRandom().nextLong(), config.loop_spin_micros());
        setTcpDefaults(config.tcp_congestion_control(), config.tcp_sack());
    }

    /** The congestion control and SACK of connections made from now on (per connection: TcpConfig). */
    public void setTcpDefaults(String congestionControl, boolean sack) {
        TcpConfig c = TcpConfig.defaults().withCongestionControl(congestionControl).withSack(sack); // checks the name
        loop.execute(s -> s.tcp().setDefaults(c));
    }

    /** Outside OSGi (tests, benchmarks): a seeded stack. */
    public StackService(int rxQueueFrames, long seed) {
        this(rxQueueFrames, seed, StackLoop.DEFAULT_SPIN_MICROS);
    }

    /** As above; {@code spinMicros}: how long the loop stays awake for more work after a busy round. */
    public StackService(int rxQueueFrames, long seed, int spinMicros) {
        this.stack = new Stack(Stack.Limits.defaults(), new SplittableRandom(seed));
        this.loop = new StackLoop(stack, rxQueueFrames, "motenet-ip-loop", spinMicros * 1_000L);
        this.pinger = new Pinger(completions);
        stack.addListener(this::interfaceChanged);
        loop.start();
        loop.addHook(pinger);
    }

    @Deactivate
    public void deactivate() {
        try {
            loop.callAndWait(s -> {
                // DHCP leases go back to their servers (RFC 2131 4.4.6), and leave before the devices go
                configs.keySet().forEach(name -> s.releaseDhcp(name, System.nanoTime()));
                loop.transmitOutgoing();
                bound.values().forEach(b -> b.attachment().close());
                bound.clear();
                return null;
            });
        } catch (NetException e) {
            // stopping anyway
        }
        loop.stop();
        completions.shutdown();
        events.shutdown();
    }

    // ----- devices (DS calls these on its threads)

    @Reference(service = NetworkDevice.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    public void bindDevice(NetworkDevice device, Map<String, Object> props) {
        String name = deviceName(device, props);
        candidates.compute(name, (k, list) -> {
            List<Candidate> l = list == null ? new ArrayList<>() : new ArrayList<>(list);
            l.removeIf(c -> c.device == device);
            l.add(new Candidate(device, ranking(props), serviceId(props)));
            return l;
        });
        loop.execute(s -> rebind(name));
    }

    public void updatedDevice(NetworkDevice device, Map<String, Object> props) {
        bindDevice(device, props); // the ranking may have changed
    }

    public void unbindDevice(NetworkDevice device, Map<String, Object> props) {
        String name = deviceName(device, props);
        candidates.computeIfPresent(name, (k, list) -> {
            List<Candidate> l = new ArrayList<>(list);
            l.removeIf(c -> c.device == device);
            return l.isEmpty() ? null : l;
        });
        loop.execute(s -> rebind(name));
    }

    private static String deviceName(NetworkDevice d, Map<String, Object> props) {
        Object n = props == null ? null : props.get(NetworkDevice.NAME);
        return n instanceof String s ? s : d.name();
    }

    private static int ranking(Map<String, Object> props) {
        return props != null && props.get("service.ranking") instanceof Integer r ? r : 0;
    }

    private static long serviceId(Map<String, Object> props) {
        return props != null && props.get("service.id") instanceof Long id ? id : Long.MAX_VALUE;
    }

    /** On the loop: binds the interface {@code name} to the best device of that name, if it changed. */
    private void rebind(String name) {
        long now = System.nanoTime();
        if (!configs.containsKey(name)) {
            unbind(name);
            return;
        }
        NetworkDevice best = candidates.getOrDefault(name, List.of()).stream()
                .sorted(Comparator.comparingInt(Candidate::ranking).reversed().thenComparingLong(Candidate::serviceId))
                .map(Candidate::device).findFirst().orElse(null);
        Bound current = bound.get(name);
        if (current != null && current.device == best) {
            return;
        }
        unbind(name);
        if (best == null) {
            stack.setLink(name, false, null, 0, now);
            return;
        }
        LinkAttachment attachment;
        try {
            attachment = best.attach(new Consumer(name, best));
        } catch (IllegalStateException e) {
            stack.iface(name).counters().inc("link.attach_refused"); // someone else holds the device
            return;
        }
        bound.put(name, new Bound(best, attachment));
        loop.devices.put(name, best);
        stack.setLink(name, best.linkState() == LinkState.UP, best.mac(), best.mtu(), best.maxOffloadPacket(), now);
    }

    private void unbind(String name) {
        if (bound.containsKey(name)) {
            loop.transmitOutgoing(); // what the stack said last leaves before its device goes (a DHCP release)
        }
        Bound b = bound.remove(name);
        loop.devices.remove(name);
        if (b != null) {
            b.attachment.close();
            if (stack.iface(name) != null) {
                stack.setLink(name, false, null, 0, System.nanoTime());
            }
        }
    }

    /**
     * Frames at least this long that a device read into an array of ours are kept as they are (link contract 1.2);
     * shorter ones are copied, so that a small frame does not hold a 64 KiB array while it waits for the loop.
     */
    static final int KEPT_FRAME_MIN = 16 * 1024;

    /** Receives one device's frames and link events for the interface of its name. */
    private final class Consumer implements FrameConsumer {
        private final String name;
        private final NetworkDevice device;
        // the array offered for the device's next read; device thread only (callbacks never overlap)
        private byte[] offered;

        Consumer(String name, NetworkDevice device) {
            this.name = name;
            this.device = device;
        }

        @Override
        public byte[] frameArray(int length) {
            if (length < KEPT_FRAME_MIN || length > ReceiveBuffers.LARGE) {
                return null; // small frames are copied, as cheap as it gets
            }
            if (offered == null) {
                offered = loop.takeFrameArray(length);
            }
            return offered;
        }

        @Override
        public void receive(ByteBuffer frame) {
            if (offered != null && frame.hasArray() && frame.array() == offered && frame.remaining() >= KEPT_FRAME_MIN) {
                offered = null; // the loop keeps the array with the frame in it; the next read gets another
                loop.frameReceivedInArray(name, frame);
            } else {
                loop.frameReceived(name, frame); // copied: a small frame in our array leaves the array for the next read
            }
        }

        @Override
        public void endOfBatch() {
            loop.endOfBatch();
        }

        @Override
        public void linkStateChanged(LinkState state) {
            loop.execute(s -> {
                Bound b = bound.get(name);
                if (b != null && b.device == device) {
                    s.setLink(name, state == LinkState.UP, null, 0, System.nanoTime());
                }
            });
        }

        @Override
        public void detached() {
            loop.execute(s -> {
                Bound b = bound.get(name);
                if (b != null && b.device == device) {
                    bound.remove(name);
                    loop.devices.remove(name);
                    s.setLink(name, false, null, 0, System.nanoTime());
                    rebind(name); // another device of this name may be waiting
                }
            });
        }
    }

    // ----- configuration

    @Override
    public void configure(InterfaceConfig config) {
        loop.callAndWait(s -> {
            long now = System.nanoTime();
            String name = config.name();
            if (s.iface(name) == null) {
                s.addInterface(name, MacAddress.ZERO, 1500); // the device brings its MAC and MTU
            }
            configs.put(name, config);
            rebind(name);
            if (config.mode() == InterfaceConfig.Mode.STATIC) {
                s.releaseDhcp(name, now); // a lease from before the switch to static goes back to its server
                s.configureStatic(name, new InterfaceAddress(Ipv4Address.of(config.address()), config.prefixLength()),
                        config.gateway() == null ? null : Ipv4Address.of(config.gateway()));
                s.setDnsServers(name, config.dnsServers().stream().map(Ipv4Address::of).toList());
            } else {
                s.enableDhcp(name, config.hostname(), now);
            }
            return null;
        });
    }

    @Override
    public void unconfigure(String name) {
        loop.callAndWait(s -> {
            if (configs.remove(name) != null) {
                s.releaseDhcp(name, System.nanoTime()); // the lease goes back; unbind sends it before the device goes
                unbind(name);
                s.removeInterface(name);
                List<Inet4Address> dns = dnsServersOnLoop();
                fire(new NetworkEvent(NetworkEvent.Kind.INTERFACE_REMOVED, name, null, dns));
                fireDnsIfChanged(dns);
            }
            return null;
        });
    }

    @Override
    public void addRoute(Inet4Address network, int prefixLength, Inet4Address gateway, String interfaceName) {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length " + prefixLength);
        }
        loop.callAndWait(s -> {
            if (!configs.containsKey(interfaceName)) {
                throw new IllegalArgumentException("no interface " + interfaceName);
            }
            s.addRoute(new Route(Ipv4Address.of(network), prefixLength, gateway == null ? null : Ipv4Address.of(gateway),
                    interfaceName, 0, Route.Source.STATIC));
            return null;
        });
    }

    @Override
    public boolean removeRoute(Inet4Address network, int prefixLength) {
        Ipv4Address n = new Ipv4Address(Ipv4Address.of(network).bits() & Ipv4Address.mask(prefixLength));
        return loop.callAndWait(s -> s.routes().removeIf(r -> r.source() == Route.Source.STATIC && r.prefixLength() > 0
                && r.prefixLength() == prefixLength && r.network().equals(n)));
    }

    // ----- views

    @Override
    public List<InterfaceInfo> interfaces() {
        return loop.callAndWait(s -> configs.keySet().stream().map(n -> info(s.iface(n))).toList());
    }

    @Override
    public Optional<InterfaceInfo> iface(String name) {
        return loop.callAndWait(s -> configs.containsKey(name) ? Optional.of(info(s.iface(name))) : Optional.empty());
    }

    @Override
    public List<RouteInfo> routes() {
        return loop.callAndWait(s -> s.routes().snapshot().stream().map(StackService::info).toList());
    }

    @Override
    public List<NeighborInfo> neighbors() {
        return loop.callAndWait(s -> {
            List<NeighborInfo> list = new ArrayList<>();
            for (Interface i : s.interfaces()) {
                for (NeighborCache.Neighbor n : i.neighbors()) {
                    list.add(new NeighborInfo(i.name(), n.ip().toInetAddress(), n.mac() == null ? null : n.mac().toString()));
                }
            }
            return list;
        });
    }

    @Override
    public List<Inet4Address> dnsServers() {
        return loop.callAndWait(s -> dnsServersOnLoop());
    }

    private List<Inet4Address> dnsServersOnLoop() {
        LinkedHashSet<Inet4Address> all = new LinkedHashSet<>();
        for (String n : configs.keySet()) {
            Interface i = stack.iface(n);
            if (i != null) {
                i.dnsServers().forEach(a -> all.add(a.toInetAddress()));
            }
        }
        return List.copyOf(all);
    }

    private InterfaceInfo info(Interface i) {
        long now = System.nanoTime();
        InterfaceConfig cfg = configs.get(i.name());
        LeaseInfo lease = null;
        DhcpClient c = i.dhcp();
        if (c != null && c.lease() != null) {
            DhcpLease l = c.lease();
            lease = new LeaseInfo(c.state().name(), l.server().toInetAddress(), Duration.ofSeconds(l.leaseSeconds()),
                    Duration.ofNanos(Math.max(0, l.renewAt() - now)), Duration.ofNanos(Math.max(0, l.expiresAt() - now)),
                    l.hostname());
        }
        return new InterfaceInfo(i.name(), cfg == null ? InterfaceConfig.Mode.STATIC : cfg.mode(), i.mac().toString(),
                i.mtu(), i.isLinkUp(), i.address() == null ? null : i.address().address().toInetAddress(),
                i.address() == null ? -1 : i.address().prefixLength(),
                i.gateway() == null ? null : i.gateway().toInetAddress(),
                i.dnsServers().stream().map(Ipv4Address::toInetAddress).toList(), lease, i.counters().snapshot());
    }

    private static RouteInfo info(Route r) {
        return new RouteInfo(r.network().toInetAddress(), r.prefixLength(),
                r.gateway() == null ? null : r.gateway().toInetAddress(), r.interfaceName(), r.metric(),
                r.source().name().toLowerCase(Locale.ROOT));
    }

    // ----- events

    private void interfaceChanged(Interface i) {
        if (!configs.containsKey(i.name())) {
            return;
        }
        List<Inet4Address> dns = dnsServersOnLoop();
        fire(new NetworkEvent(NetworkEvent.Kind.INTERFACE_CHANGED, i.name(), info(i), dns));
        fireDnsIfChanged(dns);
    }

    private void fireDnsIfChanged(List<Inet4Address> dns) {
        if (!dns.equals(lastDns)) {
            lastDns = dns;
            fire(new NetworkEvent(NetworkEvent.Kind.DNS_SERVERS_CHANGED, null, null, dns));
        }
    }

    private void fire(NetworkEvent e) {
        events.execute(() -> listeners.forEach(l -> {
            try {
                l.changed(e);
            } catch (RuntimeException ex) {
                // a listener's failure must not stop the others
            }
        }));
    }

    @Override
    public AutoCloseable addListener(NetworkListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    // ----- sockets

    @Override
    public UdpSocket openUdp(int port) {
        return openUdp(new InetSocketAddress(Ipv4Address.UNSPECIFIED.toInetAddress(), port));
    }

    @Override
    public UdpSocket openUdp(InetSocketAddress local) {
        if (!(local.getAddress() instanceof Inet4Address a)) {
            throw new IllegalArgumentException("not an IPv4 address: " + local);
        }
        io.motenet.ip.internal.socket.UdpSocket s;
        try {
            s = loop.callAndWait(st -> st.bindUdp(Ipv4Address.of(a), local.getPort()));
        } catch (IllegalStateException e) {
            throw new NetException(e.getMessage());
        }
        UdpHandle h = new UdpHandle(loop, s, completions);
        loop.addHook(h);
        return h;
    }

    @Override
    public EchoReply ping(Inet4Address target, int size, Duration timeout) {
        try {
            return pingAsync(target, size, timeout).get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new NetException("ping failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NetException("interrupted while pinging " + target.getHostAddress());
        }
    }

    @Override
    public CompletableFuture<EchoReply> pingAsync(Inet4Address target, int size, Duration timeout) {
        if (size < 0 || size > 65507) {
            throw new IllegalArgumentException("ping size " + size + " is not within 0..65507");
        }
        CompletableFuture<EchoReply> f = new CompletableFuture<>();
        loop.execute(s -> pinger.send(s, Ipv4Address.of(target), size, timeout, f));
        return f;
    }

    // ----- TCP

    private final javax.net.SocketFactory socketFactory = new StackSocketFactory(this);

    @Override
    public io.motenet.net.TcpConnection connect(InetSocketAddress remote, Duration timeout) {
        return connect(remote, io.motenet.net.TcpSocketOptions.defaults().withConnectTimeout(timeout));
    }

    @Override
    public CompletableFuture<io.motenet.net.TcpConnection> connectAsync(InetSocketAddress remote, Duration timeout) {
        return connectAsync(remote, io.motenet.net.TcpSocketOptions.defaults().withConnectTimeout(timeout));
    }

    @Override
    public io.motenet.net.TcpConnection connect(InetSocketAddress remote, io.motenet.net.TcpSocketOptions options) {
        try {
            return startConnect(remote, options).get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new NetException("connect failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NetException("interrupted while connecting to " + remote);
        }
    }

    @Override
    public CompletableFuture<io.motenet.net.TcpConnection> connectAsync(InetSocketAddress remote,
            io.motenet.net.TcpSocketOptions options) {
        CompletableFuture<io.motenet.net.TcpConnection> outer = new CompletableFuture<>();
        startConnect(remote, options).whenCompleteAsync((c, e) -> {
            if (e != null) {
                outer.completeExceptionally(e);
            } else {
                outer.complete(c);
            }
        }, completions);
        return outer;
    }

    /** The SYN leaves on the loop; the handle completes the future once the handshake is done. */
    private CompletableFuture<io.motenet.net.TcpConnection> startConnect(InetSocketAddress remote,
            io.motenet.net.TcpSocketOptions options) {
        if (!(remote.getAddress() instanceof Inet4Address a) || remote.getPort() <= 0 || remote.getPort() > 65535) {
            throw new IllegalArgumentException("not an IPv4 address and port: " + remote);
        }
        CompletableFuture<io.motenet.net.TcpConnection> f = new CompletableFuture<>();
        loop.execute(s -> {
            io.motenet.ip.internal.socket.tcp.TcpConnection c = s.tcp().connect(null, 0, Ipv4Address.of(a),
                    remote.getPort(), TcpOptionsMapping.config(s.tcp().defaults(), options),
                    options.connectTimeout().toNanos(), System.nanoTime());
            if (c.failure() != null) {
                f.completeExceptionally(TcpHandle.exception(c.failure(), remote));
                return;
            }
            TcpHandle h = new TcpHandle(loop, c, completions);
            h.connecting = f;
            loop.addHook(h);
        });
        return f;
    }

    @Override
    public io.motenet.net.TcpServer listen(InetSocketAddress local, int backlog) {
        return listen(local, backlog, io.motenet.net.TcpSocketOptions.defaults());
    }

    @Override
    public io.motenet.net.TcpServer listen(InetSocketAddress local, int backlog, io.motenet.net.TcpSocketOptions options) {
        if (!(local.getAddress() instanceof Inet4Address a)) {
            throw new IllegalArgumentException("not an IPv4 address: " + local);
        }
        io.motenet.ip.internal.socket.tcp.TcpListener l;
        try {
            l = loop.callAndWait(s -> s.tcp().listen(Ipv4Address.of(a), local.getPort(), backlog,
                    TcpOptionsMapping.config(s.tcp().defaults(), options)));
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new NetException(e.getMessage());
        }
        TcpServerHandle h = new TcpServerHandle(loop, l, completions);
        loop.addHook(h);
        return h;
    }

    @Override
    public io.motenet.net.TcpInterceptor interceptTcp(int backlog) {
        return interceptTcp(backlog, io.motenet.net.TcpSocketOptions.defaults());
    }

    /** The SYN queue's bound: more undecided attempts than this the core would not hold anyway. */
    private static final int MAX_INTERCEPT_BACKLOG = 256;

    @Override
    public io.motenet.net.TcpInterceptor interceptTcp(int backlog, io.motenet.net.TcpSocketOptions options) {
        if (backlog <= 0) {
            throw new IllegalArgumentException("backlog " + backlog);
        }
        io.motenet.ip.internal.socket.tcp.TcpListener l;
        try {
            // the listener's own accept queue is drained on every poll; its size only needs to
            // cover the handshakes that complete within one
            l = loop.callAndWait(s -> s.interceptTcp(MAX_INTERCEPT_BACKLOG,
                    TcpOptionsMapping.config(s.tcp().defaults(), options)));
        } catch (IllegalStateException e) {
            throw new NetException("a TCP interceptor exists already");
        }
        TcpInterceptorHandle h = new TcpInterceptorHandle(loop, l, Math.min(backlog, MAX_INTERCEPT_BACKLOG), completions);
        loop.addHook(h);
        return h;
    }

    @Override
    public List<io.motenet.net.TcpInfo> tcpConnections() {
        return loop.callAndWait(s -> s.tcp().connections().stream().map(TcpHandle::info).toList());
    }

    @Override
    public javax.net.SocketFactory socketFactory() {
        return socketFactory;
    }

    /** A stack-wide counter ({@code tcp.rx}, ...), for tests. */
    long stackCounter(String name) {
        return loop.callAndWait(s -> s.counters().get(name));
    }

    /** Frames the loop kept in the arrays a device read them into (link contract 1.2), for tests. */
    long framesKept() {
        return loop.framesKept();
    }

    /** Frames dropped because the loop's receive queue was full. */
    public long droppedFrames() {
        return loop.droppedFrames();
    }
}
