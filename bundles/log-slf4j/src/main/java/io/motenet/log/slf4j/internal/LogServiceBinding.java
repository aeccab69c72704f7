package io.motenet.log.slf4j.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.LoggerFactory;
import org.slf4j.impl.StaticLoggerBinder;

/**
 * Connects SLF4J's one logger factory to the OSGi log service while both are there: SLF4J 1.7 finds its
 * binding statically, so the service reaches it through {@link StaticLoggerBinder}.
 */
@Component
public final class LogServiceBinding {
    private final OsgiLoggerFactory factory;

    @Activate
    public LogServiceBinding(@Reference LoggerFactory log) {
        this.factory = (OsgiLoggerFactory) StaticLoggerBinder.getSingleton().getLoggerFactory();
        factory.logService(log);
    }

    @Deactivate
    void deactivate() {
        factory.logService(null);
    }
}
