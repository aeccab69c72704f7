package io.motenet.ip.internal.sim;

import io.motenet.driver.vswitch.internal.SwitchPort;
import io.motenet.driver.vswitch.internal.VirtualSwitch;
import io.motenet.ip.internal.iface.InterfaceAddress;
import io.motenet.ip.internal.wire.Ipv4Address;
import io.motenet.link.MacAddress;
import io.motenet.link.NetworkDevice;
import io.motenet.link.internal.fault.FaultInjectingDevice;
import io.motenet.link.internal.fault.FaultPlan;
import io.motenet.link.internal.support.VirtualScheduler;
import java.time.Duration;

/** One simulated LAN: a vswitch on a virtual clock, hosts on its ports, all from one seed. */
final class Sim {
    static final long SECOND = 1_000_000_000L;
    final long seed;
    final VirtualScheduler clock = new VirtualScheduler();
    final VirtualSwitch lan;
    private int hosts;

    Sim(long seed) {
        this.seed = seed;
        this.lan = VirtualSwitch.scheduled("lan", clock, Duration.ofNanos(20_000));
    }

    SwitchPort port(String name) {
        return lan.addPort(name, MacAddress.of(new byte[] {2, 0, 0, 0, 0, (byte) (++hosts)}), 1500);
    }

    /** A host with a static address, plugged into a new port (behind faults unless NONE). */
    SimHost host(String name, String cidr, FaultPlan faults) {
        return host(name, cidr, faults, d -> d);
    }

    /** As above, the host's device (the faults over the port) wrapped by {@code wrap}. */
    SimHost host(String name, String cidr, FaultPlan faults, java.util.function.UnaryOperator<NetworkDevice> wrap) {
        SimHost h = new SimHost(name, clock, seed * 31 + hosts, "eth0");
        NetworkDevice d = port(name);
        if (faults != FaultPlan.NONE) {
            d = new FaultInjectingDevice(d, faults, faults, seed * 17 + hosts, clock);
        }
        h.plug(wrap.apply(d));
        if (cidr != null) {
            h.stack.configureStatic("eth0", InterfaceAddress.parse(cidr), null);
        }
        return h;
    }

    SimHost host(String name, String cidr) {
        return host(name, cidr, FaultPlan.NONE);
    }

    long now() {
        return clock.nanoTime();
    }

    void run(double seconds) {
        clock.runUntil(clock.nanoTime() + (long) (seconds * SECOND));
    }

    static Ipv4Address ip(String s) {
        return Ipv4Address.parse(s);
    }
}
