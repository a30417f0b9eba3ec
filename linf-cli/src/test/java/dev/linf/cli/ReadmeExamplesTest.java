package dev.linf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** README's Java snippets are those of {@link ReadmeExamples}, which compile and run. */
class ReadmeExamplesTest {
    private static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (!Files.isRegularFile(p.resolve("README.md"))) {
            p = p.getParent();
        }
        return p;
    }

    private static String squeeze(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }

    @Test
    void everyJavaBlockOfTheReadmeIsInTheCompiledExamples() throws IOException {
        String readme = Files.readString(root().resolve("README.md"));
        String examples = squeeze(Files.readString(root().resolve(
                "linf-cli/src/test/java/dev/linf/cli/ReadmeExamples.java")));
        Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(m.group(1));
        }
        int start = readme.indexOf("## Java API");
        int end = readme.indexOf("\n## ", start + 1);
        long inSection = blocks.stream().filter(b -> {
            int at = readme.indexOf(b);
            return at > start && at < end;
        }).count();
        assertEquals(4, inSection, "Java API section blocks");
        for (String b : blocks) {
            int at = readme.indexOf(b);
            if (at > start && at < end) {
                assertTrue(examples.contains(squeeze(b)), "README block not in ReadmeExamples:\n" + b);
            }
        }
    }

    @Test
    void theExamplesRun(@TempDir Path dir) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path weights = root().resolve("testdata/golden/edsr-baseline/checkpoint.pth");
        Process p = new ProcessBuilder(java.toString(), "--add-modules", "jdk.incubator.vector", "-Xmx1g", "-cp",
                System.getProperty("java.class.path"), ReadmeExamples.class.getName(), weights.toString())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile())
                .start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "examples still running after 2 minutes");
        String log = Files.readString(dir.resolve("log.txt"), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), log);
        assertTrue(log.contains("all README examples ran"), log);
        assertTrue(new File(dir.toFile(), "photo-x2.png").isFile());
    }
}
