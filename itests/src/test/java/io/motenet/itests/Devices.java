package io.motenet.itests;

import java.util.Comparator;
import java.util.Dictionary;
import java.util.Hashtable;

import io.motenet.link.NetworkDevice;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

/** NIC devices for the tests: vswitch ports made through Config Admin, and devices found by name. */
final class Devices {

    private Devices() {}

    /** A port of the in-JVM switch {@code switchName}, as an operator would configure it. */
    static void vswitchPort(ConfigurationAdmin configAdmin, BundleContext context, String switchName, String name,
            String mac, int mtu) throws Exception {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("name", name);
        props.put("switchName", switchName);
        props.put("mac", mac);
        props.put("mtu", mtu);
        configAdmin.getFactoryConfiguration("io.motenet.driver.vswitch.port", name,
                Configs.locationOf(context, "io.motenet.driver.vswitch")).update(props);
    }

    /** The device of that name a consumer would bind now (the best-ranked, a decorator over a driver), or null. */
    static ServiceReference<NetworkDevice> named(BundleContext context, String name) {
        try {
            return context.getServiceReferences(NetworkDevice.class, "(" + NetworkDevice.NAME + "=" + name + ")")
                    .stream().max(Comparator.naturalOrder()).orElse(null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
