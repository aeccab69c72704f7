package io.motenet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class BenchReportTest {

    @Test
    void lastLineIsOneJsonObjectWithConditionsAndFigures() throws Exception {
        String out = new BenchReport("demo", List.of("what", "value"))
                .condition("runs", 3).row("x", 1.5).figure("ratio", 0.75).render();
        String[] lines = out.strip().split("\n");
        JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
        assertEquals("demo", json.get("benchmark").asText());
        assertEquals(3, json.get("conditions").get("runs").asInt());
        assertTrue(json.get("conditions").has("jdk"));
        assertEquals(0.75, json.get("ratio").asDouble());
        assertTrue(out.contains("\nwhat  value\nx       1.5\n"), "aligned table:\n" + out);
    }

    @Test
    void statsAndOptions() {
        Stats s = Stats.of(new double[] {5, 1, 3, 2});
        assertEquals(1, s.min());
        assertEquals(2.5, s.median());
        assertEquals(5, s.max());
        BenchOptions o = new BenchOptions(new String[] {"--runs", "4", "--mtu=1500", "--batch"});
        assertEquals(4, o.integer("runs", 1));
        assertEquals(1500, o.integer("mtu", 0));
        assertTrue(o.has("batch"));
        assertThrows(IllegalArgumentException.class, () -> new BenchOptions(new String[] {"oops"}));
        assertThrows(IllegalArgumentException.class, () -> new BenchOptions(new String[] {"--runs", "x"}).integer("runs", 1));
    }
}
