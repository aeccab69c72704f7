package io.motenet.runtime.assembly;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The jars Maven copied for the runtime, in repository layout ({@code group/path/artifact/version/file.jar}).
 * A feature names {@code groupId:artifactId}; exactly one version of it must be there.
 */
final class ArtifactRepository {

    private final Path root;

    ArtifactRepository(Path root) {
        this.root = root;
    }

    Path jar(String coordinates) throws IOException {
        String[] parts = coordinates.split(":");
        if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new IOException("'" + coordinates + "' is not groupId:artifactId");
        }
        Path artifactDir = root.resolve(parts[0].replace('.', '/')).resolve(parts[1]);
        if (!Files.isDirectory(artifactDir)) {
            throw new IOException(coordinates + " is not among the runtime's dependencies: add it to runtime/pom.xml");
        }
        List<Path> jars;
        try (Stream<Path> files = Files.walk(artifactDir, 2)) {
            jars = files.filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .filter(p -> !p.getFileName().toString().endsWith("-sources.jar"))
                    .toList();
        }
        if (jars.size() != 1) {
            throw new IOException("expected one jar of " + coordinates + " under " + artifactDir + ", found " + jars);
        }
        return jars.getFirst();
    }
}
