package dev.linf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every hostile file of the fuzzing corpus through {@code linf upscale} in a JVM with a 512 MB
 * heap, as an attacker would hand them over: weights end with exit 4, images and arrays with exit
 * 3 (or 0 for the few that are odd but valid, such as a top-down BMP), each with one line on
 * stderr, in under 5 s, and no output file for a failure; a FIFO as weights or input does not block.
 */
class HostileFilesCliTest extends CliTestBase {
    @TempDir
    Path dir;

    @Test
    void everyCorpusFileEndsWithItsExitCodeAndOneLine() throws IOException, InterruptedException {
        Path root = GOLDEN.getParent().getParent();
        Path image = dir.resolve("in.png");
        ImageIO.write(new BufferedImage(8, 6, BufferedImage.TYPE_INT_RGB), "png", image.toFile());
        Path out = dir.resolve("out.png");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-Xmx512m", "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), CorpusThroughCli.class.getName(),
                root.resolve("fuzz/corpus").toString(), image.toString(), out.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile()).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "finished");
        List<String> lines = Files.readAllLines(dir.resolve("log.txt")).stream()
                .filter(l -> l.split("\t").length >= 6).toList();
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("log.txt")));
        List<String> wrong = new ArrayList<>();
        for (String l : lines) {
            String[] f = l.split("\t", 6);
            boolean weights = f[0].equals("pth") || f[0].equals("safetensors");
            int code = Integer.parseInt(f[2]);
            boolean codeOk = weights ? code == 4 : code == 3 || code == 0 && !f[1].contains("bomb")
                    && !f[1].contains("claims") && !f[1].contains("nan");
            if (!codeOk || code != 0 && !f[3].equals("1") || Long.parseLong(f[4]) > 5000) {
                wrong.add(l);
            }
        }
        assertTrue(lines.size() >= 30, "the whole corpus ran: " + lines.size());
        assertTrue(wrong.isEmpty(), "reader, file, exit, stderr lines, ms, message:\n" + String.join("\n", wrong));
    }

    @Test
    void aFifoAsWeightsOrInputDoesNotBlock() throws IOException, InterruptedException {
        Path fifo = dir.resolve("fifo.pth");
        Process mk;
        try {
            mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (IOException noMkfifo) {
            return;
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(mk.waitFor() == 0);
        Path image = dir.resolve("in.png");
        ImageIO.write(new BufferedImage(8, 6, BufferedImage.TYPE_INT_RGB), "png", image.toFile());
        assertEquals(ExitCodes.MODEL, linf("upscale", image, "-o", dir.resolve("o.png"), "--weights", fifo, "--quiet"));
        assertTrue(err.contains("not a regular file"), err);
        assertEquals(1, err.strip().split("\n").length, err);
        assertEquals(ExitCodes.INPUT, linf("upscale", fifo, "-o", dir.resolve("o.png"), "--quiet"));
        assertTrue(err.contains("not a regular file"), err);
        assertTrue(Files.notExists(dir.resolve("o.png")));
    }

    @Test
    void aSwinIrInputTooLargeForTheHeapIsRefusedUpFront() throws IOException, InterruptedException {
        // SwinIR cannot be tiled: a 1000x1000 input in a 160 MB heap is refused naming the heap it needs.
        float[] data = new float[3 * 1000 * 1000];
        java.util.Arrays.fill(data, 0.5f);
        Path in = dir.resolve("big.npy");
        dev.linf.io.Npy.write(in, dev.linf.tensor.Tensor.of(data, 3, 1000, 1000));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(List.of(java.toString(), "-Xmx160m", "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), LinfCli.class.getName(), "upscale", in.toString(), "-o",
                dir.resolve("out.npy").toString(), "--weights", GOLDEN.resolve("swinir-small/checkpoint.pth").toString(),
                "--scale", "2", "--quiet")).redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile()).start();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "finished");
        String log = Files.readString(dir.resolve("log.txt")).lines()
                .filter(l -> !l.startsWith("WARNING: Using incubator")).reduce("", (a, b) -> a + b + "\n");
        assertEquals(ExitCodes.INPUT, p.exitValue(), log);
        assertTrue(log.contains("cannot be tiled exactly") && log.contains("MB of heap"), log);
        assertEquals(1, log.strip().split("\n").length, log);
        assertTrue(System.nanoTime() - t0 < 60_000_000_000L);
        assertTrue(Files.notExists(dir.resolve("out.npy")));
    }
}
