package io.motenet.link.internal.ds;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.motenet.link.internal.capture.CapturingDevice;
import io.motenet.link.internal.support.AbstractDevice;

/**
 * pcapng capture on the device of a name, one factory configuration per device. The capturing
 * decorator is ranked {@value #RANK}, above fault injection, so it records what the stack really
 * sent and received. Setting {@code enabled} or {@code file} starts, stops or moves the capture at
 * run time without disturbing the device's consumer.
 */
@Component(configurationPid = CaptureDecoratorComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = CaptureDecoratorComponent.Config.class, factory = true)
public final class CaptureDecoratorComponent {

    static final String PID = "io.motenet.link.capture";
    static final int RANK = 200;

    @ObjectClassDefinition(name = "motenet capture", description = "pcapng capture of one network device, readable by Wireshark and tshark.")
    @interface Config {
        @AttributeDefinition(description = "Name of the device to capture (motenet.link.name).")
        String device();

        @AttributeDefinition(description = "The pcapng file (overwritten when a capture starts); relative to the runtime's folder.")
        String file() default "capture/device.pcapng";

        @AttributeDefinition(description = "Capture now; false keeps the decorator in place without writing.")
        boolean enabled() default true;
    }

    private final DecoratorTracker tracker;
    private volatile Config config;

    @Activate
    public CaptureDecoratorComponent(Config config, BundleContext context) {
        this.config = config;
        tracker = new DecoratorTracker(context, config.device(), "capture", RANK, inner -> {
            CapturingDevice d = new CapturingDevice(inner);
            apply(d, this.config);
            return d;
        });
        tracker.open();
    }

    @Modified
    void modified(Config changed) {
        if (!changed.device().equals(config.device())) {
            throw new IllegalArgumentException("the captured device cannot change; make another capture configuration");
        }
        config = changed;
        AbstractDevice d = tracker.decorator();
        if (d instanceof CapturingDevice c) {
            apply(c, changed);
        }
    }

    private static void apply(CapturingDevice device, Config config) {
        try {
            if (config.enabled()) {
                Path file = Path.of(config.file());
                if (file.getParent() != null) {
                    Files.createDirectories(file.getParent());
                }
                device.start(file);
            } else {
                device.stop();
            }
        } catch (IOException e) {
            throw new IllegalStateException("capture of " + config.device() + " to " + config.file() + " failed: " + e.getMessage(), e);
        }
    }

    @Deactivate
    void deactivate() {
        tracker.close();
    }
}
