package io.motenet.link.internal.ds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.apache.felix.framework.Felix;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

import io.motenet.link.FrameConsumer;
import io.motenet.link.LinkState;
import io.motenet.link.MacAddress;
import io.motenet.link.NetworkDevice;
import io.motenet.link.internal.capture.CapturingDevice;
import io.motenet.link.internal.fault.FaultInjectingDevice;
import io.motenet.link.internal.fault.FaultPlan;
import io.motenet.link.internal.support.AbstractDevice;
import io.motenet.link.internal.support.VirtualScheduler;

/** Decorators configured by device name, in a real (embedded Felix) service registry. */
class DecoratorTrackerTest {

    @TempDir
    Path dir;
    Felix felix;
    BundleContext context;

    static final class Bare extends AbstractDevice {
        final List<byte[]> sent = new ArrayList<>();

        Bare(String name) {
            super(name, MacAddress.parse("02:00:00:00:00:07"), 1500, LinkState.UP);
        }

        @Override
        protected boolean send(ByteBuffer frame) {
            byte[] b = new byte[frame.remaining()];
            frame.get(b);
            sent.add(b);
            return true;
        }
    }

    @BeforeEach
    void start() throws Exception {
        felix = new Felix(Map.of(Constants.FRAMEWORK_STORAGE, dir.resolve("felix").toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT));
        felix.start();
        context = felix.getBundleContext();
    }

    @AfterEach
    void stop() throws Exception {
        felix.stop();
        felix.waitForStop(10_000);
    }

    ServiceRegistration<NetworkDevice> register(AbstractDevice d) {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put(NetworkDevice.NAME, d.name());
        p.put(NetworkDevice.DRIVER, "test");
        p.put(NetworkDevice.MAC, d.mac().toString());
        p.put(NetworkDevice.MTU, d.mtu());
        return context.registerService(NetworkDevice.class, d, p);
    }

    /** What a consumer binding by name gets: the highest-ranked device of that name. */
    NetworkDevice best(String name) throws InvalidSyntaxException {
        var refs = context.getServiceReferences(NetworkDevice.class, "(" + NetworkDevice.NAME + "=" + name + ")");
        ServiceReference<NetworkDevice> top = refs.stream().max(ServiceReference::compareTo).orElse(null);
        return top == null ? null : context.getService(top);
    }

    DecoratorTracker fault(String name) {
        return new DecoratorTracker(context, name, "fault", FaultDecoratorComponent.RANK,
                inner -> new FaultInjectingDevice(inner, FaultPlan.NONE.withLoss(1.0), FaultPlan.NONE, 1, new VirtualScheduler()));
    }

    @Test
    void decoratorTakesTheNameAboveTheBareDeviceAndFollowsIt() throws Exception {
        DecoratorTracker t = fault("eth9");
        t.open();
        assertNull(t.decorator(), "no device of that name yet");
        Bare bare = new Bare("eth9");
        ServiceRegistration<NetworkDevice> reg = register(bare);

        NetworkDevice top = best("eth9");
        assertTrue(top instanceof FaultInjectingDevice, "consumers binding eth9 get the decorator: " + top);
        ServiceReference<NetworkDevice> ref = context.getServiceReferences(NetworkDevice.class, "(motenet.link.decorator=fault)").iterator().next();
        assertEquals("eth9", ref.getProperty(NetworkDevice.NAME));
        assertEquals("test", ref.getProperty(NetworkDevice.DRIVER));
        assertEquals("02:00:00:00:00:07", ref.getProperty(NetworkDevice.MAC));
        assertEquals(100, ref.getProperty(Constants.SERVICE_RANKING));

        List<LinkState> states = new ArrayList<>();
        boolean[] detached = {false};
        top.attach(new FrameConsumer() {
            @Override
            public void receive(ByteBuffer frame) {
            }

            @Override
            public void linkStateChanged(LinkState state) {
                states.add(state);
            }

            @Override
            public void detached() {
                detached[0] = true;
            }
        });
        top.transmit(ByteBuffer.allocate(60)); // loss 1.0: never reaches the bare device
        assertEquals(0, bare.sent.size());

        // the bare device goes away: so does the decorator, and its consumer hears it
        reg.unregister();
        bare.close();
        assertNull(best("eth9"));
        assertEquals(List.of(LinkState.DOWN), states);
        assertTrue(detached[0]);

        // a device of the same name comes back: decorated again
        register(new Bare("eth9"));
        assertTrue(best("eth9") instanceof FaultInjectingDevice);
        t.close();
        assertTrue(best("eth9") instanceof Bare, "closing the configuration leaves the bare device");
    }

    @Test
    void captureStacksAboveFaultWhateverTheOrder() throws Exception {
        register(new Bare("eth8"));
        DecoratorTracker capture = new DecoratorTracker(context, "eth8", "capture", CaptureDecoratorComponent.RANK, CapturingDevice::new);
        capture.open();
        assertTrue(((CapturingDevice) capture.decorator()).inner() instanceof Bare);
        DecoratorTracker fault = fault("eth8");
        fault.open();
        assertNotNull(fault.decorator());
        // the capture re-wrapped itself over the fault decorator, which now ranks above the bare device
        assertTrue(((CapturingDevice) capture.decorator()).inner() instanceof FaultInjectingDevice);
        assertTrue(best("eth8") instanceof CapturingDevice);
        assertTrue(((FaultInjectingDevice) fault.decorator()).inner() instanceof Bare, "fault never wraps the capture above it");
        fault.close();
        assertTrue(((CapturingDevice) capture.decorator()).inner() instanceof Bare);
        capture.close();
    }
}
