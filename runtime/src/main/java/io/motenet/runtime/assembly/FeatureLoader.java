package io.motenet.runtime.assembly;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads features from a folder and flattens their includes into one effective feature. */
final class FeatureLoader {

    private final Path folder;
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    FeatureLoader(Path folder) {
        this.folder = folder;
    }

    List<String> names() throws IOException {
        try (var files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - ".json".length()))
                    .sorted()
                    .toList();
        }
    }

    Feature read(String name) throws IOException {
        Path file = folder.resolve(name + ".json");
        if (!Files.isRegularFile(file)) {
            throw new IOException("feature '" + name + "' not found: no " + file);
        }
        Feature feature;
        try {
            feature = json.readValue(file.toFile(), Feature.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException("feature file " + file + " is not valid: " + e.getMessage(), e);
        }
        if (!feature.id().equals(name)) {
            throw new IOException("feature file " + file + " has id '" + feature.id() + "'; it must equal the file name");
        }
        return feature;
    }

    /** The feature with all its includes merged in, includes first; later configurations win per PID. */
    Feature resolve(String name) throws IOException {
        Set<String> bundles = new LinkedHashSet<>();
        Set<String> deploy = new LinkedHashSet<>();
        Map<String, Map<String, Object>> configurations = new LinkedHashMap<>();
        Feature top = read(name);
        merge(top, new ArrayDeque<>(), bundles, deploy, configurations);
        deploy.removeAll(bundles); // a bundle started from bundle/ must not be installed twice
        return new Feature(top.id(), top.description(), List.of(), new ArrayList<>(bundles), new ArrayList<>(deploy),
                configurations);
    }

    private void merge(Feature feature, Deque<String> path, Set<String> bundles, Set<String> deploy,
            Map<String, Map<String, Object>> configurations) throws IOException {
        if (path.contains(feature.id())) {
            throw new IOException("features include each other in a cycle: " + String.join(" -> ", path) + " -> "
                    + feature.id());
        }
        path.addLast(feature.id());
        for (String include : feature.includes()) {
            merge(read(include), path, bundles, deploy, configurations);
        }
        bundles.addAll(feature.bundles());
        deploy.addAll(feature.deploy());
        feature.configurations().forEach((pid, props) ->
                configurations.merge(pid, props, (old, now) -> {
                    Map<String, Object> merged = new LinkedHashMap<>(old);
                    merged.putAll(now);
                    return merged;
                }));
        path.removeLast();
    }
}
