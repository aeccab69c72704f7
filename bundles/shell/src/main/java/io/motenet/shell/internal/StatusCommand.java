package io.motenet.shell.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * {@code motenet:status} — which layer contracts have a provider right now, and from which bundle.
 * It reads the service registry only, so it keeps answering while drivers and verifiers are swapped.
 */
@Component(service = StatusCommand.class, property = {
        "osgi.command.scope=motenet",
        "osgi.command.function=status"
})
public final class StatusCommand {

    private final BundleContext context;

    @Activate
    public StatusCommand(BundleContext context) {
        this.context = context;
    }

    public String status() throws InvalidSyntaxException {
        ServiceReference<?>[] refs = context.getAllServiceReferences(null, "(objectClass=io.motenet.*)");
        List<StatusTable.Row> rows = new ArrayList<>();
        if (refs != null) {
            for (ServiceReference<?> ref : refs) {
                Bundle provider = ref.getBundle();
                if (provider == null) {
                    continue; // unregistered while we looked
                }
                for (String type : (String[]) ref.getProperty(Constants.OBJECTCLASS)) {
                    // Contracts only: a bundle's own internal services (this command, say) are not layers.
                    if (type.startsWith("io.motenet.") && !type.contains(".internal.")) {
                        rows.add(new StatusTable.Row(type, provider.getSymbolicName(),
                                (Long) ref.getProperty(Constants.SERVICE_ID), ranking(ref)));
                    }
                }
            }
        }
        long motenetBundles = Arrays.stream(context.getBundles())
                .filter(b -> b.getSymbolicName() != null && b.getSymbolicName().startsWith("io.motenet."))
                .count();
        return StatusTable.render(rows, motenetBundles);
    }

    private static int ranking(ServiceReference<?> ref) {
        return ref.getProperty(Constants.SERVICE_RANKING) instanceof Integer r ? r : 0;
    }
}
