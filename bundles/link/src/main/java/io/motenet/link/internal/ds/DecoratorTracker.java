package io.motenet.link.internal.ds;

import java.util.Hashtable;
import java.util.function.Function;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.ServiceTracker;

import io.motenet.link.NetworkDevice;
import io.motenet.link.internal.support.AbstractDevice;

/**
 * Keeps one decorator registered over the best device of a name: it tracks the devices called
 * {@code name} ranked below its own rank (the bare device, or a decorator lower in the stack),
 * wraps the highest-ranked one, and registers the result under the same name with its rank, so
 * that consumers binding the highest-ranked device of that name get it. When the wrapped device
 * goes, the decorator goes (its consumer hears link-down and detach); when a device of that name
 * returns, a new decorator is registered over it.
 *
 * <p>A tracker rather than a DS reference, because the target filter is built from the
 * configured device name and this decorator's own rank.
 */
final class DecoratorTracker {

    private final BundleContext context;
    private final String kind;
    private final int rank;
    private final Function<NetworkDevice, AbstractDevice> wrap;
    private final ServiceTracker<NetworkDevice, NetworkDevice> tracker;
    private ServiceReference<NetworkDevice> wrapped;
    private AbstractDevice decorator;
    private ServiceRegistration<NetworkDevice> registration;
    private boolean closed;

    DecoratorTracker(BundleContext context, String deviceName, String kind, int rank,
            Function<NetworkDevice, AbstractDevice> wrap) {
        this.context = context;
        this.kind = kind;
        this.rank = rank;
        this.wrap = wrap;
        this.tracker = new ServiceTracker<>(context, filter(deviceName, rank), null) {
            @Override
            public NetworkDevice addingService(ServiceReference<NetworkDevice> reference) {
                NetworkDevice d = super.addingService(reference);
                refresh(reference); // not yet in the tracked set while we are here
                return d;
            }

            @Override
            public void modifiedService(ServiceReference<NetworkDevice> reference, NetworkDevice service) {
                refresh(null);
            }

            @Override
            public void removedService(ServiceReference<NetworkDevice> reference, NetworkDevice service) {
                synchronized (DecoratorTracker.this) {
                    if (reference.equals(wrapped)) {
                        teardown();
                    }
                }
                super.removedService(reference, service);
                refresh(null);
            }
        };
    }

    static Filter filter(String deviceName, int rank) {
        String name = deviceName.replace("\\", "\\\\").replace("*", "\\*").replace("(", "\\(").replace(")", "\\)");
        String f = "(&(" + Constants.OBJECTCLASS + "=" + NetworkDevice.class.getName() + ")(" + NetworkDevice.NAME + "=" + name
                + ")(!(" + Constants.SERVICE_RANKING + ">=" + rank + ")))";
        try {
            return FrameworkUtil.createFilter(f);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("device name " + deviceName + " makes a bad filter: " + e.getMessage(), e);
        }
    }

    void open() {
        tracker.open();
        refresh(null);
    }

    /** The decorator now registered, or null. */
    synchronized AbstractDevice decorator() {
        return decorator;
    }

    private synchronized void refresh(ServiceReference<NetworkDevice> adding) {
        if (closed) {
            return;
        }
        ServiceReference<NetworkDevice> best = adding;
        ServiceReference<NetworkDevice>[] tracked = tracker.getServiceReferences();
        if (tracked != null) {
            for (ServiceReference<NetworkDevice> r : tracked) {
                if (best == null || r.compareTo(best) > 0) {
                    best = r;
                }
            }
        }
        if (best == null || best.equals(wrapped)) {
            return;
        }
        teardown();
        NetworkDevice inner = context.getService(best);
        if (inner == null) {
            return;
        }
        wrapped = best;
        decorator = wrap.apply(inner);
        Hashtable<String, Object> props = new Hashtable<>();
        for (String key : new String[] {NetworkDevice.NAME, NetworkDevice.DRIVER, NetworkDevice.MAC, NetworkDevice.MTU}) {
            Object v = best.getProperty(key);
            if (v != null) {
                props.put(key, v);
            }
        }
        props.put(NetworkDevice.DECORATOR, kind);
        props.put(Constants.SERVICE_RANKING, rank);
        props.put("motenet.link.decorates", best.getProperty(Constants.SERVICE_ID));
        registration = context.registerService(NetworkDevice.class, decorator, props);
    }

    /** Consumer told first (link down, detached), then the service goes. */
    private void teardown() {
        if (decorator != null) {
            decorator.close();
            decorator = null;
        }
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping
            }
            registration = null;
        }
        if (wrapped != null) {
            try {
                context.ungetService(wrapped);
            } catch (IllegalStateException stopping) {
                // the bundle context is gone
            }
        }
        wrapped = null;
    }

    void close() {
        synchronized (this) {
            closed = true;
            teardown();
        }
        tracker.close();
    }
}
