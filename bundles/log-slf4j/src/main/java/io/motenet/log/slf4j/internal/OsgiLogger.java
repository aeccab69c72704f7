package io.motenet.log.slf4j.internal;

import org.osgi.service.log.LoggerFactory;
import org.slf4j.helpers.MarkerIgnoringBase;

/**
 * One SLF4J logger, writing to the OSGi logger of its name. Both use {@code {}} placeholders and take a last
 * Throwable as the exception, so arguments pass through unchanged; the OSGi log service decides what is enabled.
 * The OSGi logger is looked up again whenever the log service changed.
 */
final class OsgiLogger extends MarkerIgnoringBase {
    private static final long serialVersionUID = 1L;

    private record Bound(LoggerFactory service, org.osgi.service.log.Logger logger) {
    }

    private final transient OsgiLoggerFactory factory;
    private transient volatile Bound bound;

    OsgiLogger(String name, OsgiLoggerFactory factory) {
        this.name = name;
        this.factory = factory;
    }

    /** The OSGi logger of this name from the current log service, or null when there is none. */
    private org.osgi.service.log.Logger target() {
        LoggerFactory service = factory.logService();
        if (service == null) {
            return null;
        }
        Bound b = bound;
        if (b == null || b.service() != service) {
            b = new Bound(service, service.getLogger(name));
            bound = b;
        }
        return b.logger();
    }

    @Override
    public boolean isTraceEnabled() {
        org.osgi.service.log.Logger t = target();
        return t != null && t.isTraceEnabled();
    }

    @Override
    public void trace(String msg) {
        org.osgi.service.log.Logger t = target();
        if (t != null) {
            t.trace(msg);
        }
    }

    @Override
    public void trace(String format, Object arg) {
        org.osgi.service.log.Logger t = target();
        if (t != null) {
            t.trace(format, arg);
        }
    }

    @Override
    public void trace(String format, Object arg1, Object arg2) {
        org.osgi.service.log.Logger t = target();
        if (t != null) {
            t.trace(format, arg1, arg2);
        }
    }

    @Override
    public void trace(String format, Object... arguments) {
        org.osgi.service.log.Logger t = target();
        if (t != null) {
            t.trace(format, arguments);
        }
    }

    @Override
    public void trace(String msg, Throwable error) {
        org.osgi.service.log.Logger t = target();
        if (t != null) {
            t.trace(msg, (Object) error);
        }
    }

    @Override
    public boolean isDebugEnabled() {
        org.osgi.service.log.Logger t = target();
        return t != null && t.isDebugEnabled();
    }

    @Override
    public void debug(String msg) {
        org.osgi.service.log.Logger t = target();
        if (t != null) {
            t.debug(msg);
        }
    }

    @Override
    public void debug(String format, Object arg) {
        org.osgi.service.log.Logger t = target();
        if (t != null) {
            t.debug(format, arg);
        }
    }

    @Override
    public void debug(String format, Object arg1, Object arg2) {
        org.osgi.service.log.Logger t = target();
        if (t != null) {
            t.debug(format, arg1, arg2);
        }
    }

    @Override
    public void debug(String format, Object... arguments) {
        org.osgi.service.log.Logger t = target();
        if (t != null) {
            t.debug(format, arguments);
        }
    }

    @Override
    public void debug(String msg, Throwable error) {
        org.osgi.service.log.Logger t = target();
        if (t != null) {
            t.debug(msg, (Object) error);
        }
    }

    @Override
    public boolean isInfoEnabled() {
        org.osgi.service.log.Logger t = target();
        return t != null && t.isInfoEnabled();
    }

    @Override
    public void info(String msg) {
        org.osgi.service.log.Logger t = target();
        if (t != null) {
            t.info(msg);
        }
    }

    @Override
    public void info(String format, Object arg) {
        org.osgi.service.log.Logger t = target();
        if (t != null) {
            t.info(format, arg);
        }
    }

    @Override
    public void info(String format, Object arg1, Object arg2) {
        org.osgi.service.log.Logger t = target();
        if (t != null) {
            t.info(format, arg1, arg2);
        }
    }

    @Override
    public void info(String format, Object... arguments) {
        org.osgi.service.log.Logger t = target();
        if (t != null) {
            t.info(format, arguments);
        }
    }

    @Override
    public void info(String msg, Throwable error) {
        org.osgi.service.log.Logger t = target();
        if (t != null) {
            t.info(msg, (Object) error);
        }
    }

    @Override
    public boolean isWarnEnabled() {
        org.osgi.service.log.Logger t = target();
        return t != null && t.isWarnEnabled();
    }

    @Override
    public void warn(String msg) {
        org.osgi.service.log.Logger t = target();
        if (t != null) {
            t.warn(msg);
        }
    }

    @Override
    public void warn(String format, Object arg) {
        org.osgi.service.log.Logger t = target();
        if (t != null) {
            t.warn(format, arg);
        }
    }

    @Override
    public void warn(String format, Object arg1, Object arg2) {
        org.osgi.service.log.Logger t = target();
        if (t != null) {
            t.warn(format, arg1, arg2);
        }
    }

    @Override
    public void warn(String format, Object... arguments) {
        org.osgi.service.log.Logger t = target();
        if (t != null) {
            t.warn(format, arguments);
        }
    }

    @Override
    public void warn(String msg, Throwable error) {
        org.osgi.service.log.Logger t = target();
        if (t != null) {
            t.warn(msg, (Object) error);
        }
    }

    @Override
    public boolean isErrorEnabled() {
        org.osgi.service.log.Logger t = target();
        return t != null && t.isErrorEnabled();
    }

    @Override
    public void error(String msg) {
        org.osgi.service.log.Logger t = target();
        if (t != null) {
            t.error(msg);
        }
    }

    @Override
    public void error(String format, Object arg) {
        org.osgi.service.log.Logger t = target();
        if (t != null) {
            t.error(format, arg);
        }
    }

    @Override
    public void error(String format, Object arg1, Object arg2) {
        org.osgi.service.log.Logger t = target();
        if (t != null) {
            t.error(format, arg1, arg2);
        }
    }

    @Override
    public void error(String format, Object... arguments) {
        org.osgi.service.log.Logger t = target();
        if (t != null) {
            t.error(format, arguments);
        }
    }

    @Override
    public void error(String msg, Throwable error) {
        org.osgi.service.log.Logger t = target();
        if (t != null) {
            t.error(msg, (Object) error);
        }
    }
}
