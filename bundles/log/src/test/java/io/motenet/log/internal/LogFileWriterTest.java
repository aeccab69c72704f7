package io.motenet.log.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;

class LogFileWriterTest {

    @TempDir Path dir;

    @Test
    void writesHistoryOldestFirstAndFiltersByLevel() throws Exception {
        FakeReader reader = new FakeReader();
        reader.history.add(entry(LogLevel.INFO, "second"));
        reader.history.add(entry(LogLevel.DEBUG, "hidden"));
        reader.history.add(entry(LogLevel.INFO, "first"));
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        LogFileWriter writer = new LogFileWriter(config(dir.resolve("log/m.log").toString(), "INFO", "WARN"),
                reader, new PrintStream(console, true, StandardCharsets.UTF_8));
        assertEquals(1, reader.listeners.size(), "listener registered");
        writer.logged(entry(LogLevel.ERROR, "boom"));
        writer.logged(entry(LogLevel.INFO, "ServiceEvent REGISTERED", "Events.Service.io.motenet.test"));
        writer.deactivate();

        List<String> lines = Files.readAllLines(dir.resolve("log/m.log"));
        assertEquals(3, lines.size(), "service events count as DEBUG: " + lines);
        assertTrue(lines.get(0).endsWith("[io.motenet.test]: first"), lines.get(0));
        assertTrue(lines.get(1).endsWith(": second"), lines.get(1));
        assertTrue(lines.get(2).contains("ERROR [io.motenet.test]: boom"), lines.get(2));
        String echoed = console.toString(StandardCharsets.UTF_8);
        assertTrue(echoed.contains("boom"));
        assertFalse(echoed.contains("first"), "INFO is not echoed when the console level is WARN");
        assertTrue(reader.listeners.isEmpty(), "listener removed on deactivate");
    }

    private static LogFileWriter.Config config(String file, String level, String consoleLevel) {
        return (LogFileWriter.Config) Proxy.newProxyInstance(LogFileWriterTest.class.getClassLoader(),
                new Class<?>[] {LogFileWriter.Config.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "file" -> file;
                    case "level" -> level;
                    case "consoleLevel" -> consoleLevel;
                    case "annotationType" -> LogFileWriter.Config.class;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static LogEntry entry(LogLevel level, String message) {
        return entry(level, message, "LogService.io.motenet.test");
    }

    private static LogEntry entry(LogLevel level, String message, String logger) {
        Bundle bundle = (Bundle) Proxy.newProxyInstance(LogFileWriterTest.class.getClassLoader(),
                new Class<?>[] {Bundle.class}, (p, m, a) -> m.getName().equals("getSymbolicName") ? "io.motenet.test" : null);
        return (LogEntry) Proxy.newProxyInstance(LogFileWriterTest.class.getClassLoader(),
                new Class<?>[] {LogEntry.class}, (p, m, a) -> switch (m.getName()) {
                    case "getLogLevel" -> level;
                    case "getMessage" -> message;
                    case "getBundle" -> bundle;
                    case "getTime" -> 0L;
                    case "getLoggerName" -> logger;
                    default -> null;
                });
    }

    private static final class FakeReader implements LogReaderService {
        final List<LogEntry> history = new ArrayList<>();
        final List<LogListener> listeners = new ArrayList<>();

        @Override public void addLogListener(LogListener listener) { listeners.add(listener); }
        @Override public void removeLogListener(LogListener listener) { listeners.remove(listener); }
        @Override public Enumeration<LogEntry> getLog() { return Collections.enumeration(history); }
    }

}
