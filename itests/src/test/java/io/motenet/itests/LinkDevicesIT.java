package io.motenet.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.ByteBuffer;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.inject.Inject;

import io.motenet.link.FrameConsumer;
import io.motenet.link.LinkAttachment;
import io.motenet.link.LinkState;
import io.motenet.link.MacAddress;
import io.motenet.link.NetworkDevice;
import org.apache.felix.service.command.CommandProcessor;
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
 * Devices as services: a vswitch port configured through Config Admin appears as a NetworkDevice with its
 * properties; stopping the driver bundle takes it away and its consumer hears link-down and detach; starting the
 * bundle brings a device of the same name back, and frames flow again.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LinkDevicesIT {

    @Inject BundleContext context;
    @Inject ConfigurationAdmin configAdmin;
    @Inject CommandProcessor gogo;

    @Configuration
    public Option[] config() {
        return new Option[] {MotenetOptions.runtime()};
    }

    @Test
    public void vswitchPortsAreDevicesThatComeAndGoWithTheirDriver() throws Exception {
        port("lnk-a", "02:00:00:00:0a:01");
        port("lnk-b", "02:00:00:00:0a:02");
        ServiceReference<NetworkDevice> refA = Await.until(() -> device("lnk-a"), "device lnk-a registers");
        Await.until(() -> device("lnk-b"), "device lnk-b registers");

        assertEquals("lnk-a", refA.getProperty(NetworkDevice.NAME));
        assertEquals("vswitch", refA.getProperty(NetworkDevice.DRIVER));
        assertEquals("02:00:00:00:0a:01", refA.getProperty(NetworkDevice.MAC));
        assertEquals(1400, refA.getProperty(NetworkDevice.MTU));

        RecordingConsumer onB = new RecordingConsumer();
        LinkAttachment attachmentB = context.getService(device("lnk-b")).attach(onB);
        NetworkDevice a = context.getService(refA);
        assertEquals(LinkState.UP, a.linkState());
        assertTrue(a.transmit(frame("02:00:00:00:0a:02", "02:00:00:00:0a:01")));
        Await.until(() -> onB.frames.isEmpty() ? null : Boolean.TRUE, "lnk-b receives the frame from lnk-a");

        String table = Gogo.run(gogo, "link:devices");
        assertTrue("link:devices lists the port with its counters:\n" + table,
                table.lines().anyMatch(l -> l.matches("lnk-a +vswitch +- +02:00:00:00:0a:01 +1400 - +UP +0 +0 +1 +60")));

        Bundle driver = refA.getBundle();
        driver.stop();
        assertNull("the device went with its driver", device("lnk-a"));
        assertTrue("the consumer heard link-down: " + onB.events, onB.events.contains("link DOWN"));
        assertTrue("the consumer was detached: " + onB.events, onB.events.contains("detached"));
        assertTrue(!attachmentB.isOpen());

        driver.start();
        ServiceReference<NetworkDevice> again = Await.until(() -> device("lnk-a"), "lnk-a comes back under its name");
        assertEquals("02:00:00:00:0a:01", again.getProperty(NetworkDevice.MAC));
        RecordingConsumer onNewB = new RecordingConsumer();
        ServiceReference<NetworkDevice> newB = Await.until(() -> device("lnk-b"), "lnk-b comes back");
        try (LinkAttachment resumed = context.getService(newB).attach(onNewB)) {
            assertTrue(context.getService(again).transmit(frame("02:00:00:00:0a:02", "02:00:00:00:0a:01")));
            Await.until(() -> onNewB.frames.isEmpty() ? null : Boolean.TRUE, "frames flow again after the driver returned");
            assertNotNull(resumed.device());
        }
    }

    @Test
    public void aFaultDecoratorStacksOnADeviceByNameAndLeavesWithItsConfiguration() throws Exception {
        port("lnk-f", "02:00:00:00:0f:01");
        port("lnk-g", "02:00:00:00:0f:02");
        ServiceReference<NetworkDevice> plain = Await.until(() -> device("lnk-f"), "lnk-f registers");
        ServiceReference<NetworkDevice> peer = Await.until(() -> device("lnk-g"), "lnk-g registers");
        RecordingConsumer onG = new RecordingConsumer();
        context.getService(peer).attach(onG);

        Dictionary<String, Object> faults = new Hashtable<>();
        faults.put("device", "lnk-f");
        faults.put("direction", "tx");
        faults.put("loss", 1.0);
        org.osgi.service.cm.Configuration config =
                configAdmin.getFactoryConfiguration("io.motenet.link.fault", "lnk-f", Configs.locationOf(context, "io.motenet.link"));
        config.update(faults);

        ServiceReference<NetworkDevice> decorated = Await.until(() -> {
            ServiceReference<NetworkDevice> best = device("lnk-f");
            return best != null && "fault".equals(best.getProperty(NetworkDevice.DECORATOR)) ? best : null;
        }, "the fault decorator becomes the best-ranked lnk-f");
        assertEquals(100, decorated.getProperty("service.ranking"));
        assertEquals("lnk-f", decorated.getProperty(NetworkDevice.NAME));

        NetworkDevice lossy = context.getService(decorated);
        lossy.transmit(frame("02:00:00:00:0f:02", "02:00:00:00:0f:01"));
        assertEquals("the decorator counts its injected loss", 1,
                lossy.counters().txDropped(io.motenet.link.DropReason.INJECTED_LOSS));
        assertTrue("nothing reached lnk-g", onG.frames.isEmpty());

        config.delete();
        Await.until(() -> {
            ServiceReference<NetworkDevice> best = device("lnk-f");
            return best != null && best.getProperty(NetworkDevice.DECORATOR) == null ? best : null;
        }, "with the configuration gone, lnk-f is the plain port again");
        assertTrue(context.getService(plain).transmit(frame("02:00:00:00:0f:02", "02:00:00:00:0f:01")));
        Await.until(() -> onG.frames.isEmpty() ? null : Boolean.TRUE, "frames flow without the decorator");
    }

    private void port(String name, String mac) throws Exception {
        Devices.vswitchPort(configAdmin, context, "itest", name, mac, 1400);
    }

    private ServiceReference<NetworkDevice> device(String name) {
        return Devices.named(context, name);
    }

    private static ByteBuffer frame(String to, String from) {
        ByteBuffer frame = ByteBuffer.allocate(60);
        frame.put(MacAddress.parse(to).toBytes()).put(MacAddress.parse(from).toBytes()).putShort((short) 0x88b5);
        frame.put("motenet itest".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        frame.position(0).limit(60);
        return frame;
    }


    private static final class RecordingConsumer implements FrameConsumer {
        final List<byte[]> frames = new CopyOnWriteArrayList<>();
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void receive(ByteBuffer frame) {
            byte[] copy = new byte[frame.remaining()];
            frame.get(copy);
            frames.add(copy);
        }

        @Override
        public void linkStateChanged(LinkState state) {
            events.add("link " + state);
        }

        @Override
        public void detached() {
            events.add("detached");
        }
    }
}
