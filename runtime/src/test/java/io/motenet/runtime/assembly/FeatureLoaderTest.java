package io.motenet.runtime.assembly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureLoaderTest {

    @TempDir Path dir;

    @Test
    void includesComeFirstAndLaterConfigurationsWin() throws IOException {
        write("base", """
                {"id":"base","bundles":["g:scr","g:cm"],"configurations":{"p":{"a":"1","b":"base"}}}""");
        write("lab", """
                {"id":"lab","includes":["base"],"bundles":["g:api","g:scr"],"deploy":["g:tap","g:api"],
                 "configurations":{"p":{"b":"lab"},"q~x":{"n":5}}}""");

        Feature lab = new FeatureLoader(dir).resolve("lab");

        assertEquals(List.of("g:scr", "g:cm", "g:api"), lab.bundles(), "include order, no duplicates");
        assertEquals(List.of("g:tap"), lab.deploy(), "a started bundle is not deployed twice");
        assertEquals(Map.of("a", "1", "b", "lab"), lab.configurations().get("p"));
        assertEquals(5, lab.configurations().get("q~x").get("n"));
        assertEquals(List.of("base", "lab"), new FeatureLoader(dir).names());
    }

    @Test
    void cyclesAreRefusedWithThePath() throws IOException {
        write("a", """
                {"id":"a","includes":["b"]}""");
        write("b", """
                {"id":"b","includes":["a"]}""");
        IOException e = assertThrows(IOException.class, () -> new FeatureLoader(dir).resolve("a"));
        assertTrue(e.getMessage().contains("a -> b -> a"), e.getMessage());
    }

    @Test
    void unknownKeysAndWrongIdsAreRefused() throws IOException {
        write("typo", """
                {"id":"typo","bundle":["g:a"]}""");
        write("named", """
                {"id":"other"}""");
        assertTrue(assertThrows(IOException.class, () -> new FeatureLoader(dir).resolve("typo"))
                .getMessage().contains("not valid"));
        assertTrue(assertThrows(IOException.class, () -> new FeatureLoader(dir).resolve("named"))
                .getMessage().contains("must equal the file name"));
        assertTrue(assertThrows(IOException.class, () -> new FeatureLoader(dir).resolve("missing"))
                .getMessage().contains("not found"));
    }

    @Test
    void theProjectsOwnFeaturesAreValid() throws IOException {
        Path features = Path.of(System.getProperty("user.dir")).resolve("../features").normalize();
        FeatureLoader loader = new FeatureLoader(features);
        assertTrue(loader.names().contains("default"), "features/default.json exists");
        for (String name : loader.names()) {
            assertTrue(!loader.resolve(name).bundles().isEmpty() || name.equals("empty"), name);
        }
    }

    private void write(String name, String json) throws IOException {
        Files.writeString(dir.resolve(name + ".json"), json);
    }
}
