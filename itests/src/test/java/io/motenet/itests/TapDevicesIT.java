package io.motenet.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.ThreadLocalRandom;

import javax.inject.Inject;

import io.motenet.link.NetworkDevice;
import org.junit.Assume;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Lab test (root, /dev/net/tun): a TAP device configured through Config Admin is a NetworkDevice service and a
 * Linux interface; stopping the TAP driver bundle removes both, starting it makes the device again under its name.
 * The device never gets an address and carries no traffic; it is deleted whatever the outcome.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TapDevicesIT {

    @Inject BundleContext context;
    @Inject ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] config() {
        return new Option[] {MotenetOptions.runtime()};
    }

    @Test
    public void tapDevicesComeAndGoWithTheirDriver() throws Exception {
        Assume.assumeFalse("motenet.lab=skip: lab tests are skipped", "skip".equals(System.getProperty("motenet.lab")));
        assertTrue("this lab test needs /dev/net/tun (load the tun module, or run where it exists)",
                Files.exists(Path.of("/dev/net/tun")));
        assertEquals("this lab test needs root (CAP_NET_ADMIN) to create a TAP device; run ./motenet test as root, "
                + "or skip lab tests with ./motenet test --no-lab", "root", System.getProperty("user.name"));

        String name = "mnit" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000));
        Path sysfs = Path.of("/sys/class/net", name);
        org.osgi.service.cm.Configuration config = configAdmin.getFactoryConfiguration("io.motenet.driver.tap", name, Configs.locationOf(context, "io.motenet.driver.tap"));
        try {
            Dictionary<String, Object> props = new Hashtable<>();
            props.put("name", name);
            props.put("mac", "02:00:00:00:7a:01");
            props.put("mtu", 1400);
            config.update(props);

            ServiceReference<NetworkDevice> ref = Await.until(() -> device(name), "TAP device " + name + " registers");
            assertEquals("tap", ref.getProperty(NetworkDevice.DRIVER));
            assertEquals("02:00:00:00:7a:01", ref.getProperty(NetworkDevice.MAC));
            assertEquals(1400, ref.getProperty(NetworkDevice.MTU));
            assertTrue("the kernel has the interface " + name, Files.exists(sysfs));
            assertEquals("1400", Files.readString(sysfs.resolve("mtu")).strip());
            NetworkDevice tap = context.getService(ref);
            try {
                assertEquals("segmentation offload is on by default (the IP stack takes coalesced frames)", 65535,
                        tap.maxOffloadPacket());
            } finally {
                context.ungetService(ref);
            }

            Bundle driver = ref.getBundle();
            driver.stop();
            assertNull("the device service went with its driver", device(name));
            Await.until(() -> Files.exists(sysfs) ? null : Boolean.TRUE, "the kernel interface goes when the driver stops");

            driver.start();
            ServiceReference<NetworkDevice> again = Await.until(() -> device(name), name + " comes back under its name");
            assertEquals("02:00:00:00:7a:01", again.getProperty(NetworkDevice.MAC));
            assertTrue(Files.exists(sysfs));
        } finally {
            config.delete();
            Await.until(() -> Files.exists(sysfs) ? null : Boolean.TRUE, "the TAP device is removed at the end");
        }
        assertFalse(Files.exists(sysfs));
    }

    private ServiceReference<NetworkDevice> device(String name) {
        return Devices.named(context, name);
    }
}
