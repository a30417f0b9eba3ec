package dev.linf.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linf.Target;
import dev.linf.Upscaler;
import dev.linf.weights.DefaultModel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The linf-spark job in local mode ({@code local[2]}): outputs bit-identical to {@code linf
 * upscale}'s (the library's file call, which the CLI makes), a corrupt file among good ones
 * listed with exit 3 and nothing else in the output folder, and a rerun that skips finished outputs.
 */
class SparkUpscaleJobTest {
    @TempDir
    Path dir;

    private static BufferedImage noise(int w, int h, int type, long seed) {
        BufferedImage img = new BufferedImage(w, h, type);
        Random r = new Random(seed);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, r.nextInt());
            }
        }
        return img;
    }

    private int job(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SparkUpscaleJob.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        lastErr = err.toString(StandardCharsets.UTF_8);
        lastOut = out.toString(StandardCharsets.UTF_8);
        return code;
    }

    private String lastErr;
    private String lastOut;

    @Test
    void aFolderWithACorruptFileGivesTheCliOutputsAndExit3ThenResumes() throws IOException {
        Path in = Files.createDirectories(dir.resolve("in"));
        ImageIO.write(noise(23, 17, BufferedImage.TYPE_INT_RGB, 1), "png", in.resolve("a.png").toFile());
        ImageIO.write(noise(19, 13, BufferedImage.TYPE_INT_ARGB, 2), "png", in.resolve("b.png").toFile());
        ImageIO.write(noise(16, 12, BufferedImage.TYPE_INT_RGB, 3), "jpg", in.resolve("c.JPG").toFile());
        Files.write(in.resolve("corrupt.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        Files.writeString(in.resolve("notes.txt"), "not an image");
        Path out = dir.resolve("out");

        assertEquals(3, job("upscale", in.toString(), "-o", out.toString(), "--scale", "2", "-t", "0.5", "--seed", "3",
                "--master", "local[2]", "--quiet"), lastErr);
        assertTrue(lastErr.contains("1 of 4 inputs failed") && lastErr.contains("corrupt.png"), lastErr);
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(java.util.List.of("a.png", "b.png", "c.JPG"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "nothing else in the output folder");
        }
        Upscaler cli = Upscaler.builder().model(DefaultModel.get().orElseThrow()).temperature(0.5f).seed(3).build();
        for (String name : new String[] {"a.png", "b.png", "c.JPG"}) {
            Path expected = dir.resolve("cli-" + name);
            cli.upscale(in.resolve(name), expected, Target.scale(2));
            assertArrayEquals(Files.readAllBytes(expected), Files.readAllBytes(out.resolve(name)), name);
        }

        // A rerun skips what is there (resumable); --overwrite replaces it.
        FileTime before = Files.getLastModifiedTime(out.resolve("a.png"));
        Files.delete(out.resolve("b.png"));
        assertEquals(3, job("upscale", in.toString(), "-o", out.toString(), "--scale", "2", "-t", "0.5", "--seed", "3",
                "--master", "local[2]", "--quiet"), lastErr);
        assertTrue(lastOut.contains("1 upscaled, 2 already there (skipped), 1 failed"), lastOut);
        assertEquals(before, Files.getLastModifiedTime(out.resolve("a.png")));
        assertTrue(Files.exists(out.resolve("b.png")));
        assertEquals(0, job("upscale", in.resolve("a.png").toString(), "-o", out.toString(), "--scale", "2", "-t", "0.5",
                "--seed", "3", "--master", "local[2]", "--quiet", "--overwrite"), lastErr);
        assertTrue(lastOut.contains("1 upscaled, 0 already there"), lastOut);
    }

    @Test
    void badArgumentsAndWeightsEndWithTheirExitCodes() throws IOException {
        assertEquals(2, job("upscale", "x.png"));
        assertEquals(2, job("resize", "x.png", "-o", "out"));
        assertEquals(2, job("upscale", "x.png", "-o", dir.toString(), "--scale", "abc"));
        Path bad = Files.writeString(dir.resolve("w.pth"), "not weights");
        assertEquals(4, job("upscale", "x.png", "-o", dir.toString(), "--weights", bad.toString()));
        assertTrue(lastErr.contains("w.pth"), lastErr);
        assertEquals(3, job("upscale", dir.resolve("missing.png").toString(), "-o", dir.resolve("o").toString()));
    }
}
