package io.motenet.itests;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import io.motenet.runtime.launch.RuntimeProcess;
import org.junit.Test;

/**
 * The distribution as a person runs it: a bundle dropped into {@code deploy/} is installed and started while the
 * runtime runs, deleting it uninstalls it, and configurations in {@code etc/} reach Config Admin.
 */
public class DeployFolderIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    public void droppingAndDeletingABundleSwapsItLive() throws Exception {
        Path dist = copyOfDistribution();
        try (RuntimeProcess runtime = RuntimeProcess.start(dist, RuntimeProcess.currentJavaHome())) {
            runtime.awaitCommand("motenet:status", TIMEOUT);

            String logWriter = runtime.execute("scr:info io.motenet.log.internal.LogFileWriter", TIMEOUT);
            assertTrue("etc/io.motenet.log.config reached Config Admin:\n" + logWriter,
                    logWriter.contains("felix.fileinstall.filename") && logWriter.contains("etc/io.motenet.log.config"));

            Path api = dist.resolve("deploy/greeter-api.jar");
            Path provider = dist.resolve("deploy/greeter-provider-a.jar");
            Files.copy(Path.of(java.net.URI.create(MotenetOptions.fixture("io.motenet.itest.greeter.api"))), api);
            Files.copy(Path.of(java.net.URI.create(MotenetOptions.fixture("io.motenet.itest.greeter.provider.a"))),
                    provider);
            awaitLb(runtime, "itest fixture: greeter provider A", true);

            Files.delete(provider);
            awaitLb(runtime, "itest fixture: greeter provider A", false);
            String lb = runtime.execute("lb", TIMEOUT);
            assertTrue("the contract stays while its jar stays:\n" + lb, lb.contains("itest fixture: greeter contract"));
        } finally {
            deleteTree(dist);
        }
    }

    private static void awaitLb(RuntimeProcess runtime, String bundleName, boolean present) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        String lb;
        do {
            lb = runtime.execute("lb", TIMEOUT);
            boolean active = lb.lines().anyMatch(l -> l.contains("|Active") && l.contains(bundleName));
            boolean listed = lb.contains(bundleName);
            if (present ? active : !listed) {
                return;
            }
            Thread.sleep(100); // FileInstall polls deploy/ every 500 ms
        } while (System.nanoTime() < deadline);
        if (present) {
            throw new AssertionError(bundleName + " did not become Active from deploy/:\n" + lb);
        }
        assertFalse(bundleName + " was not uninstalled when its jar was deleted:\n" + lb, lb.contains(bundleName));
    }

    /** Each run gets its own copy, so the shared distribution's deploy/ is never changed by a test. */
    private static Path copyOfDistribution() throws IOException {
        Path source = Path.of(System.getProperty("motenet.dist", "../runtime/target/dist/default"));
        Path target = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "motenet-dist-");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String relative = source.relativize(p).toString();
                if (relative.startsWith("felix-cache") || relative.startsWith("log/")) {
                    continue;
                }
                Path to = target.resolve(relative);
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return target;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
