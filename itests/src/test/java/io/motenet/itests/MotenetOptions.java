package io.motenet.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.ops4j.pax.exam.Option;

/**
 * The container every motenet Pax Exam test runs in: the bundles of the assembled default runtime (the same files
 * ./motenet shell starts), minus the two that would act on the test JVM itself — the Gogo shell (it reads stdin,
 * which the test runner uses) and FileInstall (it watches folders of the working directory).
 */
public final class MotenetOptions {

    private static final Set<String> NOT_IN_TESTS = Set.of("org.apache.felix.gogo.shell", "org.apache.felix.fileinstall");

    private MotenetOptions() {}

    public static Option runtime() {
        Path dist = Path.of(System.getProperty("motenet.dist", "../runtime/target/dist/default"));
        Stream<Path> jars = Stream.concat(list(dist.resolve("bundle")), list(dist.resolve("deploy")));
        Option[] bundles = jars
                .filter(jar -> NOT_IN_TESTS.stream().noneMatch(name -> jar.getFileName().toString().contains(name)))
                .map(jar -> bundle(jar.toUri().toString()))
                .toArray(Option[]::new);
        if (bundles.length == 0) {
            throw new IllegalStateException("no runtime bundles under " + dist + ": build the runtime module first");
        }
        return composite(
                systemProperty("pax.exam.osgi.unresolved.fail").value("true"),
                systemProperty("pax.exam.service.timeout").value("10000"),
                cleanCaches(true),
                junitBundles(),
                composite(bundles));
    }

    /** A test-only bundle that the build copied to the fixtures folder, as a URI to install. */
    public static String fixture(String artifactId) {
        Path jar = Path.of(System.getProperty("motenet.fixtures", "target/fixtures")).resolve(artifactId + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("fixture bundle " + jar + " is missing: run the build through Maven");
        }
        return jar.toUri().toString();
    }

    private static Stream<Path> list(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> jars = files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
            return jars.stream();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }
}
