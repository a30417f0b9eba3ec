package dev.linf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demonstration as a test: a 1000x750 photo-like image upscaled to 4000x3000 by the
 * CLI with the default model in a JVM limited to 256 MB of heap. Slow (about a minute on 2 cores),
 * so only with {@code -Dlinf.slow=true}:
 * {@code ./mvnw25 test -pl linf-cli -Dtest=LargeImageSmallHeapTest -Dlinf.slow=true}.
 */
@EnabledIfSystemProperty(named = "linf.slow", matches = "true")
class LargeImageSmallHeapTest {

    @TempDir
    Path dir;

    @Test
    void fourThousandByThreeThousandUnder256MegabytesOfHeap() throws IOException, InterruptedException {
        BufferedImage img = new BufferedImage(1000, 750, BufferedImage.TYPE_INT_RGB);
        java.util.Random r = new java.util.Random(4);
        for (int y = 0; y < 750; y++) {
            for (int x = 0; x < 1000; x++) {
                int v = (int) (127 + 60 * Math.sin(x / 17.0) * Math.cos(y / 23.0)) + r.nextInt(9);
                img.setRGB(x, y, v << 16 | (255 - v) << 8 | (v / 2 + 40));
            }
        }
        Path in = dir.resolve("in.png");
        ImageIO.write(img, "png", in.toFile());
        Path out = dir.resolve("out.png");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-Xmx256m", "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), LinfCli.class.getName(), "upscale", in.toString(), "-o",
                out.toString(), "--size", "4000x3000", "--quiet"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile()).start();
        assertTrue(p.waitFor(20, TimeUnit.MINUTES), "finished");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("log.txt")));
        BufferedImage result = ImageIO.read(out.toFile());
        assertEquals(4000, result.getWidth());
        assertEquals(3000, result.getHeight());
    }
}
