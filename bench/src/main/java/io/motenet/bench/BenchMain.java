package io.motenet.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** {@code ./motenet bench [NAME [OPTIONS]]}: lists the benchmarks, or runs one and prints its report. */
public final class BenchMain {

    static List<Benchmark> benchmarks() {
        return List.of(new BootBenchmark(), new VswitchBenchmark(), new TapBenchmark(), new PkixBenchmark(),
                new IpPollBenchmark(), new TcpLoopbackBenchmark(), new TcpConnsBenchmark(),
                new TcpTapBenchmark(), new DnsBenchmark());
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.out.println("benchmarks (./motenet bench NAME [--help]):");
            for (Benchmark b : benchmarks()) {
                System.out.printf("  %-14s %s%n", b.name(), b.description());
            }
            return;
        }
        Optional<Benchmark> found = benchmarks().stream().filter(b -> b.name().equals(args[0])).findFirst();
        if (found.isEmpty()) {
            System.err.println("motenet bench: no benchmark '" + args[0] + "'; ./motenet bench lists them");
            System.exit(2);
        }
        Benchmark benchmark = found.get();
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        if (Arrays.asList(rest).contains("--help")) {
            System.out.println("./motenet bench " + benchmark.name() + ": " + benchmark.description());
            System.out.println("options: " + benchmark.usage());
            return;
        }
        BenchOptions options;
        try {
            options = new BenchOptions(rest);
        } catch (IllegalArgumentException e) {
            System.err.println("motenet bench " + benchmark.name() + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        System.out.print(benchmark.run(options).render());
    }
}
