package io.motenet.ip.internal.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.motenet.ip.internal.wire.Ipv4Address;
import io.motenet.net.InterfaceConfig;
import java.lang.annotation.Annotation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Config Admin properties of an interface, as DS hands them to the component. */
class InterfaceConfigComponentTest {

    static InterfaceConfigComponent.Config config(String name, String mode, String address, String gateway,
            String[] dns, String[] routes) {
        return new InterfaceConfigComponent.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return InterfaceConfigComponent.Config.class;
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public String mode() {
                return mode;
            }

            @Override
            public String address() {
                return address;
            }

            @Override
            public String gateway() {
                return gateway;
            }

            @Override
            public String[] dns() {
                return dns;
            }

            @Override
            public String hostname() {
                return "mote";
            }

            @Override
            public String[] routes() {
                return routes;
            }
        };
    }

    @Test
    void staticAndDhcpConfigurations() {
        InterfaceConfig s = InterfaceConfigComponent.toConfig(
                config("tap0", "static", "10.0.0.2/24", "10.0.0.1", new String[] {"10.0.0.53", ""}, new String[0]));
        assertEquals(InterfaceConfig.Mode.STATIC, s.mode());
        assertEquals(Ipv4Address.parse("10.0.0.2").toInetAddress(), s.address());
        assertEquals(24, s.prefixLength());
        assertEquals(Ipv4Address.parse("10.0.0.1").toInetAddress(), s.gateway());
        assertEquals(List.of(Ipv4Address.parse("10.0.0.53").toInetAddress()), s.dnsServers());
        InterfaceConfig d = InterfaceConfigComponent.toConfig(config("eth0", " DHCP ", "", "", new String[0], new String[0]));
        assertEquals(InterfaceConfig.Mode.DHCP, d.mode());
        assertEquals("mote", d.hostname());
        assertNull(d.address());
    }

    @Test
    void mistakesAreNamed() {
        IllegalArgumentException mode = assertThrows(IllegalArgumentException.class, () -> InterfaceConfigComponent
                .toConfig(config("eth0", "bootp", "", "", new String[0], new String[0])));
        assertTrue(mode.getMessage().contains("bootp"), mode.getMessage());
        assertThrows(IllegalArgumentException.class, () -> InterfaceConfigComponent
                .toConfig(config("eth0", "static", "10.0.0.2", "", new String[0], new String[0]))); // no prefix
        assertThrows(IllegalArgumentException.class, () -> InterfaceConfigComponent
                .toConfig(config("eth0", "static", "10.0.0.300/24", "", new String[0], new String[0])));
    }

    @Test
    void routesFromTheConfigurationReachTheStack() {
        StackService stack = new StackService(64, 3);
        try {
            new InterfaceConfigComponent(stack, config("eth9", "static", "192.168.7.2/24", "", new String[0],
                    new String[] {"10.0.0.0/8 via 192.168.7.254", "172.16.0.0/12"}));
            assertTrue(stack.routes().stream().anyMatch(r -> r.prefixLength() == 8
                    && Ipv4Address.parse("192.168.7.254").toInetAddress().equals(r.gateway())));
            assertTrue(stack.routes().stream().anyMatch(r -> r.prefixLength() == 12 && r.gateway() == null));
            assertThrows(IllegalArgumentException.class, () -> new InterfaceConfigComponent(stack, config("eth9",
                    "static", "192.168.7.2/24", "", new String[0], new String[] {"10.0.0.0/8 through x"})));
        } finally {
            stack.deactivate();
        }
    }
}
