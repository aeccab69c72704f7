package io.motenet.log.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;

/** Renders one log entry as one line a person can read: time, level, bundle, logger, message, cause. */
final class LogLineFormat {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    private LogLineFormat() {}

    /**
     * Felix logs every service registration at INFO ("Events.Service..."): hundreds of lines that say nothing
     * about motenet. They count as DEBUG here, so an INFO log stays about what happened.
     */
    static LogLevel effectiveLevel(LogEntry entry) {
        String logger = entry.getLoggerName();
        if (logger != null && logger.startsWith("Events.Service") && entry.getLogLevel() == LogLevel.INFO) {
            return LogLevel.DEBUG;
        }
        return entry.getLogLevel();
    }

    static String format(LogEntry entry) {
        StringBuilder line = new StringBuilder(160)
                .append(TIME.format(Instant.ofEpochMilli(entry.getTime())))
                .append(' ')
                .append(String.format("%-5s", entry.getLogLevel()))
                .append(" [")
                .append(entry.getBundle() == null ? "framework" : entry.getBundle().getSymbolicName())
                .append(']');
        String logger = entry.getLoggerName();
        // Felix names bundle-level entries "LogService.<bsn>" (or the event topic); only real logger names add information.
        if (logger != null && !logger.startsWith("LogService") && !logger.startsWith("Events.")) {
            line.append(' ').append(logger);
        }
        line.append(": ").append(entry.getMessage());
        Throwable cause = entry.getException();
        if (cause != null) {
            line.append(" — ").append(cause);
        }
        return line.toString();
    }
}
