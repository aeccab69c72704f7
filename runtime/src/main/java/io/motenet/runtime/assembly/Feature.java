package io.motenet.runtime.assembly;

import java.util.List;
import java.util.Map;

/**
 * One deployment profile from {@code features/NAME.json}: the bundles a runtime starts with, the bundles it
 * hot-deploys, and the configurations it gets. Artifacts are named {@code groupId:artifactId}; their version
 * is the one the runtime's POM resolves, so versions live in one place.
 *
 * @param id             the profile's name, equal to its file name
 * @param description    what the profile is for
 * @param includes       profiles whose contents come first
 * @param bundles        installed and started from {@code bundle/} at launch
 * @param deploy         copied to {@code deploy/}, where FileInstall starts them and a person may swap them
 * @param configurations PID (or {@code factoryPid~name}) to properties, written to {@code etc/}
 */
record Feature(String id, String description, List<String> includes, List<String> bundles, List<String> deploy,
        Map<String, Map<String, Object>> configurations) {

    Feature {
        includes = includes == null ? List.of() : List.copyOf(includes);
        bundles = bundles == null ? List.of() : List.copyOf(bundles);
        deploy = deploy == null ? List.of() : List.copyOf(deploy);
        configurations = configurations == null ? Map.of() : Map.copyOf(configurations);
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a feature needs an \"id\"");
        }
    }
}
