package io.motenet.link.internal.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Debian's tshark on a capture file and returns its field output, one list per frame. */
final class Tshark {
    private Tshark() {
    }

    static List<List<String>> fields(Path file, String... fields) throws IOException, InterruptedException {
        assumeFalse("skip".equals(System.getProperty("motenet.lab")), "motenet.lab=skip: tests that need Linux peers are skipped");
        if (!Files.isExecutable(Path.of("/usr/bin/tshark"))) {
            fail("tshark is missing: install it with `DEBIAN_FRONTEND=noninteractive apt-get install -y tshark` "
                    + "(listed in tools/debian-packages.txt), or run with -Dmotenet.lab=skip");
        }
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/tshark", "-n", "-r", file.toString(), "-T", "fields", "-E", "separator=|"));
        for (String f : fields) {
            cmd.add("-e");
            cmd.add(f);
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("tshark did not finish reading " + file);
        }
        assertEquals(0, p.exitValue(), "tshark -r " + file + " failed: " + err);
        List<List<String>> rows = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isEmpty()) {
                rows.add(List.of(line.split("\\|", -1)));
            }
        }
        return rows;
    }
}
