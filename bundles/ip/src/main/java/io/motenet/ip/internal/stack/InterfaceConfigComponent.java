package io.motenet.ip.internal.stack;

import io.motenet.ip.internal.iface.InterfaceAddress;
import io.motenet.ip.internal.wire.Ipv4Address;
import io.motenet.net.InterfaceConfig;
import java.net.Inet4Address;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One interface from a Config Admin factory configuration ({@code io.motenet.ip.interface}), e.g.
 * {@code name=tap0, mode=static, address=10.0.0.2/24, gateway=10.0.0.1, dns=10.0.0.1} or
 * {@code name=eth0, mode=dhcp}.
 */
@Component(configurationPid = InterfaceConfigComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
@Designate(ocd = InterfaceConfigComponent.Config.class, factory = true)
public final class InterfaceConfigComponent {
    static final String PID = "io.motenet.ip.interface";

    @ObjectClassDefinition(name = "motenet IP interface", description = "An IPv4 interface on a link device")
    public @interface Config {
        @AttributeDefinition(description = "The name of the device to bind (and of the interface)")
        String name();

        @AttributeDefinition(description = "dhcp or static")
        String mode() default "dhcp";

        @AttributeDefinition(description = "Static address with prefix length, e.g. 10.0.0.2/24")
        String address() default "";

        @AttributeDefinition(description = "Static default gateway (empty for none)")
        String gateway() default "";

        @AttributeDefinition(description = "Static DNS servers")
        String[] dns() default {};

        @AttributeDefinition(description = "Host name sent to the DHCP server")
        String hostname() default "motenet";

        @AttributeDefinition(description = "More routes through this interface, e.g. '10.0.0.0/8 via 192.168.7.254' or '172.16.0.0/12' (on the link)")
        String[] routes() default {};
    }

    private final StackService stack;
    private String name;

    @Activate
    public InterfaceConfigComponent(@Reference StackService stack, Config config) {
        this.stack = stack;
        apply(config);
    }

    @Modified
    void modified(Config config) {
        if (name != null && !name.equals(config.name())) {
            stack.unconfigure(name);
        }
        apply(config);
    }

    @Deactivate
    void deactivate() {
        stack.unconfigure(name);
    }

    private void apply(Config c) {
        InterfaceConfig cfg = toConfig(c);
        name = cfg.name();
        stack.configure(cfg);
        for (String route : c.routes()) {
            if (route.isBlank()) {
                continue;
            }
            String[] parts = route.trim().split("\\s+");
            InterfaceAddress net = InterfaceAddress.parse(parts[0]);
            Inet4Address via = null;
            if (parts.length == 3 && parts[1].equals("via")) {
                via = Ipv4Address.parse(parts[2]).toInetAddress();
            } else if (parts.length != 1) {
                throw new IllegalArgumentException("interface " + name + ": route '" + route
                        + "' is not 'NETWORK/PREFIX' or 'NETWORK/PREFIX via GATEWAY'");
            }
            stack.removeRoute(net.address().toInetAddress(), net.prefixLength());
            stack.addRoute(net.address().toInetAddress(), net.prefixLength(), via, name);
        }
    }

    static InterfaceConfig toConfig(Config c) {
        String mode = c.mode().trim().toLowerCase(Locale.ROOT);
        switch (mode) {
            case "dhcp" -> {
                return InterfaceConfig.dhcp(c.name(), c.hostname().isBlank() ? null : c.hostname());
            }
            case "static" -> {
                InterfaceAddress a = InterfaceAddress.parse(c.address());
                Inet4Address gw = c.gateway().isBlank() ? null : Ipv4Address.parse(c.gateway()).toInetAddress();
                List<Inet4Address> dns = Arrays.stream(c.dns()).filter(s -> !s.isBlank())
                        .map(s -> Ipv4Address.parse(s).toInetAddress()).toList();
                return InterfaceConfig.staticAddress(c.name(), a.address().toInetAddress(), a.prefixLength(), gw, dns);
            }
            default -> throw new IllegalArgumentException("interface " + c.name() + ": mode must be dhcp or static, not "
                    + c.mode());
        }
    }
}
