package io.motenet.runtime.assembly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AssemblerTest {

    @TempDir Path dir;

    @Test
    void laysOutTheClassicFelixFolders() throws IOException {
        Path repo = dir.resolve("repo");
        jar(repo, "org.apache.felix", "org.apache.felix.main", "7.0.5");
        jar(repo, "g", "first", "1.0");
        jar(repo, "g", "second", "2.0");
        jar(repo, "g", "driver", "0.1.0-SNAPSHOT");
        Path features = Files.createDirectories(dir.resolve("features"));
        Files.writeString(features.resolve("x.json"), """
                {"id":"x","bundles":["g:second","g:first"],"deploy":["g:driver"],
                 "configurations":{"io.motenet.tap~lab":{"mtu":1500}}}""");
        Path template = Files.createDirectories(dir.resolve("template/conf"));
        Files.writeString(template.resolve("config.properties"), "a=b\n");

        Path dist = new Assembler(new FeatureLoader(features), new ArtifactRepository(repo), dir.resolve("template"))
                .assemble("x", dir.resolve("out/x"));

        assertTrue(Files.isRegularFile(dist.resolve("bin/felix.jar")));
        assertEquals("a=b\n", Files.readString(dist.resolve("conf/config.properties")));
        assertEquals(List.of("000-second-2.0.jar", "001-first-1.0.jar"), list(dist.resolve("bundle")));
        assertEquals(List.of("driver-0.1.0-SNAPSHOT.jar"), list(dist.resolve("deploy")));
        assertEquals("mtu=L\"1500\"\n", Files.readString(dist.resolve("etc/io.motenet.tap-lab.config")));
        assertTrue(Files.isDirectory(dist.resolve("log")));
    }

    @Test
    void theConsoleStartsLast() {
        assertEquals(List.of("g:scr", "g:commands", Assembler.CONSOLE),
                Assembler.consoleLast(List.of("g:scr", Assembler.CONSOLE, "g:commands")));
        assertEquals(List.of("g:a", "g:b"), Assembler.consoleLast(List.of("g:a", "g:b")), "no console, no change");
    }

    @Test
    void aMissingArtifactSaysWhereToAddIt() throws IOException {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        IOException e = assertThrows(IOException.class, () -> new ArtifactRepository(repo).jar("g:nothing"));
        assertTrue(e.getMessage().contains("runtime/pom.xml"), e.getMessage());
        assertThrows(IOException.class, () -> new ArtifactRepository(repo).jar("no-colon"));
    }

    private static void jar(Path repo, String group, String artifact, String version) throws IOException {
        Path folder = Files.createDirectories(repo.resolve(group.replace('.', '/')).resolve(artifact).resolve(version));
        Files.write(folder.resolve(artifact + "-" + version + ".jar"), new byte[] {'P', 'K'});
    }

    private static List<String> list(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
