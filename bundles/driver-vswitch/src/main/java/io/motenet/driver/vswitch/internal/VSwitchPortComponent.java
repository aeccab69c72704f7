package io.motenet.driver.vswitch.internal;

import java.security.SecureRandom;
import java.util.Hashtable;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.motenet.link.MacAddress;
import io.motenet.link.NetworkDevice;

/**
 * One vswitch port per factory configuration, registered as a {@link NetworkDevice} service.
 * The service is registered by hand rather than by DS because its properties include values
 * computed at activation (a random MAC when none is configured).
 */
@Component(configurationPid = VSwitchPortComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = VSwitchPortComponent.Config.class, factory = true)
public final class VSwitchPortComponent {

    static final String PID = "io.motenet.driver.vswitch.port";
    static final String DRIVER = "vswitch";

    @ObjectClassDefinition(name = "motenet vswitch port", description = "A port of an in-JVM Ethernet switch, as a network device.")
    @interface Config {
        @AttributeDefinition(description = "Device name, unique in the runtime (e.g. vs0).")
        String name();

        @AttributeDefinition(description = "Switch the port belongs to; ports naming the same switch are joined.")
        String switchName() default "vswitch0";

        @AttributeDefinition(description = "MAC address like 02:00:00:00:00:01; empty for a random locally administered one.")
        String mac() default "";

        @AttributeDefinition(description = "MTU in octets.", min = "68", max = "65535")
        int mtu() default 1500;
    }

    private final SwitchPort port;
    private final ServiceRegistration<NetworkDevice> registration;

    @Activate
    public VSwitchPortComponent(Config config, @Reference SwitchHub hub, BundleContext context) {
        MacAddress mac = config.mac().isBlank() ? MacAddress.randomLocal(new SecureRandom()) : MacAddress.parse(config.mac());
        port = hub.get(config.switchName()).addPort(config.name(), mac, config.mtu());
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(NetworkDevice.NAME, port.name());
        props.put(NetworkDevice.DRIVER, DRIVER);
        props.put(NetworkDevice.MAC, port.mac().toString());
        props.put(NetworkDevice.MTU, port.mtu());
        props.put("motenet.vswitch.switch", config.switchName());
        registration = context.registerService(NetworkDevice.class, port, props);
    }

    /** Link down and consumer detached first, so the consumer hears it; then the service goes. */
    @Deactivate
    void deactivate() {
        port.close();
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework unregisters a stopping bundle's services itself
        }
    }
}
