package org.slf4j.impl;

import io.motenet.log.slf4j.internal.OsgiLoggerFactory;
import org.slf4j.ILoggerFactory;
import org.slf4j.spi.LoggerFactoryBinder;

/**
 * What SLF4J 1.7 looks up by name: the one logger factory. SLF4J's binding contract is static, so this class
 * holds the runtime's single {@link OsgiLoggerFactory}; the component that tracks the OSGi log service feeds it.
 */
public final class StaticLoggerBinder implements LoggerFactoryBinder {
    /** The SLF4J API version this binding was written against (SLF4J checks it). */
    public static String REQUESTED_API_VERSION = "1.6.99";

    private static final StaticLoggerBinder SINGLETON = new StaticLoggerBinder();
    private final OsgiLoggerFactory factory = new OsgiLoggerFactory();

    private StaticLoggerBinder() {
    }

    public static StaticLoggerBinder getSingleton() {
        return SINGLETON;
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public String getLoggerFactoryClassStr() {
        return OsgiLoggerFactory.class.getName();
    }
}
