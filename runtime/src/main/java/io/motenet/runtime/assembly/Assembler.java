package io.motenet.runtime.assembly;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Builds one Felix distribution per feature, in Felix's classic layout:
 * <pre>
 *   bin/felix.jar           the launcher (org.apache.felix.main)
 *   conf/config.properties  framework properties
 *   bundle/                 started at launch, in the feature's order
 *   deploy/                 hot-deployed by FileInstall; drop in or delete a jar to swap it live
 *   etc/                    configurations (*.config) that FileInstall hands to Config Admin
 *   log/                    the runtime's log
 * </pre>
 * Usage: {@code Assembler FEATURES_DIR REPO_DIR TEMPLATE_DIR OUTPUT_DIR}.
 */
public final class Assembler {

    static final String LAUNCHER = "org.apache.felix:org.apache.felix.main";
    static final String CONSOLE = "org.apache.felix:org.apache.felix.gogo.shell";

    private final FeatureLoader features;
    private final ArtifactRepository repository;
    private final Path template;

    Assembler(FeatureLoader features, ArtifactRepository repository, Path template) {
        this.features = features;
        this.repository = repository;
        this.template = template;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: Assembler FEATURES_DIR REPO_DIR TEMPLATE_DIR OUTPUT_DIR");
        }
        Assembler assembler = new Assembler(new FeatureLoader(Path.of(args[0])), new ArtifactRepository(Path.of(args[1])),
                Path.of(args[2]));
        Path output = Path.of(args[3]);
        for (String name : assembler.features.names()) {
            Path dist = assembler.assemble(name, output.resolve(name));
            System.out.println("[motenet] assembled feature '" + name + "' into " + dist);
        }
    }

    Path assemble(String name, Path dist) throws IOException {
        Feature feature = features.resolve(name);
        deleteTree(dist);
        copyTree(template, dist);
        for (String dir : new String[] {"bin", "bundle", "deploy", "etc", "log"}) {
            Files.createDirectories(dist.resolve(dir));
        }
        Files.copy(repository.jar(LAUNCHER), dist.resolve("bin/felix.jar"));
        // Felix starts bundle/ in file-name order: a numeric prefix keeps the feature's order (APIs before users),
        // except that the console comes last.
        int index = 0;
        for (String bundle : consoleLast(feature.bundles())) {
            Path jar = repository.jar(bundle);
            Files.copy(jar, dist.resolve("bundle").resolve(String.format("%03d-%s", index++, jar.getFileName())));
        }
        for (String bundle : feature.deploy()) {
            Path jar = repository.jar(bundle);
            Files.copy(jar, dist.resolve("deploy").resolve(jar.getFileName()));
        }
        for (Map.Entry<String, Map<String, Object>> config : feature.configurations().entrySet()) {
            Files.writeString(dist.resolve("etc").resolve(configFileName(config.getKey())),
                    ConfigFileFormat.write(config.getValue()), StandardCharsets.UTF_8);
        }
        return dist;
    }

    /**
     * The feature's bundles with Gogo's console moved to the end. The console reads stdin as soon as its bundle
     * starts, and Felix starts bundle/ one by one on one thread (SCR registers each bundle's components as it
     * starts): started last, it reads the first line only once every command of bundle/ is there, so commands
     * piped in at once ({@code echo net:ifconfig | ./motenet shell}) no longer meet "Command not found".
     */
    static List<String> consoleLast(List<String> bundles) {
        List<String> ordered = new ArrayList<>(bundles);
        if (ordered.remove(CONSOLE)) {
            ordered.add(CONSOLE);
        }
        return ordered;
    }

    /** FileInstall reads {@code factoryPid-name.config} as a factory configuration; features write {@code factoryPid~name}. */
    static String configFileName(String pid) {
        return pid.replace('~', '-') + ".config";
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
