package io.motenet.itests;

import java.util.Arrays;

import org.osgi.framework.BundleContext;

/**
 * Where a test's configurations are bound. A "?" location is bound on first use, and Config Admin then sends a
 * location-changed event that can make SCR restart the component once more, under the test's feet; binding to
 * the consuming bundle's location at once avoids that second restart.
 */
final class Configs {

    private Configs() {}

    /** The location of the bundle with that symbolic name. */
    static String locationOf(BundleContext context, String symbolicName) {
        return Arrays.stream(context.getBundles())
                .filter(b -> symbolicName.equals(b.getSymbolicName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("bundle " + symbolicName + " is not installed"))
                .getLocation();
    }
}
