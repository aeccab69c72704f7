package io.motenet.driver.tap.internal;

import java.security.SecureRandom;
import java.util.Hashtable;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.motenet.link.MacAddress;
import io.motenet.link.NetworkDevice;

/**
 * One TAP device per factory configuration ({@value #PID}), registered as a
 * {@link NetworkDevice}. Registered by hand, not by DS, because its properties hold what only
 * opening the device tells (the kernel's interface name for {@code tap%d}, a random MAC).
 * When the device cannot be made, activation fails with the {@link TapException}'s advice, which
 * SCR logs.
 */
@Component(configurationPid = TapDeviceComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = TapDeviceComponent.Config.class, factory = true)
public final class TapDeviceComponent {

    static final String PID = "io.motenet.driver.tap";
    static final String DRIVER = "tap";
    /** Extra service property: the kernel's interface name. */
    static final String INTERFACE = "motenet.tap.interface";

    @ObjectClassDefinition(name = "motenet TAP device", description = "A Linux TAP interface as a network device (needs CAP_NET_ADMIN).")
    @interface Config {
        @AttributeDefinition(description = "Kernel interface name, at most 15 characters; tap%d lets the kernel number it.")
        String name() default "tap0";

        @AttributeDefinition(description = "Our MAC address like 02:00:00:00:00:01; empty for a random locally administered one.")
        String mac() default "";

        @AttributeDefinition(description = "MTU in octets; the kernel side is set to match.", min = "68", max = "65535")
        int mtu() default 1500;

        @AttributeDefinition(description = "TCP segmentation offload and receive coalescing through the virtio-net "
                + "header: the kernel hands over TCP/IPv4 frames of up to 64 KiB and takes such frames to segment. "
                + "motenet's IP stack handles both; turn it off for a consumer that cannot take frames longer than "
                + "the MTU.")
        boolean offload() default true;
    }

    private final TapDevice device;
    private final ServiceRegistration<NetworkDevice> registration;

    @Activate
    public TapDeviceComponent(Config config, BundleContext context) throws TapException {
        MacAddress mac = config.mac().isBlank() ? MacAddress.randomLocal(new SecureRandom()) : MacAddress.parse(config.mac());
        device = TapDevice.open(config.name(), mac, config.mtu(), TapDevice.DEFAULT_READ_BATCH, config.offload());
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(NetworkDevice.NAME, device.name());
        props.put(NetworkDevice.DRIVER, DRIVER);
        props.put(NetworkDevice.MAC, device.mac().toString());
        props.put(NetworkDevice.MTU, device.mtu());
        props.put(INTERFACE, device.interfaceName());
        registration = context.registerService(NetworkDevice.class, device, props);
    }

    /** The consumer hears link-down and is detached, then the service goes, then the descriptor closes. */
    @Deactivate
    void deactivate() {
        device.close();
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework unregisters a stopping bundle's services itself
        }
    }
}
