package io.motenet.dns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The component's configuration as Config Admin would give it: defaults, and mistakes refused with a reason. */
class ResolverComponentTest {

    /** A Config with the annotation's defaults, except {@code overrides} (keys are method names). */
    static ResolverComponent.Config config(Map<String, Object> overrides) {
        return (ResolverComponent.Config) Proxy.newProxyInstance(ResolverComponent.Config.class.getClassLoader(),
                new Class<?>[] {ResolverComponent.Config.class}, (proxy, method, args) -> {
                    if (overrides.containsKey(method.getName())) {
                        return overrides.get(method.getName());
                    }
                    Object d = method.getDefaultValue();
                    if (d == null) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    return d;
                });
    }

    @Test
    void defaults() {
        DnsResolver.Settings s = ResolverComponent.settings(config(Map.of()), Path.of("hosts"));
        assertEquals(List.of(), s.servers());
        assertEquals(Duration.ofSeconds(1), s.transport().timeout());
        assertEquals(Duration.ofSeconds(4), s.transport().maxTimeout());
        assertEquals(3, s.transport().attempts());
        assertEquals(1232, s.transport().ednsUdpSize());
        assertEquals(10000, s.cacheMaxEntries());
        assertEquals(1, s.ndots());
    }

    @Test
    void mistakesAreRefusedWithAReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ResolverComponent.settings(config(Map.of("attempts", 0)), Path.of("hosts")));
        assertTrue(e.getMessage().contains("attempts must be at least 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ResolverComponent.settings(config(Map.of("servers", new String[] {"ns.example"})), Path.of("hosts")));
        assertTrue(e.getMessage().contains("like 10.0.0.53 or 10.0.0.53:5353"), e.getMessage());
    }
}
