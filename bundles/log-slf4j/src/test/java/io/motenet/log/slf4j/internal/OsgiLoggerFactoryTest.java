package io.motenet.log.slf4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

class OsgiLoggerFactoryTest {

    /** An OSGi log service that records every call of its loggers as "name method args". */
    static LoggerFactory recording(List<String> calls) {
        return (LoggerFactory) Proxy.newProxyInstance(LoggerFactory.class.getClassLoader(), new Class<?>[] {LoggerFactory.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("getLogger")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    String name = String.valueOf(args[0]);
                    return Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
                            (p, m, a) -> {
                                if (m.getName().startsWith("is")) {
                                    return !m.getName().equals("isTraceEnabled");
                                }
                                if (m.getName().equals("getName")) {
                                    return name;
                                }
                                calls.add(name + " " + m.getName() + " " + Arrays.deepToString(a));
                                return null;
                            });
                });
    }

    @Test
    void slf4jCallsReachTheOsgiLoggerOfTheSameName() {
        OsgiLoggerFactory factory = new OsgiLoggerFactory();
        org.slf4j.Logger slf4j = factory.getLogger("org.xbill.DNS.Lookup");
        assertSame(slf4j, factory.getLogger("org.xbill.DNS.Lookup"), "one logger per name");
        slf4j.warn("dropped: no log service yet");
        assertFalse(slf4j.isWarnEnabled());

        List<String> calls = new ArrayList<>();
        factory.logService(recording(calls));
        assertTrue(slf4j.isDebugEnabled());
        assertFalse(slf4j.isTraceEnabled(), "the OSGi log decides what is enabled");
        slf4j.warn("bridged {}", 42);
        slf4j.info("two {} {}", "a", "b");
        IllegalStateException boom = new IllegalStateException("boom");
        slf4j.error("failed", boom);
        slf4j.debug("three {} {} {}", 1, 2, 3);
        assertEquals(List.of(
                "org.xbill.DNS.Lookup warn [bridged {}, 42]",
                "org.xbill.DNS.Lookup info [two {} {}, a, b]",
                "org.xbill.DNS.Lookup error [failed, " + boom + "]",
                "org.xbill.DNS.Lookup debug [three {} {} {}, [1, 2, 3]]"), calls);

        List<String> later = new ArrayList<>();
        factory.logService(recording(later));
        slf4j.info("after the log service changed");
        assertEquals(1, later.size(), "the new service's logger is taken");
        assertEquals(4, calls.size());

        factory.logService(null);
        slf4j.error("dropped again");
        assertEquals(1, later.size());
    }
}
