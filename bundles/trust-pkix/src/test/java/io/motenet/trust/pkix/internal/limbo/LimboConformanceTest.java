package io.motenet.trust.pkix.internal.limbo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Runs the x509-limbo harness over a copy of the shared limbo cases with the expectations removed,
 * then scores it: no chain that should be refused may be accepted, at least 125 of 133 must be right,
 * and every case in {@code limbo-passing.txt} must still pass.
 */
class LimboConformanceTest {
    private static final int MIN_CORRECT = 125;

    @Test
    void harnessOnStrippedCases() throws IOException {
        Path limbo = limboFile();
        ObjectMapper json = new ObjectMapper();
        JsonNode original = json.readTree(limbo.toFile());
        Map<String, String> expected = new HashMap<>();
        JsonNode stripped = original.deepCopy();
        for (JsonNode c : stripped.path("testcases")) {
            expected.put(c.path("id").asText(), c.path("expected_result").asText());
            ((ObjectNode) c).remove(List.of("expected_result", "description", "conflicts_with"));
        }
        assertEquals(133, expected.size(), "limbo.json should hold 133 cases");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        LimboHarness.run(new ByteArrayInputStream(json.writeValueAsBytes(stripped)), out,
                new PrintStream(log, true, StandardCharsets.UTF_8), Duration.ofSeconds(1), true);
        System.out.print(log.toString(StandardCharsets.UTF_8));

        JsonNode results = json.readTree(out.toByteArray()).path("results");
        assertEquals(expected.size(), results.size(), "one result per case");
        List<String> falseAccepts = new ArrayList<>();
        Set<String> correct = new TreeSet<>();
        for (JsonNode r : results) {
            String id = r.path("id").asText();
            String actual = r.path("actual_result").asText();
            if (actual.equals(expected.get(id))) {
                correct.add(id);
            } else if (actual.equals("SUCCESS")) {
                falseAccepts.add(id + " (" + r.path("context").asText() + ")");
            } else {
                System.out.println("limbo: " + id + " expected " + expected.get(id) + ", got " + actual + ": " + r.path("context").asText());
            }
        }
        assertTrue(falseAccepts.isEmpty(), "accepted chains that must be refused: " + falseAccepts);
        assertTrue(log.toString(StandardCharsets.UTF_8).indexOf("over the time limit") < 0, "a case ran over 1 s: " + log);
        Set<String> regressed = new TreeSet<>(passingList());
        regressed.removeAll(correct);
        assertTrue(regressed.isEmpty(), "cases that used to pass and no longer do: " + regressed);
        assertTrue(correct.size() >= MIN_CORRECT, correct.size() + " of 133 correct, at least " + MIN_CORRECT + " required");
        System.out.println("limbo: " + correct.size() + " of " + expected.size() + " correct, no false accept");
    }

    private static Set<String> passingList() throws IOException {
        Set<String> ids = new TreeSet<>();
        try (InputStream in = LimboConformanceTest.class.getResourceAsStream("/limbo-passing.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                line = line.strip();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    ids.add(line);
                }
            }
        }
        return ids;
    }

    /** The shared limbo cases: CI lays shared/ beside the clone. */
    private static Path limboFile() {
        String prop = System.getProperty("motenet.limbo");
        Path p = prop != null ? Path.of(prop) : Path.of("../../../shared/testdata/x509-limbo/limbo.json");
        if (!Files.isReadable(p)) {
            fail("x509-limbo cases not found at " + p.toAbsolutePath().normalize()
                    + ": the build expects shared/testdata/x509-limbo/limbo.json beside the repository clone"
                    + " (set -Dmotenet.limbo=PATH to point elsewhere)");
        }
        return p;
    }
}
