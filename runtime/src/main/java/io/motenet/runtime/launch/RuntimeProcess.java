package io.motenet.runtime.launch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An assembled motenet distribution running as its own JVM, driven through the Gogo shell on its stdin — the
 * way a person uses it, and the way CI (which has no terminal) can. Each command is followed by an {@code echo}
 * of a unique marker, so the output of one command is everything printed before its marker.
 */
public final class RuntimeProcess implements AutoCloseable {

    private static final String COMMAND_NOT_FOUND = "CommandNotFoundException";

    private final Process process;
    private final OutputStream stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> transcript = new ArrayList<>();
    private final long startNanos;
    private int markers;

    private RuntimeProcess(Process process, long startNanos) {
        this.process = process;
        this.stdin = process.getOutputStream();
        this.startNanos = startNanos;
        Thread.ofPlatform().daemon().name("motenet-runtime-stdout").start(this::pump);
    }

    /** Starts {@code java -jar bin/felix.jar} in the distribution's folder with the given JDK. */
    public static RuntimeProcess start(Path distribution, Path javaHome) throws IOException {
        Path felix = distribution.resolve("bin/felix.jar");
        if (!Files.isRegularFile(felix)) {
            throw new IOException("no assembled runtime at " + distribution + " (missing bin/felix.jar): build it first");
        }
        List<String> command = List.of(javaHome.resolve("bin/java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", // Felix 7.0.5's SecureAction; harmless, but noisy
                "-jar", "bin/felix.jar");
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command)
                .directory(distribution.toFile())
                .redirectErrorStream(true)
                .start();
        return new RuntimeProcess(process, start);
    }

    /** The JDK running this JVM: tests and benchmarks start the runtime with the same one. */
    public static Path currentJavaHome() {
        return Path.of(System.getProperty("java.home"));
    }

    /**
     * Sends the command until the shell answers it with something other than "command not found" (bundles start
     * asynchronously), and returns the time from process start to that answer.
     */
    public Duration awaitCommand(String command, Duration timeout) throws IOException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String answer = execute(command, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (!answer.contains(COMMAND_NOT_FOUND)) {
                return Duration.ofNanos(System.nanoTime() - startNanos);
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("'" + command + "' was not found within " + timeout + "; output:\n" + transcript());
            }
            sleep(20);
        }
    }

    /** Runs one Gogo command and returns what it printed. */
    public String execute(String command, Duration timeout) throws IOException, TimeoutException {
        String marker = "__motenet_done_" + (++markers) + "__";
        send(command + "\necho " + marker);
        StringBuilder output = new StringBuilder();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line;
            try {
                line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for '" + command + "'", e);
            }
            if (line == null) {
                throw new TimeoutException("no answer to '" + command + "' within " + timeout + "; output so far:\n"
                        + transcript());
            }
            int at = line.indexOf(marker);
            if (at >= 0) {
                output.append(stripPrompt(line.substring(0, at)));
                return output.toString().strip();
            }
            output.append(stripPrompt(line)).append('\n');
        }
    }

    /** Stops the framework through the shell and waits for the JVM to exit; returns its exit code. */
    public int stop(Duration timeout) throws IOException, InterruptedException {
        if (process.isAlive()) {
            try {
                send("stop 0");
                stdin.close();
            } catch (IOException e) {
                // the process is already going away; waitFor below tells
            }
        }
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IOException("the runtime did not stop within " + timeout + "; output:\n" + transcript());
        }
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the runtime printed so far. */
    public synchronized String transcript() {
        return String.join("\n", transcript);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                stop(Duration.ofSeconds(10));
            } catch (IOException | InterruptedException e) {
                process.destroyForcibly();
            }
        }
    }

    private void send(String text) throws IOException {
        stdin.write((text + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    private void pump() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (this) {
                    transcript.add(line);
                }
                lines.add(line);
            }
        } catch (IOException e) {
            // the process ended; the waiting side times out or sees the exit
        }
    }

    private static String stripPrompt(String line) {
        String s = line;
        while (s.startsWith("g! ")) {
            s = s.substring(3);
        }
        return s;
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
