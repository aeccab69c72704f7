package io.motenet.log.slf4j.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.osgi.service.log.LoggerFactory;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;

/**
 * SLF4J's logger factory over the OSGi log service: one {@link OsgiLogger} per name, each writing to the OSGi
 * logger of the same name. While no log service is there (before it starts, after it stops), messages are
 * dropped (slf4j-nop, this binding's predecessor in the runtime, dropped all of them).
 */
public final class OsgiLoggerFactory implements ILoggerFactory {
    private final ConcurrentMap<String, OsgiLogger> loggers = new ConcurrentHashMap<>();
    private volatile LoggerFactory log;

    @Override
    public Logger getLogger(String name) {
        return loggers.computeIfAbsent(name, n -> new OsgiLogger(n, this));
    }

    /** The OSGi log service to write to from now on; null: none. */
    public void logService(LoggerFactory service) {
        log = service;
    }

    /** The current OSGi log service, or null. */
    LoggerFactory logService() {
        return log;
    }
}
