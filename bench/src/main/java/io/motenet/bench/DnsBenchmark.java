package io.motenet.bench;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.motenet.dns.RecordType;
import io.motenet.dns.internal.DnsResolver;
import io.motenet.dns.internal.transport.StackResolver;
import io.motenet.ip.internal.stack.StackService;
import io.motenet.ip.internal.wire.Ipv4Address;
import io.motenet.link.NetworkDevice;
import io.motenet.net.InterfaceConfig;
import io.motenet.testing.lab.Lab;
import io.motenet.testing.lab.LabOptions;
import org.xbill.DNS.Cache;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import org.xbill.DNS.lookup.LookupSession;

/**
 * DNS lookups through motenet beside the same lookups through the JDK's kernel sockets, in one
 * run. Both sides use dnsjava's {@code LookupSession} with the same settings; only the transport
 * differs: motenet's resolver over our UDP, TAP and a dnsmasq in a lab namespace, against
 * dnsjava's own {@code SimpleResolver} (NIO datagram channels) to a second dnsmasq with the same
 * configuration on loopback (a JVM in the root namespace cannot reach the namespace's). Uncached:
 * a cache of size 0, so every lookup is a query and an answer; cached: every name is in the cache.
 * The motenet side also pays for its API (records turned into {@code DnsAnswer}s with text data),
 * which the JDK side, reading dnsjava's result directly, does not.
 * Needs root and dnsmasq (see tools/debian-packages.txt).
 */
final class DnsBenchmark implements Benchmark {
    static final String OUR_IP = "10.77.0.2";
    static final String DNSMASQ_IP = "10.77.0.1";

    @Override
    public String name() {
        return "dns";
    }

    @Override
    public String description() {
        return "A lookups/s and latency: motenet (TAP, namespace dnsmasq) beside the JDK's sockets (loopback dnsmasq), uncached and cached";
    }

    @Override
    public String usage() {
        return "--seconds S per measurement (default 3)  --concurrency N lookups in flight (default 16)  --names N (default 1000)";
    }

    /** One side's lookups: the name's A records, blocking. */
    interface Side {
        int lookup(String name) throws Exception;
    }

    @Override
    public BenchReport run(BenchOptions options) throws Exception {
        int seconds = options.integer("seconds", 3);
        int concurrency = options.integer("concurrency", 16);
        int names = options.integer("names", 1000);
        Path dir = Files.createTempDirectory("motenet-bench-dns");
        Path hosts = dir.resolve("hosts");
        StringBuilder h = new StringBuilder();
        for (int i = 0; i < names; i++) {
            h.append("10.88.").append(i / 250).append('.').append(i % 250 + 1).append(" n").append(i).append(".bench.test\n");
        }
        Files.writeString(hosts, h, StandardCharsets.US_ASCII);

        BenchReport report = new BenchReport(name(), List.of("lookups", "motenet/s", "JDK/s", "motenet÷JDK",
                "motenet median µs", "JDK median µs", "motenet p99 µs", "JDK p99 µs"))
                .condition("seconds per measurement", seconds).condition("names", names)
                .condition("motenet", "DnsResolver over the stack's UDP, TAP into a namespace, dnsmasq there")
                .condition("JDK", "LookupSession over dnsjava's SimpleResolver (kernel UDP), dnsmasq on loopback")
                .condition("dnsmasq", "same configuration both: hosts file, --local-ttl=300, no upstream");
        int loopbackPort = freeUdpPort();
        Process loopback = start(dnsmasq(dir, hosts, "127.0.0.1", loopbackPort, "lo"));
        try (Lab lab = Lab.start(LabOptions.defaults())) {
            Process inLab = lab.spawn(dnsmasq(dir, hosts, DNSMASQ_IP, 53, "in").toArray(String[]::new));
            StackService stack = new StackService(4096, 5);
            try {
                NetworkDevice d = lab.device();
                stack.bindDevice(d, Map.of(NetworkDevice.NAME, d.name(), "service.id", 1L));
                stack.configure(InterfaceConfig.staticAddress(lab.interfaceName(), Ipv4Address.parse(OUR_IP).toInetAddress(), 24,
                        null, List.of()));
                try (DnsResolver uncached = motenet(stack, dir, 0); DnsResolver cached = motenet(stack, dir, 2 * names)) {
                    Side ourUncached = n -> uncached.lookup(n, RecordType.A).records().size();
                    Side ourCached = n -> cached.lookup(n, RecordType.A).records().size();
                    Side jdkUncached = jdk(loopbackPort, 0);
                    Side jdkCached = jdk(loopbackPort, 2 * names);
                    awaitAnswers(ourUncached, inLab);
                    awaitAnswers(jdkUncached, loopback);
                    measure(report, "uncached, one at a time", ourUncached, jdkUncached, names, seconds, 1);
                    measure(report, "uncached, " + concurrency + " in flight", ourUncached, jdkUncached, names, seconds, concurrency);
                    for (int i = 0; i < names; i++) { // fill both caches
                        ourCached.lookup("n" + i + ".bench.test.");
                        jdkCached.lookup("n" + i + ".bench.test.");
                    }
                    measure(report, "cached, one at a time", ourCached, jdkCached, names, seconds, 1);
                    measure(report, "cached, " + concurrency + " in flight", ourCached, jdkCached, names, seconds, concurrency);
                    report.condition("motenet counters (uncached resolver)", uncached.status().counters());
                }
            } finally {
                stack.deactivate();
                inLab.destroy();
                inLab.waitFor(5, TimeUnit.SECONDS);
            }
        } finally {
            loopback.destroy();
            loopback.waitFor(5, TimeUnit.SECONDS);
        }
        return report;
    }

    private static DnsResolver motenet(StackService stack, Path dir, int cacheEntries) {
        return new DnsResolver(new DnsResolver.Settings(List.of(new InetSocketAddress(Ipv4Address.parse(DNSMASQ_IP).toInetAddress(), 53)),
                List.of(), 1, new String[0], dir.resolve("motenet-hosts-" + cacheEntries),
                new StackResolver.Settings(Duration.ofSeconds(1), 3, Duration.ofSeconds(2), 1232), cacheEntries, 900),
                stack, () -> null);
    }

    private static Side jdk(int port, int cacheEntries) throws IOException {
        SimpleResolver r = new SimpleResolver(new InetSocketAddress("127.0.0.1", port));
        r.setEDNS(0, 1232, 0, List.of());
        r.setTimeout(Duration.ofSeconds(1));
        Cache cache = new Cache(DClass.IN);
        cache.setMaxEntries(cacheEntries);
        LookupSession session = LookupSession.builder().resolver(r).cache(cache).build();
        return n -> session.lookupAsync(Name.fromString(n), Type.A).toCompletableFuture().get().getRecords().size();
    }

    /** Until the server answers (it binds its port a moment after it starts). */
    private static void awaitAnswers(Side side, Process server) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try {
                if (side.lookup("n0.bench.test.") == 1) {
                    return;
                }
            } catch (Exception e) {
                if (!server.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("dnsmasq does not answer: "
                            + (server.isAlive() ? e.getMessage() : new String(server.getInputStream().readAllBytes(), StandardCharsets.UTF_8)), e);
                }
                Thread.sleep(50);
            }
        }
    }

    record Run(double perSecond, double medianMicros, double p99Micros, long errors) {
    }

    private static void measure(BenchReport report, String what, Side ours, Side jdk, int names, int seconds, int inFlight)
            throws Exception {
        run(ours, names, 1, inFlight); // warm-up
        run(jdk, names, 1, inFlight);
        Run a = run(ours, names, seconds, inFlight);
        Run b = run(jdk, names, seconds, inFlight);
        report.row(what, f(a.perSecond()), f(b.perSecond()), String.format("%.2f", a.perSecond() / b.perSecond()),
                us(a.medianMicros()), us(b.medianMicros()), us(a.p99Micros()), us(b.p99Micros()));
        String key = what.replaceAll("[^a-z0-9]+", "_").replaceAll("_$", "");
        report.figure(key + "_motenet_per_s", Math.round(a.perSecond()));
        report.figure(key + "_jdk_per_s", Math.round(b.perSecond()));
        report.figure(key + "_ratio", Math.round(a.perSecond() / b.perSecond() * 100) / 100.0);
        if (a.errors() + b.errors() > 0) {
            report.condition("errors in '" + what + "'", "motenet " + a.errors() + ", JDK " + b.errors());
        }
    }

    /** {@code inFlight} virtual threads, each looking up names in turn, for {@code seconds}. */
    private static Run run(Side side, int names, int seconds, int inFlight) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicLong errors = new AtomicLong();
        List<long[]> samples = new ArrayList<>();
        long start = System.nanoTime();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<long[]>> all = new ArrayList<>();
            for (int t = 0; t < inFlight; t++) {
                int first = t * (names / Math.max(1, inFlight));
                all.add(threads.submit(() -> {
                    long[] lat = new long[1 << 16];
                    int n = 0;
                    for (int i = first; System.nanoTime() < end; i++) {
                        long t0 = System.nanoTime();
                        try {
                            if (side.lookup("n" + (i % names) + ".bench.test.") != 1) {
                                errors.incrementAndGet();
                            }
                        } catch (Exception e) {
                            errors.incrementAndGet();
                        }
                        if (n == lat.length) {
                            lat = Arrays.copyOf(lat, n * 2);
                        }
                        lat[n++] = System.nanoTime() - t0;
                    }
                    return Arrays.copyOf(lat, n);
                }));
            }
            for (Future<long[]> f : all) {
                samples.add(f.get());
            }
        }
        long elapsed = System.nanoTime() - start;
        long[] lat = samples.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Run(lat.length * 1e9 / elapsed, lat[lat.length / 2] / 1000.0, lat[(int) (lat.length * 0.99)] / 1000.0, errors.get());
    }

    private static String us(double micros) {
        return String.format(micros < 10 ? "%.2f" : "%.0f", micros);
    }

    private static String f(double v) {
        return String.format("%,.0f", v);
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** dnsmasq with the benchmark's hosts file, as a DNS server only, in the foreground. */
    private static List<String> dnsmasq(Path dir, Path hosts, String address, int port, String tag) {
        return List.of("dnsmasq", "--no-daemon", "--conf-file=/dev/null", "--no-resolv", "--no-hosts",
                "--addn-hosts=" + hosts, "--local-ttl=300", "--local=/bench.test/", "--listen-address=" + address,
                "--port=" + port, "--bind-interfaces", "--cache-size=10000", "--pid-file=" + dir.resolve("dnsmasq-" + tag + ".pid"));
    }

    private static Process start(List<String> cmd) throws IOException {
        try {
            return new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("cannot start dnsmasq (DEBIAN_FRONTEND=noninteractive apt-get install -y dnsmasq-base): " + e.getMessage(), e);
        }
    }
}
