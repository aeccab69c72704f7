package io.motenet.ip.internal.iface;

import io.motenet.ip.internal.wire.Ipv4Address;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/** Routes by longest prefix, then lowest metric (RFC 1812 5.2.4.3, simplified for a host). */
public final class RouteTable {
    private final List<Route> routes = new ArrayList<>();

    public void add(Route r) {
        routes.remove(r);
        routes.add(r);
    }

    public boolean removeIf(Predicate<Route> p) {
        return routes.removeIf(p);
    }

    /** The best route to {@code dst} among those whose interface passes {@code usable}, or null. */
    public Route lookup(Ipv4Address dst, Predicate<String> usable) {
        Route best = null;
        for (Route r : routes) {
            if (r.matches(dst) && usable.test(r.interfaceName()) && (best == null
                    || r.prefixLength() > best.prefixLength()
                    || (r.prefixLength() == best.prefixLength() && r.metric() < best.metric()))) {
                best = r;
            }
        }
        return best;
    }

    public List<Route> snapshot() {
        List<Route> copy = new ArrayList<>(routes);
        copy.sort(Comparator.comparingInt(Route::prefixLength).reversed().thenComparingInt(Route::metric));
        return copy;
    }
}
