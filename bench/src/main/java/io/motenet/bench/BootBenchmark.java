package io.motenet.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import io.motenet.runtime.launch.RuntimeProcess;

/**
 * JVM start to a Gogo command answering: the default runtime is started as a fresh process again and again, and
 * each time the clock stops when {@code motenet:status} answers. Beside it, the same JDK's bare start
 * ({@code java -version}) shows how much of that is the JVM itself.
 */
final class BootBenchmark implements Benchmark {

    @Override
    public String name() {
        return "boot";
    }

    @Override
    public String description() {
        return "JVM start to the first Gogo command answering, default runtime";
    }

    @Override
    public String usage() {
        return "--runs N (default 10; one extra warm-up run is not counted)  --dist FOLDER (default runtime/target/dist/default)";
    }

    @Override
    public BenchReport run(BenchOptions options) throws Exception {
        int runs = options.integer("runs", 10);
        Path root = Path.of(System.getProperty("motenet.root", "."));
        Path dist = Path.of(options.string("dist", root.resolve("runtime/target/dist/default").toString()));
        Path javaHome = RuntimeProcess.currentJavaHome();

        double[] boot = new double[runs];
        double[] jvm = new double[runs];
        measureBoot(dist, javaHome); // warm the page cache and the CDS archive
        for (int i = 0; i < runs; i++) {
            boot[i] = measureBoot(dist, javaHome);
            jvm[i] = measureJvm(javaHome);
        }
        Stats b = Stats.of(boot);
        Stats j = Stats.of(jvm);
        long bundles;
        try (Stream<Path> files = Files.list(dist.resolve("bundle"))) {
            bundles = files.count();
        }
        BenchReport report = new BenchReport(name(), List.of("measure", "min ms", "median ms", "mean ms", "max ms"))
                .condition("runs", runs)
                .condition("bundles", bundles + 1)
                .condition("distribution", dist.toAbsolutePath().normalize().toString())
                .row("runtime: JVM start to motenet:status", f(b.min()), f(b.median()), f(b.mean()), f(b.max()))
                .row("JVM alone: java -version", f(j.min()), f(j.median()), f(j.mean()), f(j.max()));
        report.figure("boot_ms_median", round(b.median())).figure("boot_ms_min", round(b.min()))
                .figure("boot_ms_max", round(b.max()))
                .figure("peer", "java -version (JVM start alone)").figure("peer_ms_median", round(j.median()))
                .figure("ratio_boot_to_jvm", round(b.median() / j.median()))
                .figure("target_ms", 1000);
        return report;
    }

    private static double measureBoot(Path dist, Path javaHome) throws Exception {
        try (RuntimeProcess runtime = RuntimeProcess.start(dist, javaHome)) {
            Duration d = runtime.awaitCommand("motenet:status", Duration.ofSeconds(60));
            runtime.stop(Duration.ofSeconds(30));
            return d.toNanos() / 1e6;
        }
    }

    private static double measureJvm(Path javaHome) throws Exception {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(javaHome.resolve("bin/java").toString(), "-version")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("java -version failed");
        }
        return (System.nanoTime() - start) / 1e6;
    }

    private static String f(double ms) {
        return String.format("%.0f", ms);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
