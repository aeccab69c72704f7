package io.motenet.log.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Writes every OSGi log entry at or above a level to a file, one readable line each, and echoes
 * warnings and errors to the console so that a person at the shell sees them.
 */
@Component(service = {}, configurationPid = "io.motenet.log")
@Designate(ocd = LogFileWriter.Config.class)
public final class LogFileWriter implements LogListener {

    @ObjectClassDefinition(name = "motenet log writer", description = "Where the runtime's log goes.")
    @interface Config {
        @AttributeDefinition(description = "Log file, relative to the runtime's folder.")
        String file() default "log/motenet.log";

        @AttributeDefinition(description = "Lowest level written to the file: ERROR, WARN, INFO, DEBUG or TRACE.")
        String level() default "INFO";

        @AttributeDefinition(description = "Lowest level also echoed to the console (stderr).")
        String consoleLevel() default "WARN";
    }

    private final LogReaderService reader;
    private final LogLevel fileLevel;
    private final LogLevel consoleLevel;
    private final PrintWriter out;
    private final PrintStream console;

    @Activate
    public LogFileWriter(Config config, @Reference LogReaderService reader) throws IOException {
        this(config, reader, System.err);
    }

    LogFileWriter(Config config, LogReaderService reader, PrintStream console) throws IOException {
        this.reader = reader;
        this.fileLevel = LogLevel.valueOf(config.level().trim().toUpperCase());
        this.consoleLevel = LogLevel.valueOf(config.consoleLevel().trim().toUpperCase());
        this.console = console;
        Path file = Path.of(config.file());
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        this.out = new PrintWriter(writer, true);
        replayHistory();
        reader.addLogListener(this);
    }

    /** Entries logged before this component started (the framework's start-up) are kept by the log service. */
    private void replayHistory() {
        Enumeration<LogEntry> history = reader.getLog();
        List<LogEntry> entries = new ArrayList<>(Collections.list(history));
        Collections.reverse(entries); // getLog() is newest first
        entries.forEach(this::write);
    }

    @Override
    public void logged(LogEntry entry) {
        write(entry);
    }

    private synchronized void write(LogEntry entry) {
        // LogLevel.implies: a configured INFO implies ERROR, WARN and INFO entries.
        LogLevel level = LogLineFormat.effectiveLevel(entry);
        String line = LogLineFormat.format(entry);
        if (fileLevel.implies(level)) {
            out.println(line);
        }
        if (consoleLevel.implies(level)) {
            console.println(line);
        }
    }

    @Deactivate
    void deactivate() {
        reader.removeLogListener(this);
        synchronized (this) {
            out.close();
        }
    }
}
