package io.motenet.testing.lab;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assumptions;

/** Reads a capture file with Debian's tshark and returns the fields asked for, one row per frame. */
public final class Tshark {
    private Tshark() {
    }

    /**
     * Runs {@code tshark -n -r FILE [-Y FILTER] -T fields -e F...}.
     *
     * @param displayFilter a Wireshark display filter, or null for every frame
     */
    public static List<List<String>> fields(Path file, String displayFilter, String... fields) {
        Assumptions.assumeFalse("skip".equals(System.getProperty("motenet.lab")), "motenet.lab=skip");
        if (!Files.isExecutable(Path.of("/usr/bin/tshark"))) {
            fail("tshark is missing: DEBIAN_FRONTEND=noninteractive apt-get install -y tshark (see tools/debian-packages.txt)");
        }
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/tshark", "-n", "-r", file.toString()));
        if (displayFilter != null) {
            cmd.addAll(List.of("-Y", displayFilter));
        }
        cmd.addAll(List.of("-T", "fields", "-E", "separator=|"));
        for (String f : fields) {
            cmd.add("-e");
            cmd.add(f);
        }
        Commands.Result r = Commands.exec(cmd);
        if (r.exitCode() != 0) {
            fail("tshark could not read " + file + ": " + r.output());
        }
        List<List<String>> rows = new ArrayList<>();
        for (String line : r.output().split("\n")) {
            if (line.isEmpty() || line.startsWith("Running as user")) {
                continue; // tshark's warning when run as root goes to stderr, merged here
            }
            rows.add(List.of(line.split("\\|", -1)));
        }
        return rows;
    }
}
