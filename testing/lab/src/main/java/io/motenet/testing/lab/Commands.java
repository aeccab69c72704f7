package io.motenet.testing.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a Linux command line and returns its output; a non-zero exit is an error that shows the output. */
public final class Commands {
    private Commands() {
    }

    /** The result of one command. */
    public record Result(int exitCode, String output) {
    }

    /** Runs the command (stdout and stderr merged), waiting at most 30 s. */
    public static Result exec(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", command));
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
    }

    /** Runs the command and returns its output, failing unless it exits with 0. */
    public static String run(String... command) {
        Result r = exec(List.of(command));
        if (r.exitCode() != 0) {
            throw new IllegalStateException("`" + String.join(" ", command) + "` exited with " + r.exitCode() + ": " + r.output().strip());
        }
        return r.output();
    }
}
