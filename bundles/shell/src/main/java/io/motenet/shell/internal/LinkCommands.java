package io.motenet.shell.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.motenet.link.NetworkDevice;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** {@code link:devices} — every NIC device service: driver, MAC, MTU, link state and counters. */
@Component(service = LinkCommands.class, property = {
        "osgi.command.scope=link",
        "osgi.command.function=devices"
})
public final class LinkCommands {

    private final BundleContext context;

    @Activate
    public LinkCommands(BundleContext context) {
        this.context = context;
    }

    public String devices() throws InvalidSyntaxException {
        Collection<ServiceReference<NetworkDevice>> refs = context.getServiceReferences(NetworkDevice.class, null);
        List<DeviceTable.Row> rows = new ArrayList<>();
        for (ServiceReference<NetworkDevice> ref : refs) {
            NetworkDevice device = context.getService(ref);
            if (device == null) {
                continue; // went away while we looked
            }
            try {
                Object decorator = ref.getProperty(NetworkDevice.DECORATOR);
                rows.add(new DeviceTable.Row(device.name(), String.valueOf(ref.getProperty(NetworkDevice.DRIVER)),
                        decorator == null ? "" : decorator.toString(), device.mac().toString(), device.mtu(),
                        device.maxOffloadPacket(), device.linkState(), device.counters()));
            } finally {
                context.ungetService(ref);
            }
        }
        return DeviceTable.render(rows);
    }
}
