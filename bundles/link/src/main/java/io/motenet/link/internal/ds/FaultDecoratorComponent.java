package io.motenet.link.internal.ds;

import java.time.Duration;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.motenet.link.internal.fault.FaultInjectingDevice;
import io.motenet.link.internal.fault.FaultPlan;
import io.motenet.link.internal.support.RealTimeScheduler;

/**
 * Seeded fault injection on the device of a name, whatever its driver (a TAP device as well as a
 * vswitch port), one factory configuration per device. The decorated device is registered under
 * the same name, ranked {@value #RANK}; changing the configuration makes a new decorator (the
 * consumer rebinds), since a fault plan is fixed for a run so that its seed replays it.
 */
@Component(configurationPid = FaultDecoratorComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = FaultDecoratorComponent.Config.class, factory = true)
public final class FaultDecoratorComponent {

    static final String PID = "io.motenet.link.fault";
    static final int RANK = 100;

    @ObjectClassDefinition(name = "motenet fault injection", description = "Seeded faults on one network device, in the direction(s) chosen.")
    @interface Config {
        @AttributeDefinition(description = "Name of the device to wrap (motenet.link.name).")
        String device();

        @AttributeDefinition(description = "Where faults apply: tx (what we send), rx (what we receive) or both.")
        String direction() default "both";

        @AttributeDefinition(description = "Seed of the random decisions; the same seed gives the same faults.")
        long seed() default 1;

        @AttributeDefinition(description = "Probability a frame is lost, 0..1.")
        double loss() default 0;

        @AttributeDefinition(description = "Probability a frame is duplicated, 0..1.")
        double duplicate() default 0;

        @AttributeDefinition(description = "Probability a frame is held back so later ones overtake it, 0..1.")
        double reorder() default 0;

        @AttributeDefinition(description = "How long a reordered frame is held back, microseconds.")
        long reorderDelayMicros() default 1000;

        @AttributeDefinition(description = "Delay of every frame, microseconds.")
        long delayMicros() default 0;

        @AttributeDefinition(description = "Uniform jitter around the delay, plus or minus, microseconds.")
        long jitterMicros() default 0;

        @AttributeDefinition(description = "Probability a frame has bits flipped after its Ethernet header, 0..1.")
        double corrupt() default 0;

        @AttributeDefinition(description = "Bits flipped in a corrupted frame.")
        int corruptBits() default 1;

        @AttributeDefinition(description = "Frames longer than this are dropped; 0 for no limit.")
        int maxFrameSize() default 0;

        @AttributeDefinition(description = "Token-bucket rate limit in bits per second; 0 for none.")
        long rateBitsPerSecond() default 0;

        @AttributeDefinition(description = "Token-bucket depth (burst) in octets.")
        int bucketBytes() default 16384;
    }

    private final RealTimeScheduler scheduler;
    private final DecoratorTracker tracker;

    @Activate
    public FaultDecoratorComponent(Config config, BundleContext context) {
        FaultPlan plan = plan(config);
        String direction = config.direction().trim().toLowerCase(java.util.Locale.ROOT);
        if (!direction.equals("tx") && !direction.equals("rx") && !direction.equals("both")) {
            throw new IllegalArgumentException("fault direction must be tx, rx or both, got " + config.direction());
        }
        FaultPlan tx = direction.equals("rx") ? FaultPlan.NONE : plan;
        FaultPlan rx = direction.equals("tx") ? FaultPlan.NONE : plan;
        scheduler = new RealTimeScheduler("motenet-fault-" + config.device());
        tracker = new DecoratorTracker(context, config.device(), "fault", RANK,
                inner -> new FaultInjectingDevice(inner, tx, rx, config.seed(), scheduler));
        tracker.open();
    }

    static FaultPlan plan(Config c) {
        return new FaultPlan(c.loss(), c.duplicate(), c.reorder(), Duration.ofNanos(c.reorderDelayMicros() * 1000),
                Duration.ofNanos(c.delayMicros() * 1000), Duration.ofNanos(c.jitterMicros() * 1000), c.corrupt(),
                c.corruptBits(), c.maxFrameSize(), c.rateBitsPerSecond(), c.rateBitsPerSecond() > 0 ? c.bucketBytes() : 0);
    }

    @Deactivate
    void deactivate() {
        tracker.close();
        scheduler.close();
    }
}
