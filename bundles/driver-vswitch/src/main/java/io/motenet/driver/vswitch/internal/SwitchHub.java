package io.motenet.driver.vswitch.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.osgi.service.component.annotations.Component;

/**
 * The bundle's switches by name, so that port configurations naming the same switch share it.
 * A service of an internal type: only this bundle can see it.
 */
@Component(service = SwitchHub.class)
public final class SwitchHub {

    private final ConcurrentMap<String, VirtualSwitch> switches = new ConcurrentHashMap<>();

    /** The running switch of that name, made on first use (real time, direct delivery). */
    public VirtualSwitch get(String name) {
        return switches.computeIfAbsent(name, VirtualSwitch::direct);
    }
}
