package io.motenet.testing.lab;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.motenet.link.LinkState;

/** The fixture itself: it makes what it promises and removes it, also when the test body throws. */
class LabTest {

    @Test
    void setsUpTheKernelSideAndRemovesEverything() throws Exception {
        String ns;
        String ifname;
        try (Lab lab = Lab.start(LabOptions.defaults())) {
            ns = lab.namespace();
            ifname = lab.interfaceName();
            assertTrue(Lab.namespaceExists(ns));
            String addr = lab.exec("ip", "-o", "addr", "show", "dev", ifname);
            assertTrue(addr.contains("inet 10.77.0.1/24"), addr);
            assertFalse(addr.contains("inet6"), "IPv6 is off by default: " + addr);
            assertTrue(lab.exec("ip", "-o", "link", "show", "dev", ifname).contains("state UP")
                    || lab.exec("ip", "-o", "link", "show", "dev", ifname).contains("LOWER_UP"));
            assertFalse(Commands.run("ip", "-o", "link", "show").contains(ifname + ":"), "the TAP device left the root namespace");
            assertTrue(lab.device().linkState() == LinkState.UP);
        }
        assertFalse(Lab.namespaceExists(ns), "namespace removed");
        assertFalse(Commands.run("ip", "-o", "link", "show").contains(ifname + ":"));
    }

    @Test
    void removesEverythingWhenTheTestFails() throws Exception {
        LabExtension ext = new LabExtension();
        ext.beforeEach(null);
        String ns = ext.get().namespace();
        assertThrows(IllegalStateException.class, () -> {
            try {
                ext.get().exec("false");
            } finally {
                ext.afterEach(null);
            }
        });
        assertFalse(Lab.namespaceExists(ns));
        assertFalse(Commands.run("ip", "netns", "list").contains(ns));
        assertThrows(IllegalStateException.class, ext::get);
        List.of(); // nothing left to clean
    }

    /** Two labs side by side (the forwarder ceiling of the tcp-tap bench bridges two): own names, own subnets. */
    @Test
    void twoLabsAtOnceWithTheirOwnSubnets() throws Exception {
        try (Lab a = Lab.start(LabOptions.defaults().withKernelAddress("10.78.0.1/24"));
                Lab b = Lab.start(LabOptions.defaults().withKernelAddress("10.78.0.2/24"))) {
            assertNotEquals(a.namespace(), b.namespace());
            assertNotEquals(a.interfaceName(), b.interfaceName());
            assertTrue(a.exec("ip", "-o", "addr", "show", "dev", a.interfaceName()).contains("inet 10.78.0.1/24"));
            assertTrue(b.exec("ip", "-o", "addr", "show", "dev", b.interfaceName()).contains("inet 10.78.0.2/24"));
            assertFalse(a.exec("ip", "-o", "addr").contains("10.78.0.2"), "each namespace sees only its own side");
        }
    }

    /** A thread sent inside binds the namespace kernel's address, which the root namespace does not have. */
    @Test
    void callInsideRunsOnAThreadInTheNamespace() throws Exception {
        try (Lab lab = Lab.start(LabOptions.defaults())) {
            InetAddress kernel = InetAddress.getByName(lab.kernelAddress());
            assertThrows(BindException.class, () -> new ServerSocket(0, 1, kernel).close(), "not ours outside");
            int port = lab.callInside(() -> {
                try (ServerSocket s = new ServerSocket(0, 1, kernel)) {
                    return s.getLocalPort();
                }
            });
            assertTrue(port > 0);
            assertThrows(IllegalStateException.class, () -> lab.callInside(() -> {
                throw new IllegalStateException("the task's own exception comes back");
            }));
            assertThrows(BindException.class, () -> new ServerSocket(0, 1, kernel).close(), "the caller did not move");
        }
    }

    /** The kernel side vanishes under us (namespace deleted): the reader sees it, the consumer hears link-down. */
    @Test
    void deletedInterfaceTakesTheLinkDown() throws Exception {
        try (Lab lab = Lab.start(LabOptions.defaults())) {
            java.util.concurrent.BlockingQueue<LinkState> states = new java.util.concurrent.LinkedBlockingQueue<>();
            lab.device().attach(new io.motenet.link.FrameConsumer() {
                @Override
                public void receive(java.nio.ByteBuffer frame) {
                }

                @Override
                public void linkStateChanged(LinkState state) {
                    states.add(state);
                }
            });
            Commands.run("ip", "netns", "del", lab.namespace());
            LinkState s = states.poll(5, java.util.concurrent.TimeUnit.SECONDS);
            org.junit.jupiter.api.Assertions.assertEquals(LinkState.DOWN, s, "consumer told");
            org.junit.jupiter.api.Assertions.assertEquals(LinkState.DOWN, lab.device().linkState());
            String why = ((io.motenet.driver.tap.internal.TapDevice) lab.device()).failure();
            assertTrue(why != null && why.contains(lab.interfaceName()), String.valueOf(why));
        }
    }
}
