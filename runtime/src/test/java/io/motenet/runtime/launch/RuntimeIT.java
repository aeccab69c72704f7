package io.motenet.runtime.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The assembled default distribution, run as its own process and driven through Gogo on stdin, as a person
 * (or CI, which has no terminal) would: every bundle ACTIVE, our commands answering, the log readable, and a
 * clean stop.
 */
class RuntimeIT {

    private static final Pattern LB_ROW = Pattern.compile("^\\s*(\\d+)\\|(\\w+)\\s*\\|\\s*(\\d+)\\|(.*)$");

    /** Commands piped in at once, as a script does, find their commands: the console starts after bundle/. */
    @Test
    void commandsSentBeforeStartupFindTheirCommands() throws Exception {
        Path dist = Path.of(System.getProperty("motenet.dist", "target/dist/default"));
        try (RuntimeProcess runtime = RuntimeProcess.start(dist, RuntimeProcess.currentJavaHome())) {
            String ifconfig = runtime.execute("net:ifconfig", Duration.ofSeconds(60)); // sent before anything started
            assertFalse(ifconfig.contains("CommandNotFound"), "the first command, sent at once:\n" + runtime.transcript());
            String status = runtime.execute("motenet:status", Duration.ofSeconds(10));
            assertTrue(status.startsWith("motenet bundles: "), status);
            assertEquals(0, runtime.stop(Duration.ofSeconds(30)), "clean exit:\n" + runtime.transcript());
        }
    }

    @Test
    void startsEveryBundleAnswersAndStopsCleanly() throws Exception {
        Path dist = Path.of(System.getProperty("motenet.dist", "target/dist/default"));
        try (RuntimeProcess runtime = RuntimeProcess.start(dist, RuntimeProcess.currentJavaHome())) {
            Duration startup = runtime.awaitCommand("motenet:status", Duration.ofSeconds(60));
            System.out.printf("[motenet] runtime startup: JVM start to 'motenet:status' answering in %d ms%n",
                    startup.toMillis());

            String status = runtime.execute("motenet:status", Duration.ofSeconds(10));
            assertTrue(status.startsWith("motenet bundles: "), status);

            // Gogo answers as soon as its bundle starts; the framework may still be starting later
            // bundles (the system bundle shows "Starting" until the start level is reached)
            String lb = runtime.execute("lb", Duration.ofSeconds(10));
            for (long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    lb.contains("|Starting") && System.nanoTime() < end; ) {
                Thread.sleep(100);
                lb = runtime.execute("lb", Duration.ofSeconds(10));
            }
            List<String> rows = lb.lines().filter(l -> LB_ROW.matcher(l).matches()).toList();
            int jars;
            try (var files = Files.list(dist.resolve("bundle"))) {
                jars = (int) files.count();
            }
            try (var files = Files.list(dist.resolve("deploy"))) {
                jars += (int) files.count();
            }
            assertEquals(jars + 1, rows.size(), "every jar plus the system bundle is listed:\n" + lb);
            for (String row : rows) {
                Matcher m = LB_ROW.matcher(row);
                assertTrue(m.matches());
                assertEquals("Active", m.group(2), "bundle not active: " + row);
            }

            String scr = runtime.execute("scr:list", Duration.ofSeconds(10));
            assertTrue(scr.contains("io.motenet.shell.internal.StatusCommand"), scr);
            assertFalse(scr.contains("UNSATISFIED"), "every component satisfied:\n" + scr);

            assertEquals(0, runtime.stop(Duration.ofSeconds(30)), "clean exit:\n" + runtime.transcript());
        }
        String log = Files.readString(dist.resolve("log/motenet.log"));
        assertTrue(log.lines().anyMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\w+ +\\[.*")),
                "log/motenet.log has readable lines:\n" + log);
    }
}
